package dev.latchkey.migrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpRowTest {

    private final DumpRow row = new DumpRow(List.of("id", "updated_at", "Email"),
            Arrays.asList("u1", null, "a@b.c"), 7);

    @Test
    void getIgnoresCaseAndIsEmptyForNullAndMissingColumns() {
        assertThat(row.get("ID")).contains("u1");
        assertThat(row.get("email")).contains("a@b.c");
        assertThat(row.get("updated_at")).isEmpty();
        assertThat(row.get("phone_number")).isEmpty();
    }

    @Test
    void hasAndIsNullTellNullFromMissing() {
        assertThat(row.has("UPDATED_AT")).isTrue();
        assertThat(row.isNull("updated_at")).isTrue();
        assertThat(row.isNull("id")).isFalse();
        assertThat(row.has("phone_number")).isFalse();
        assertThatThrownBy(() -> row.isNull("phone_number"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phone_number");
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<String> values = new ArrayList<>(Arrays.asList("x", null));
        DumpRow copy = new DumpRow(List.of("a", "b"), values, 1);
        values.set(0, "changed");

        assertThat(copy.values()).containsExactly("x", null);
        assertThatThrownBy(() -> copy.values().set(0, "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy.line()).isEqualTo(1);
    }

    @Test
    void sizesMustMatch() {
        assertThatThrownBy(() -> new DumpRow(List.of("a"), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
