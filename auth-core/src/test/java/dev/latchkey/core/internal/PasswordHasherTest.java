package dev.latchkey.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.core.testing.Fixtures;
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
    void theDummyCheckAcceptsAnyPasswordIncludingVeryLongOnes() {
        hasher.checkDummy("short");
        hasher.checkDummy("긴".repeat(10_000));
        hasher.checkDummy(null);
    }

    @Test
    void hashesBelowTheConfiguredCostMatchAsOutdated() {
        PasswordHasher stronger = new PasswordHasher(5, new SecureRandom());
        assertThat(stronger.check("testpassword123", hasher.hash("testpassword123")))
                .isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(stronger.check("testpassword123", stronger.hash("testpassword123")))
                .isEqualTo(PasswordHasher.Check.MATCH);
        assertThat(hasher.check("rasmuslerdorf", "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
                .isEqualTo(PasswordHasher.Check.MATCH);
        assertThat(stronger.check("wrong-password", hasher.hash("testpassword123")))
                .isEqualTo(PasswordHasher.Check.NO_MATCH);
    }

    @Test
    void theReducedFormOfALongPasswordIsNotASecondPassword() {
        String longPassword = "가".repeat(30); // 90 UTF-8 bytes: reduced before bcrypt
        String hash = hasher.hash(longPassword);

        assertThat(hasher.verify(longPassword, hash)).isTrue();
        assertThat(hasher.verify(Fixtures.olderReducedForm(longPassword), hash)).isFalse();
    }

    @Test
    void aHashOfTheOlderReducedFormStillVerifiesAndIsOutdated() {
        String longPassword = "가".repeat(30);
        String older = new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(4,
                Fixtures.olderReducedForm(longPassword).getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);

        assertThat(hasher.check(longPassword, older)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check(longPassword + "x", older)).isEqualTo(PasswordHasher.Check.NO_MATCH);
    }
}
