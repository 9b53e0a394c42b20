package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    @Test
    void canonicalUuidsRoundTripInEitherCase() {
        for (int i = 0; i < 1000; i++) {
            UUID uuid = UUID.randomUUID();
            assertThat(UserId.parse(uuid.toString()).value()).isEqualTo(uuid);
            assertThat(SessionId.parse(uuid.toString().toUpperCase(java.util.Locale.ROOT)).value()).isEqualTo(uuid);
        }
        assertThat(UserId.parse("ffffffff-ffff-ffff-ffff-ffffffffffff").value()).isEqualTo(new UUID(-1L, -1L));
        assertThat(UserId.parse("00000000-0000-0000-0000-000000000000").value()).isEqualTo(new UUID(0L, 0L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-1-1-1-1", "6b1c3f0e-4a2b-4c3d-8e9f-0a1b2c3d4e5", "6b1c3f0e-4a2b-4c3d-8e9f-0a1b2c3d4e5f0",
        "6b1c3f0e4a2b-4c3d-8e9f-0a1b2c3d4e5f0", "6b1c3f0g-4a2b-4c3d-8e9f-0a1b2c3d4e5f", "6b1c3f0e-4a2b-4c3d-8e9f-0a1b2c3d4e5ｆ",
        "+b1c3f0e-4a2b-4c3d-8e9f-0a1b2c3d4e5f", "admin"})
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> UserId.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> UserId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
