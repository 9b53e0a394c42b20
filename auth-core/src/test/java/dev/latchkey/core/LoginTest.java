package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginTest {

    private final LatchkeyFixture f = new LatchkeyFixture();

    @Test
    void aLoginReturnsBothTokensAndTheUser() {
        Account user = f.latchkey.register(Fixtures.guideRegistration());

        LoginResult login = f.latchkey.login("test@example.com", Fixtures.PASSWORD, null, Fixtures.CLIENT);

        assertThat(login.account().id()).isEqualTo(user.id());
        assertThat(login.accessToken().expiresInSeconds()).isEqualTo(1800);
        assertThat(login.refreshToken()).matches("[A-Za-z0-9_-]{43}");
        assertThat(f.latchkey.verify(login.accessToken().value()).sessionId()).isEqualTo(login.session().id());
        assertThat(login.toString()).doesNotContain(login.refreshToken());
    }

    @Test
    void theSessionRecordsDeviceAddressAndUserAgentAndStoresOnlyTheTokensHash() {
        f.latchkey.register(Fixtures.guideRegistration());

        LoginResult login = f.latchkey.login("test@example.com", Fixtures.PASSWORD, "  Chrome on Galaxy S24 ",
                new ClientInfo("198.51.100.23", "Mozilla/5.0 (Linux; Android 14)"));

        Session stored = f.sessions.findById(login.session().id()).orElseThrow();
        assertThat(stored.deviceName()).isEqualTo("Chrome on Galaxy S24");
        assertThat(stored.ipAddress()).isEqualTo("198.51.100.23");
        assertThat(stored.lastIpAddress()).isEqualTo("198.51.100.23");
        assertThat(stored.userAgent()).isEqualTo("Mozilla/5.0 (Linux; Android 14)");
        assertThat(stored.createdAt()).isEqualTo(f.clock.instant());
        assertThat(stored.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(7)));
        assertThat(stored.refreshTokenHash()).isEqualTo(RefreshTokenHash.of(login.refreshToken()));
        assertThat(stored.refreshTokenHash().value()).isNotEqualTo(login.refreshToken());
    }

    @Test
    void everyLoginIsItsOwnSessionWithItsOwnRefreshToken() {
        f.latchkey.register(Fixtures.guideRegistration());

        LoginResult phone = f.login("test@example.com");
        LoginResult laptop = f.login("test@example.com");

        assertThat(phone.session().id()).isNotEqualTo(laptop.session().id());
        assertThat(phone.refreshToken()).isNotEqualTo(laptop.refreshToken());
    }

    @Test
    void theEmailIsMatchedCaseInsensitivelyAndTrimmed() {
        f.latchkey.register(Fixtures.guideRegistration());
        assertThat(f.latchkey.login("  TEST@example.COM ", Fixtures.PASSWORD, null, Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailFailAlike() {
        f.latchkey.register(Fixtures.guideRegistration());

        Throwable wrongPassword = org.assertj.core.api.Assertions.catchThrowable(
                () -> f.latchkey.login("test@example.com", "wrong-password", null, Fixtures.CLIENT));
        Throwable unknownEmail = org.assertj.core.api.Assertions.catchThrowable(
                () -> f.latchkey.login("nobody@example.com", "wrong-password", null, Fixtures.CLIENT));

        assertThat(wrongPassword).isInstanceOf(InvalidCredentialsException.class);
        assertThat(unknownEmail).isInstanceOf(InvalidCredentialsException.class)
                .hasMessage(wrongPassword.getMessage()).hasMessage("Incorrect email or password");
    }

    @Test
    void aDisabledUserCannotLogInEvenWithTheRightPassword() {
        Account user = f.latchkey.register(Fixtures.guideRegistration());
        f.latchkey.disableUser(user.id());

        assertThatThrownBy(() -> f.login("test@example.com")).isInstanceOf(InvalidCredentialsException.class);

        f.latchkey.enableUser(user.id());
        assertThat(f.login("test@example.com")).isNotNull();
    }

    @Test
    void missingFieldsAreValidationErrorsNotFailedLogins() {
        assertThatThrownBy(() -> f.latchkey.login(null, "", null, Fixtures.CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("email", "password"));
        assertThat(f.events.of(AuthEvent.LoginFailed.class)).isEmpty();
    }

    @Test
    void anOverlongOrControlCharacterDeviceNameIsRefused() {
        f.latchkey.register(Fixtures.guideRegistration());
        assertThatThrownBy(() -> f.latchkey.login("test@example.com", Fixtures.PASSWORD, "x".repeat(101),
                Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> f.latchkey.login("test@example.com", Fixtures.PASSWORD, "evil\nname",
                Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
    }

    @Test
    void afterFiveFailuresFromOneAddressTheAccountIsThrottledThereEvenForTheRightPassword() {
        f.latchkey.register(Fixtures.guideRegistration());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> f.latchkey.login("test@example.com", "wrong-password", null, Fixtures.CLIENT))
                    .isInstanceOf(InvalidCredentialsException.class);
        }

        assertThatThrownBy(() -> f.login("test@example.com"))
                .isInstanceOfSatisfying(ThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15)));
        assertThat(f.events.of(AuthEvent.LoginThrottled.class)).hasSize(1);

        f.clock.advance(Duration.ofMinutes(15));
        assertThat(f.login("test@example.com")).isNotNull();
    }

    @Test
    void unknownEmailsAreThrottledLikeKnownOnes() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> f.latchkey.login("ghost@example.com", "x", null, Fixtures.CLIENT))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThatThrownBy(() -> f.latchkey.login("ghost@example.com", "x", null, Fixtures.CLIENT))
                .isInstanceOf(ThrottledException.class);
    }

    @Test
    void aSuccessfulLoginResetsTheAccountsFailures() {
        f.latchkey.register(Fixtures.guideRegistration());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> f.latchkey.login("test@example.com", "nope-nope", null, Fixtures.CLIENT))
                        .isInstanceOf(InvalidCredentialsException.class);
            }
            assertThat(f.login("test@example.com")).isNotNull();
        }
    }

    @Test
    void aHashOfLowerCostIsReplacedOnTheNextSuccessfulLogin() {
        Account user = f.latchkey.register(Fixtures.guideRegistration());
        Latchkey stronger = f.build(b -> b.bcryptCost(5));
        String before = f.users.findById(user.id()).orElseThrow().passwordHash();

        stronger.login("test@example.com", Fixtures.PASSWORD, null, Fixtures.CLIENT);

        String rehashed = f.users.findById(user.id()).orElseThrow().passwordHash();
        assertThat(rehashed).startsWith("$2b$05$").isNotEqualTo(before);
        assertThat(stronger.login("test@example.com", Fixtures.PASSWORD, null, Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void aLegacyPythonBcryptHashLogsInAndIsUpgraded() {
        User legacy = new User(UserId.random(), "Legacy", "legacy@example.com", null,
                "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a", true, f.clock.instant(), 0);
        f.users.create(legacy);
        Latchkey cost12 = f.build(b -> b.bcryptCost(11));

        cost12.login("legacy@example.com", "rasmuslerdorf", null, Fixtures.CLIENT);

        assertThat(f.users.findById(legacy.id()).orElseThrow().passwordHash()).startsWith("$2b$11$");
    }

    @Test
    void successesAndFailuresAreAnnouncedWithoutThePassword() {
        f.latchkey.register(Fixtures.guideRegistration());
        LoginResult ok = f.login("test@example.com");
        assertThatThrownBy(() -> f.latchkey.login("test@example.com", "wrong-password", null, Fixtures.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        assertThat(f.events.of(AuthEvent.LoginSucceeded.class)).singleElement()
                .satisfies(e -> assertThat(e.session().id()).isEqualTo(ok.session().id()));
        assertThat(f.events.of(AuthEvent.LoginFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.email()).isEqualTo("test@example.com");
            assertThat(e.userId()).isEqualTo(ok.account().id());
            assertThat(e.client()).isEqualTo(Fixtures.CLIENT);
            assertThat(e.toString()).doesNotContain("wrong-password");
        });
    }

    @Test
    void aFailingListenerDoesNotBreakLogin() {
        Latchkey withBadListener = Latchkey.builder().users(f.users).sessions(f.sessions)
                .keys(dev.latchkey.core.token.KeyRing.hs256(Fixtures.SECRET)).config(Fixtures.fastConfig().build())
                .listener(new dev.latchkey.core.event.AuthEventListener() {
                    @Override
                    public void onLoginSucceeded(AuthEvent.LoginSucceeded event) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();
        withBadListener.register(Fixtures.guideRegistration());

        assertThat(withBadListener.login("test@example.com", Fixtures.PASSWORD, null, Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void theReducedFormOfALongPasswordDoesNotLogIn() {
        String longPassword = "가".repeat(30);
        f.latchkey.register(new Registration("Long", "long@example.com", null, longPassword));

        assertThatThrownBy(() -> f.latchkey.login("long@example.com",
                Fixtures.olderReducedForm(longPassword), null, Fixtures.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(f.latchkey.login("long@example.com", longPassword, null, Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void aLongPasswordHashedInTheOlderReducedFormLogsInAndIsReplaced() {
        String longPassword = "가".repeat(30);
        String older = new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(4,
                Fixtures.olderReducedForm(longPassword).getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
        User user = new User(UserId.random(), "Long", "older@example.com", null, older, true, f.clock.instant(), 0);
        f.users.create(user);

        f.latchkey.login("older@example.com", longPassword, null, Fixtures.CLIENT);

        String replaced = f.users.findById(user.id()).orElseThrow().passwordHash();
        assertThat(replaced).isNotEqualTo(older);
        assertThatThrownBy(() -> f.latchkey.login("older@example.com", Fixtures.olderReducedForm(longPassword),
                null, Fixtures.CLIENT)).as("the reduced form, once replaced")
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(f.latchkey.login("older@example.com", longPassword, null, Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void anEmailNoStoreCouldHoldIsAnUnknownEmailNotAnError() {
        f.latchkey.register(Fixtures.guideRegistration());

        for (String email : List.of("test@example.com\u0000", "te\u0000st@example.com", "test\ud800@example.com")) {
            assertThatThrownBy(() -> f.latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT))
                    .as(email).isInstanceOf(InvalidCredentialsException.class);
        }
    }

    @Test
    void aDeviceNameWithAnUnpairedSurrogateIsRefused() {
        f.latchkey.register(Fixtures.guideRegistration());
        assertThatThrownBy(() -> f.latchkey.login("test@example.com", Fixtures.PASSWORD, "Galaxy \udc00",
                Fixtures.CLIENT)).isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("device_name"));
    }
}
