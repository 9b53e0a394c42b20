package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RefreshTest {

    private final LatchkeyFixture f = new LatchkeyFixture();

    @Test
    void withoutRotationTheRefreshTokenStaysAndItsUseIsRecorded() {
        LoginResult login = f.registerAndLogin("test@example.com");
        f.clock.advance(Duration.ofMinutes(31));

        RefreshResult result = f.latchkey.refresh(login.refreshToken(), new ClientInfo("198.51.100.77", "curl/8"));

        assertThat(result.refreshToken()).isEmpty();
        assertThat(result.accessToken().expiresInSeconds()).isEqualTo(1800);
        Session session = f.sessions.findById(login.session().id()).orElseThrow();
        assertThat(session.lastUsedAt()).isEqualTo(f.clock.instant());
        assertThat(session.lastIpAddress()).isEqualTo("198.51.100.77");
        assertThat(session.ipAddress()).as("the login's address stays").isEqualTo(Fixtures.CLIENT.ipAddress());
        assertThat(f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT)).isNotNull();
        assertThat(f.events.of(AuthEvent.Refreshed.class)).hasSize(2);
    }

    @Test
    void anExpiredAccessTokenIsRefusedAndTheRefreshedOneWorks() {
        LoginResult login = f.registerAndLogin("test@example.com");
        f.clock.advance(Duration.ofMinutes(32));
        assertThatThrownBy(() -> f.latchkey.verify(login.accessToken().value()))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));

        RefreshResult result = f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);

        assertThat(f.latchkey.verify(result.accessToken().value()).sessionId()).isEqualTo(login.session().id());
    }

    @Test
    void aRefreshTokenIsRefusedAfterSevenDays() {
        LoginResult login = f.registerAndLogin("test@example.com");
        f.clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"my refresh token", " p5mJ8rjVq3xTQ0gYk6h4vWb1Nc2Ld7Ze9Fs0Ua3Ro8I", "tab\ttoken",
        "line\nbreak", "del\u007ftoken", "nul\u0000token", "é-is-not-ascii", "토큰"})
    void aMalformedRefreshTokenIsRefusedWithoutALookup(String token) {
        assertThatThrownBy(() -> f.latchkey.refresh(token, Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    /** A session of the user stored from {@code token}, as an import stores one: only its hash. */
    private Session storedFrom(UserId userId, String token) {
        Session s = Fixtures.session(userId, f.clock.instant(), Duration.ofDays(7));
        Session stored = new Session(s.id(), userId, RefreshTokenHash.of(token), s.deviceName(), s.ipAddress(),
                s.userAgent(), s.createdAt(), s.lastUsedAt(), s.lastIpAddress(), s.expiresAt(), null, null);
        f.sessions.create(stored);
        return stored;
    }

    @Test
    void aTokenOver4096CharactersOrWithASpaceIsMalformedEvenIfASessionWasStoredFromIt() {
        UserId user = f.registerAndLogin("test@example.com").account().id();
        for (String token : new String[] {"a".repeat(4097), "an old token"}) {
            storedFrom(user, token);

            assertThatThrownBy(() -> f.latchkey.refresh(token, Fixtures.CLIENT)).as(token)
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
        Session longest = storedFrom(user, "a".repeat(4096));
        assertThat(f.latchkey.refresh("a".repeat(4096), Fixtures.CLIENT).session().id()).isEqualTo(longest.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"your-refresh-token-here", "x", "p5mJ8rjVq3xTQ0gYk6h4vWb1Nc2Ld7Ze9Fs0Ua3Ro8I=",
        "eyJhbGciOiJIUzI1NiJ9.e30.sig", "6f1c2b1e-8f4e-4a59-9a39-2f4c1b1d0a01"})
    void aTokenOfAnotherShapeIsLookedUpAndRefusedAsUnknown(String token) {
        f.registerAndLogin("test@example.com");

        assertThatThrownBy(() -> f.latchkey.refresh(token, Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN));
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        assertThatThrownBy(() -> f.latchkey.refresh("p5mJ8rjVq3xTQ0gYk6h4vWb1Nc2Ld7Ze9Fs0Ua3Ro8I", Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN));
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        LoginResult login = f.registerAndLogin("test@example.com");
        assertThatThrownBy(() -> f.latchkey.refresh(login.accessToken().value(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void withAnIdleTimeoutAnUnusedSessionEnds() {
        LatchkeyFixture idle = new LatchkeyFixture(b -> b.idleTimeout(Duration.ofHours(1)));
        LoginResult login = idle.registerAndLogin("test@example.com");
        idle.clock.advance(Duration.ofMinutes(59));
        assertThat(idle.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT)).isNotNull();
        idle.clock.advance(Duration.ofMinutes(60));
        assertThat(idle.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT)).as("used 60 minutes ago").isNotNull();

        idle.clock.advance(Duration.ofMinutes(61));

        assertThatThrownBy(() -> idle.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(idle.latchkey.sessions(idle.latchkey.verify(idle.login("test@example.com").accessToken().value())))
                .extracting(DeviceSession::id).doesNotContain(login.session().id());
    }

    @Test
    void withRotationEachRefreshReturnsANewTokenThatWorks() {
        LatchkeyFixture rotating = new LatchkeyFixture(b -> b.refreshTokenRotation(true));
        LoginResult login = rotating.registerAndLogin("test@example.com");

        RefreshResult first = rotating.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
        RefreshResult second = rotating.latchkey.refresh(first.refreshToken().orElseThrow(), Fixtures.CLIENT);

        assertThat(first.refreshToken()).isPresent().get().isNotEqualTo(login.refreshToken());
        assertThat(second.refreshToken()).isPresent().get().isNotEqualTo(first.refreshToken().get());
        assertThat(rotating.events.of(AuthEvent.Refreshed.class)).allSatisfy(e -> assertThat(e.rotated()).isTrue());
    }

    @Test
    void withRotationAndNoGracePeriodAnyRepeatIsReuse() {
        LatchkeyFixture strict = new LatchkeyFixture(b -> b.refreshTokenRotation(true).reuseGracePeriod(Duration.ZERO));
        LoginResult login = strict.registerAndLogin("test@example.com");
        strict.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
        strict.clock.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> strict.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(strict.events.of(AuthEvent.RefreshTokenReuseDetected.class)).hasSize(1);
    }

    @Test
    void successorsAreTheSameOnEveryNodeWithTheSameKeys() {
        LatchkeyFixture rotating = new LatchkeyFixture(b -> b.refreshTokenRotation(true));
        LoginResult login = rotating.registerAndLogin("test@example.com");
        Latchkey otherNode = rotating.build(b -> b.refreshTokenRotation(true));

        RefreshResult onA = rotating.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
        RefreshResult retryOnB = otherNode.refresh(login.refreshToken(), Fixtures.CLIENT);

        assertThat(retryOnB.refreshToken()).isEqualTo(onA.refreshToken());
    }
}
