package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenHash;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OneTimeTokenRepository} must do. An adapter's test extends this class and
 * supplies fresh stores per test; the tokens' users are created in {@link #createUserRepository()}.
 */
public abstract class OneTimeTokenRepositoryContract {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123Z");
    private static final Duration TTL = Duration.ofMinutes(30);

    private UserRepository users;
    private OneTimeTokenRepository tokens;

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty token repository beside {@link #createUserRepository()}. */
    protected abstract OneTimeTokenRepository createOneTimeTokenRepository();

    @BeforeEach
    void createRepositories() {
        users = createUserRepository();
        tokens = createOneTimeTokenRepository();
    }

    private User user() {
        User user = Fixtures.user("token-" + UUID.randomUUID() + "@example.com", NOW);
        users.create(user);
        return user;
    }

    private static OneTimeToken token(User user, TokenPurpose purpose, Instant at) {
        return new OneTimeToken(OneTimeTokenHash.of(UUID.randomUUID().toString()), purpose, user.id(), user.email(),
                at, at.plus(TTL));
    }

    @Test
    void anIssuedTokenIsConsumedOnceAndOnlyOnce() {
        OneTimeToken issued = token(user(), TokenPurpose.PASSWORD_RESET, NOW);
        tokens.issue(issued);

        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(1))).contains(issued);
        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(2))).isEmpty();
    }

    @Test
    void aTokenOfAnotherPurposeIsNotConsumedAndStaysUsable() {
        OneTimeToken issued = token(user(), TokenPurpose.EMAIL_VERIFICATION, NOW);
        tokens.issue(issued);

        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, NOW)).isEmpty();
        assertThat(tokens.consume(issued.hash(), TokenPurpose.EMAIL_VERIFICATION, NOW)).contains(issued);
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        OneTimeToken issued = token(user(), TokenPurpose.PASSWORD_RESET, NOW);
        tokens.issue(issued);

        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, issued.expiresAt())).isEmpty();
        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, issued.expiresAt().plusSeconds(1)))
                .isEmpty();
        assertThat(tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, issued.expiresAt().minusMillis(1)))
                .contains(issued);
    }

    @Test
    void aNewerTokenOfTheSamePurposeReplacesTheOlderOneButNotOtherPurposes() {
        User user = user();
        OneTimeToken verification = token(user, TokenPurpose.EMAIL_VERIFICATION, NOW);
        OneTimeToken older = token(user, TokenPurpose.PASSWORD_RESET, NOW);
        OneTimeToken newer = token(user, TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(10));
        OneTimeToken othersToken = token(user(), TokenPurpose.PASSWORD_RESET, NOW);
        tokens.issue(verification);
        tokens.issue(older);
        tokens.issue(othersToken);
        tokens.issue(newer);

        assertThat(tokens.consume(older.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(11))).isEmpty();
        assertThat(tokens.consume(newer.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(11))).contains(newer);
        assertThat(tokens.consume(othersToken.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(11)))
                .contains(othersToken);
        assertThat(tokens.consume(verification.hash(), TokenPurpose.EMAIL_VERIFICATION, NOW.plusSeconds(11)))
                .contains(verification);
    }

    @Test
    void deleteAllForgetsTheUsersTokensOfThatPurposeOnly() {
        User user = user();
        OneTimeToken reset = token(user, TokenPurpose.PASSWORD_RESET, NOW);
        OneTimeToken verification = token(user, TokenPurpose.EMAIL_VERIFICATION, NOW);
        tokens.issue(reset);
        tokens.issue(verification);

        assertThat(tokens.deleteAll(user.id(), TokenPurpose.PASSWORD_RESET)).isEqualTo(1);

        assertThat(tokens.consume(reset.hash(), TokenPurpose.PASSWORD_RESET, NOW)).isEmpty();
        assertThat(tokens.consume(verification.hash(), TokenPurpose.EMAIL_VERIFICATION, NOW)).contains(verification);
    }

    @Test
    void deleteExpiredRemovesOnlyExpiredTokensAndAtMostTheLimit() {
        for (int i = 0; i < 3; i++) {
            tokens.issue(token(user(), TokenPurpose.PASSWORD_RESET, NOW.minus(TTL).minusSeconds(60)));
        }
        OneTimeToken live = token(user(), TokenPurpose.PASSWORD_RESET, NOW);
        tokens.issue(live);

        assertThat(tokens.deleteExpired(NOW, 2)).isEqualTo(2);
        assertThat(tokens.deleteExpired(NOW, 2)).isEqualTo(1);
        assertThat(tokens.deleteExpired(NOW, 2)).isZero();
        assertThat(tokens.consume(live.hash(), TokenPurpose.PASSWORD_RESET, NOW)).contains(live);
    }

    @Test
    void thirtyTwoThreadsConsumingOneTokenAtOnceGetItExactlyOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            OneTimeToken issued = token(user(), TokenPurpose.PASSWORD_RESET, NOW);
            tokens.issue(issued);

            List<Optional<OneTimeToken>> results = Race.run(32,
                    i -> tokens.consume(issued.hash(), TokenPurpose.PASSWORD_RESET, NOW.plusSeconds(1)));

            assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        }
    }
}
