package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
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
    void aBcryptHashCostingMoreThanALoginMaySpendMatchesNothingAtOnce() {
        // Cost 31 is 2^31 rounds: checking one password would keep a processor busy for years.
        // Imported hashes may cost at most 16; hashes at the configured cost always verify.
        String cost31 = "$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        String cost17 = "$2b$17$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(hasher.check("whatever123", cost31, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
            assertThat(hasher.check("whatever123", cost31, false)).isEqualTo(PasswordHasher.Check.NO_MATCH);
            assertThat(hasher.check("whatever123", cost17, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        });
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

    @Test
    void anImportedBcryptHashOfALongPasswordMatchesTheWholePasswordOnlyForAUserImportedWithIt() {
        String hash = LegacyVectors.BCRYPT_OF_LONG_KOREAN;
        assertThat(LegacyVectors.LONG_KOREAN.getBytes(StandardCharsets.UTF_8)).hasSize(84);

        assertThat(hasher.check(LegacyVectors.LONG_KOREAN, hash, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check(LegacyVectors.LONG_KOREAN, hash, false)).as("a user who registered in Latchkey")
                .isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check(LegacyVectors.LONG_KOREAN, hash)).isEqualTo(PasswordHasher.Check.NO_MATCH);
    }

    @Test
    void anImportedBcryptHashIsCheckedAgainstTheFirst72BytesEvenWhenTheyEndInsideACharacter() {
        String password = LegacyVectors.LONG_KOREAN_CUT_MID_CHARACTER;
        String hash = LegacyVectors.BCRYPT_OF_LONG_KOREAN_CUT_MID_CHARACTER;

        assertThat(hasher.check(password, hash, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        // Byte 72 is the second byte of the 24th syllable: the old stack never saw the rest of it.
        assertThat(hasher.check("a" + "가".repeat(23) + "각", hash, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check("a" + "가".repeat(23) + "나", hash, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check(password, hash, false)).isEqualTo(PasswordHasher.Check.NO_MATCH);
    }

    @Test
    void anImportedBcryptHashMatchesWhatTheOldStackMatchedAndNothingElse() {
        String hash = LegacyVectors.BCRYPT_OF_LONG_KOREAN;

        // The old stack accepted any password with the same first 72 bytes; so does the import, until upgraded.
        assertThat(hasher.check("가".repeat(24), hash, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check("가".repeat(24) + "다른끝", hash, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check("가".repeat(23), hash, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check("나" + "가".repeat(27), hash, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check(Fixtures.olderReducedForm(LegacyVectors.LONG_KOREAN), hash, true))
                .isEqualTo(PasswordHasher.Check.NO_MATCH);
    }

    @Test
    void anImportedBcryptHashOfAShortPasswordVerifiesNormallyAndIsOutdatedWhateverItsCost() {
        String php = "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a";

        assertThat(hasher.check("rasmuslerdorf", php, false)).isEqualTo(PasswordHasher.Check.MATCH);
        assertThat(hasher.check("rasmuslerdorf", php, true)).isEqualTo(PasswordHasher.Check.MATCH_OUTDATED);
        assertThat(hasher.check("rasmuslerdorg", php, true)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check("rasmuslerdorf" + "x".repeat(60), php, true)).as("73 bytes, sharing no 72-byte prefix")
                .isEqualTo(PasswordHasher.Check.NO_MATCH);
    }

    @Test
    void latchkeysOwnHashOfALongPasswordNeverMatchesByItsFirst72Bytes() {
        String hash = hasher.hash(LegacyVectors.LONG_KOREAN);

        assertThat(hasher.check(LegacyVectors.LONG_KOREAN, hash)).isEqualTo(PasswordHasher.Check.MATCH);
        assertThat(hasher.check("가".repeat(24), hash)).isEqualTo(PasswordHasher.Check.NO_MATCH);
        assertThat(hasher.check("가".repeat(24) + "다른끝", hash)).isEqualTo(PasswordHasher.Check.NO_MATCH);
    }
}
