package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesAreNotStorable() {
        assertThat(StorableText.isStorable(null)).isTrue();
        assertThat(StorableText.isStorable("김철수 😀")).isTrue();
        assertThat(StorableText.isStorable("a\0b")).isFalse();
        assertThat(StorableText.isStorable("a\uD83D")).isFalse();
        assertThat(StorableText.isStorable("\uDE00a")).isFalse();
    }

    @Test
    void replacingKeepsPairsAndReplacesTheRest() {
        assertThat(StorableText.replaceUnstorable(null)).isNull();
        assertThat(StorableText.replaceUnstorable("ok 😀")).isEqualTo("ok 😀");
        assertThat(StorableText.replaceUnstorable("a\0b\uD83Dc")).isEqualTo("a\uFFFDb\uFFFDc");
    }
}
