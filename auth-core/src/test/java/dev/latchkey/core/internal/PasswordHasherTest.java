package dev.latchkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4, new SecureRandom());

    @Test
    void hashesAre2bAtTheConfiguredCostAndSalted() {
        String a = hasher.hash("testpassword123");
        String b = hasher.hash("testpassword123");

        assertThat(a).startsWith("$2b$04$").hasSize(60);
        assertThat(a).isNotEqualTo(b);
        assertThat(hasher.verify("testpassword123", a)).isTrue();
        assertThat(hasher.verify("testpassword124", a)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        // OpenBSD test vector, in 2a and 2b spellings.
        "U*U, $2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "U*U, $2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        // PHP's password_hash documentation example.
        "rasmuslerdorf, $2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a",
    })
    void hashesWrittenByOtherBcryptImplementationsVerify(String password, String hash) {
        assertThat(hasher.verify(password, hash)).isTrue();
        assertThat(hasher.verify(password + "x", hash)).isFalse();
    }

    @Test
    void koreanPasswordsWork() {
        String hash = hasher.hash("비밀번호는안전하게");
        assertThat(hasher.verify("비밀번호는안전하게", hash)).isTrue();
        assertThat(hasher.verify("비밀번호는안전하게!", hash)).isFalse();
    }

    @Test
    void twoPasswordsSharingTheirFirst72BytesDoNotBothVerify() {
        String prefix = "가".repeat(24); // exactly 72 UTF-8 bytes
        assertThat(prefix.getBytes(StandardCharsets.UTF_8)).hasSize(72);
        String hash = hasher.hash(prefix + "first");

        assertThat(hasher.verify(prefix + "first", hash)).isTrue();
        assertThat(hasher.verify(prefix + "other", hash)).isFalse();
        assertThat(hasher.verify(prefix, hash)).isFalse();
    }

    @Test
    void aPasswordOfExactly72BytesIsStandardBcryptAndNotConfusedWithALongerOne() {
        String exact = "a".repeat(72);
        String hash = hasher.hash(exact);

        assertThat(hasher.verify(exact, hash)).isTrue();
        assertThat(hasher.verify(exact + "b", hash)).isFalse();
        assertThat(hasher.verify("a".repeat(71), hash)).isFalse();
    }

    @Test
    void aMalformedHashVerifiesNothingAndThrowsNothing() {
        assertThat(hasher.verify("anything", "not a bcrypt hash")).isFalse();
        assertThat(hasher.verify("anything", "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
        assertThat(hasher.verify(null, hasher.hash("x".repeat(8)))).isFalse();
        assertThat(hasher.verify("x", null)).isFalse();
    }

    @Test
    void theDummyVerificationAcceptsAnyPasswordIncludingVeryLongOnes() {
        hasher.verifyDummy("short");
        hasher.verifyDummy("긴".repeat(10_000));
        hasher.verifyDummy(null);
    }

    @Test
    void hashesBelowTheConfiguredCostNeedRehashing() {
        PasswordHasher stronger = new PasswordHasher(5, new SecureRandom());
        assertThat(stronger.needsRehash(hasher.hash("testpassword123"))).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("testpassword123"))).isFalse();
        assertThat(hasher.needsRehash("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a")).isFalse();
    }
}
