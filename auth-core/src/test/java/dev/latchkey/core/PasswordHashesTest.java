package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.testing.LegacyVectors;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    private final PasswordHasher hasher = new PasswordHasher(4, new SecureRandom());

    @Test
    void hashesLatchkeyCanCheckAreVerifiable() {
        assertThat(PasswordHashes.verifiable(hasher.hash("testpassword123"))).isTrue();
        assertThat(PasswordHashes.verifiable(LegacyVectors.BCRYPT_OF_LONG_KOREAN)).isTrue();
        assertThat(PasswordHashes.verifiable(LegacyVectors.BCRYPT_OF_LONG_KOREAN.replace("$2b$", "$2y$"))).isTrue();
        LegacyVectors.cheap().forEach(v -> assertThat(PasswordHashes.verifiable(v.hash())).as(v.toString()).isTrue());
    }

    @Test
    void otherHashesAreNotAndNothingThrows() {
        assertThat(PasswordHashes.verifiable(null)).isFalse();
        assertThat(PasswordHashes.verifiable("")).isFalse();
        assertThat(PasswordHashes.verifiable("5f4dcc3b5aa765d61d8327deb882cf99")).isFalse();
        assertThat(PasswordHashes.verifiable("$1$salt$hash")).isFalse();
        assertThat(PasswordHashes.verifiable("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
        assertThat(PasswordHashes.verifiable("$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
        assertThat(PasswordHashes.verifiable("$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe")).isFalse();
        assertThat(PasswordHashes.verifiable("$argon2id$v=19$m=65536,t=2,p=1$broken")).isFalse();
    }

    @Test
    void aBcryptHashCostingMoreThan16IsNotVerifiable() {
        assertThat(PasswordHashes.verifiable("$2b$16$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isTrue();
        assertThat(PasswordHashes.verifiable("$2b$17$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
        assertThat(PasswordHashes.verifiable("$2y$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
    }
}
