package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.token.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The throttling policy: how many password checks are ever evaluated, from where, and that a
 * stranger cannot lock the owner out.
 */
class ThrottlingTest {

    private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.66", "curl/8.5.0");
    private static final ClientInfo OWNER = new ClientInfo("203.0.113.7", "Mozilla/5.0 (Owner)");

    private final LatchkeyFixture f = new LatchkeyFixture();

    private Throwable guess(String email, ClientInfo from) {
        return catchThrowable(() -> f.latchkey.login(email, "wrong-password", null, from));
    }

    @Test
    void aHundredParallelGuessesFromOneAddressGetFiveEvaluatedAndTheRestRefused() throws Exception {
        f.latchkey.register(Fixtures.guideRegistration());

        List<Throwable> outcomes = Race.run(100, i -> guess("test@example.com", ATTACKER));

        assertThat(outcomes).filteredOn(InvalidCredentialsException.class::isInstance).hasSize(5);
        assertThat(outcomes).filteredOn(ThrottledException.class::isInstance).hasSize(95);
        assertThat(f.events.of(AuthEvent.LoginFailed.class)).as("passwords actually checked").hasSize(5);
    }

    @Test
    void theOwnerLogsInFromAnotherAddressInTheMiddleOfAParallelBurst() throws Exception {
        f.latchkey.register(Fixtures.guideRegistration());

        List<Throwable> outcomes = Race.run(100, i -> i == 50
                ? catchThrowable(() -> f.latchkey.login("test@example.com", Fixtures.PASSWORD, null, OWNER))
                : guess("test@example.com", ATTACKER));

        assertThat(outcomes.get(50)).as("the owner's login").isNull();
        assertThat(f.events.of(AuthEvent.LoginFailed.class)).as("the attacker's guesses checked").hasSize(5);
        assertThat(outcomes).filteredOn(ThrottledException.class::isInstance).hasSize(94);
    }

    @Test
    void aStrangersGuessesDoNotLockTheOwnerOut() {
        f.latchkey.register(Fixtures.guideRegistration());
        for (int i = 0; i < 5; i++) {
            assertThat(guess("test@example.com", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(guess("test@example.com", ATTACKER)).isInstanceOf(ThrottledException.class);
        }

        assertThat(f.latchkey.login("test@example.com", Fixtures.PASSWORD, null, OWNER)).isNotNull();
    }

    @Test
    void guessesSpreadOverManyAddressesMeetTheAccountsCeiling() {
        f.latchkey.register(Fixtures.guideRegistration());
        for (int i = 0; i < 100; i++) {
            ClientInfo from = ClientInfo.of("198.51.100." + (i / 2));
            assertThat(guess("test@example.com", from)).isInstanceOf(InvalidCredentialsException.class);
        }

        Throwable next = catchThrowable(() -> f.latchkey.login("test@example.com", Fixtures.PASSWORD, null, OWNER));

        assertThat(next).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1)));
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.latchkey.login("test@example.com", Fixtures.PASSWORD, null, OWNER)).isNotNull();
    }

    @Test
    void oneAddressGuessingManyAccountsMeetsTheAddressCeiling() {
        for (int i = 0; i < 50; i++) {
            assertThat(guess("user" + i + "@example.com", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(guess("user50@example.com", ATTACKER)).isInstanceOf(ThrottledException.class);
        assertThat(guess("user50@example.com", OWNER)).isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void everySpellingOfAnAccountsEmailSharesItsCount() {
        f.latchkey.register(Fixtures.registration("iris@example.com"));
        // Whatever the store takes for the account's email counts against the account (PostgreSQL's
        // suite adds "\u0130ris@example.com", which its lower() folds to "iris@example.com").
        List<String> spellings = List.of("iris@example.com", "IRIS@example.com", "Iris@EXAMPLE.com",
                " iris@example.com ");
        int evaluated = 0;
        for (int round = 0; round < 4; round++) {
            for (String spelling : spellings) {
                if (guess(spelling, ATTACKER) instanceof InvalidCredentialsException) {
                    evaluated++;
                }
            }
        }
        assertThat(evaluated).isEqualTo(5);
    }

    @Test
    void wrongCurrentPasswordsOfAPasswordChangeAreThrottledLikeLogins() {
        VerifiedAccessToken caller = f.latchkey.verify(f.registerAndLogin("cp@example.com").accessToken().value());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> f.latchkey.changePassword(caller, "wrong-guess", "new-password-123", ATTACKER))
                    .isInstanceOf(ValidationException.class);
        }

        assertThatThrownBy(() -> f.latchkey.changePassword(caller, Fixtures.PASSWORD, "new-password-123", ATTACKER))
                .isInstanceOfSatisfying(ThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15)));
        assertThatThrownBy(() -> f.latchkey.login("cp@example.com", Fixtures.PASSWORD, null, ATTACKER))
                .as("nor may that address log in to the account").isInstanceOf(ThrottledException.class);
    }

    @Test
    void parallelWrongCurrentPasswordsGetFiveEvaluated() throws Exception {
        VerifiedAccessToken caller = f.latchkey.verify(f.registerAndLogin("cp@example.com").accessToken().value());

        List<Throwable> outcomes = Race.run(40, i -> catchThrowable(
                () -> f.latchkey.changePassword(caller, "wrong-guess-" + i, "new-password-123", ATTACKER)));

        assertThat(outcomes).filteredOn(ValidationException.class::isInstance).hasSize(5);
        assertThat(outcomes).filteredOn(ThrottledException.class::isInstance).hasSize(35);
    }

    @Test
    void passwordChangeAndLoginFailuresCountTogether() {
        VerifiedAccessToken caller = f.latchkey.verify(f.registerAndLogin("cp@example.com").accessToken().value());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> f.latchkey.changePassword(caller, "wrong-guess", "new-password-123", ATTACKER))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(guess("cp@example.com", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(guess("cp@example.com", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);

        assertThat(guess("cp@example.com", ATTACKER)).isInstanceOf(ThrottledException.class);
    }
}
