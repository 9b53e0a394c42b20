package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void eightToOneHundredTwentyEightCharactersAreAccepted() {
        assertThat(PasswordPolicy.problem("12345678")).isEmpty();
        assertThat(PasswordPolicy.problem("x".repeat(128))).isEmpty();
        assertThat(PasswordPolicy.problem("1234567")).isPresent();
        assertThat(PasswordPolicy.problem("x".repeat(129))).isPresent();
    }

    @Test
    void lengthCountsCharactersNotBytesOrUtf16Units() {
        assertThat(PasswordPolicy.problem("한국어비밀번호다")).as("8 Korean syllables, 24 bytes").isEmpty();
        assertThat(PasswordPolicy.problem("😀".repeat(8))).as("8 emoji, 16 UTF-16 units").isEmpty();
        assertThat(PasswordPolicy.problem("😀".repeat(65))).as("65 emoji, 130 UTF-16 units").isEmpty();
        assertThat(PasswordPolicy.problem("😀".repeat(129))).isPresent();
    }

    @Test
    void spacesAndSymbolsAreAllowedAndNoCompositionRulesApply() {
        assertThat(PasswordPolicy.problem("correct horse battery staple")).isEmpty();
        assertThat(PasswordPolicy.problem("aaaaaaaa")).isEmpty();
    }

    @Test
    void theNulCharacterIsRefused() {
        assertThat(PasswordPolicy.problem("password\0suffix")).hasValueSatisfying(m -> assertThat(m).contains("NUL"));
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        assertThat(PasswordPolicy.problem("password\uD800x")).isPresent();
        assertThat(PasswordPolicy.problem("password\uDC00x")).isPresent();
    }

    @Test
    void anEmptyOrMissingPasswordIsRefused() {
        assertThat(PasswordPolicy.problem("")).isPresent();
        assertThat(PasswordPolicy.problem(null)).isPresent();
    }
}
