package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.UserRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh, rotation and revocation through {@link Latchkey} on a store under test, with many
 * threads: the behaviour the store's atomic writes exist for. An adapter's test extends this class
 * and supplies fresh repositories.
 */
public abstract class RefreshContract {

    private static final int THREADS = 32;

    private MutableClock clock;
    private UserRepository users;
    private SessionRepository sessions;
    private RecordingListener events;

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty session repository over the users of {@link #createUserRepository()}. */
    protected abstract SessionRepository createSessionRepository();

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-24T10:00:00Z");
        users = createUserRepository();
        sessions = createSessionRepository();
        events = new RecordingListener();
    }

    private Latchkey latchkey(boolean rotation) {
        return Latchkey.builder()
                .users(users)
                .sessions(sessions)
                .keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().refreshTokenRotation(rotation).build())
                .clock(clock)
                .listener(events)
                .build();
    }

    private static LoginResult registerAndLogin(Latchkey latchkey) {
        String email = "r-" + UUID.randomUUID() + "@example.com";
        latchkey.register(Fixtures.registration(email));
        return latchkey.login(email, Fixtures.PASSWORD, "Pixel 9", Fixtures.CLIENT);
    }

    @Test
    void withoutRotationThirtyTwoConcurrentRefreshesOfOneTokenAllSucceed() throws Exception {
        Latchkey latchkey = latchkey(false);
        LoginResult login = registerAndLogin(latchkey);

        List<RefreshResult> results = Race.run(THREADS,
                i -> latchkey.refresh(login.refreshToken(), Fixtures.CLIENT));

        assertThat(results).hasSize(THREADS).allSatisfy(r -> {
            assertThat(r.refreshToken()).isEmpty();
            assertThat(latchkey.verify(r.accessToken().value()).sessionId()).isEqualTo(login.session().id());
        });
        assertThat(latchkey.refresh(login.refreshToken(), Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void withRotationThirtyTwoConcurrentRefreshesOfOneTokenShareOneSuccessor() throws Exception {
        Latchkey latchkey = latchkey(true);
        LoginResult login = registerAndLogin(latchkey);

        List<RefreshResult> results = Race.run(THREADS,
                i -> latchkey.refresh(login.refreshToken(), Fixtures.CLIENT));

        Set<String> successors = results.stream().map(r -> r.refreshToken().orElseThrow()).collect(Collectors.toSet());
        assertThat(successors).hasSize(1);
        String successor = successors.iterator().next();
        assertThat(successor).isNotEqualTo(login.refreshToken());
        assertThat(sessions.findById(login.session().id()).orElseThrow().isEnded()).isFalse();
        RefreshResult next = latchkey.refresh(successor, Fixtures.CLIENT);
        assertThat(next.refreshToken()).isPresent().get().isNotEqualTo(successor);
        assertThat(events.of(AuthEvent.RefreshTokenReuseDetected.class)).isEmpty();
    }

    @Test
    void withRotationARetryInsideTheGracePeriodGetsTheSameSuccessor() {
        Latchkey latchkey = latchkey(true);
        LoginResult login = registerAndLogin(latchkey);

        RefreshResult first = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
        clock.advance(Duration.ofSeconds(10));
        RefreshResult retry = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);

        assertThat(retry.refreshToken()).isEqualTo(first.refreshToken());
        assertThat(latchkey.verify(retry.accessToken().value()).sessionId()).isEqualTo(login.session().id());
    }

    @Test
    void withRotationAReplayAfterTheGracePeriodEndsTheSessionAndItsNewestToken() {
        Latchkey latchkey = latchkey(true);
        LoginResult login = registerAndLogin(latchkey);
        RefreshResult rotated = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
        clock.advance(Duration.ofSeconds(11));

        assertThatThrownBy(() -> latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));

        assertThat(sessions.findById(login.session().id()).orElseThrow().endReason())
                .isEqualTo(EndReason.REFRESH_TOKEN_REUSE);
        assertThatThrownBy(() -> latchkey.refresh(rotated.refreshToken().orElseThrow(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> latchkey.verify(rotated.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(events.of(AuthEvent.RefreshTokenReuseDetected.class)).singleElement()
                .satisfies(e -> assertThat(e.session().id()).isEqualTo(login.session().id()));
    }

    @Test
    void withRotationAReplayOfATokenTwoGenerationsOldIsReuseEvenInsideTheGracePeriod() {
        Latchkey latchkey = latchkey(true);
        LoginResult login = registerAndLogin(latchkey);
        String second = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT).refreshToken().orElseThrow();
        latchkey.refresh(second, Fixtures.CLIENT);

        assertThatThrownBy(() -> latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(sessions.findById(login.session().id()).orElseThrow().endReason())
                .isEqualTo(EndReason.REFRESH_TOKEN_REUSE);
    }

    @Test
    void reuseEndsOnlyThatDevicesSession() {
        Latchkey latchkey = latchkey(true);
        String email = "two-devices-" + UUID.randomUUID() + "@example.com";
        latchkey.register(Fixtures.registration(email));
        LoginResult phone = latchkey.login(email, Fixtures.PASSWORD, "phone", Fixtures.CLIENT);
        LoginResult laptop = latchkey.login(email, Fixtures.PASSWORD, "laptop", Fixtures.CLIENT);
        latchkey.refresh(phone.refreshToken(), Fixtures.CLIENT);
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> latchkey.refresh(phone.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);

        RefreshResult laptopRefresh = latchkey.refresh(laptop.refreshToken(), Fixtures.CLIENT);
        assertThat(latchkey.verify(laptopRefresh.accessToken().value()).sessionId()).isEqualTo(laptop.session().id());
    }

    @Test
    void refreshesRacingARevokeAllLeaveNoTokenAlive() throws Exception {
        for (boolean rotation : new boolean[] {false, true}) {
            Latchkey latchkey = latchkey(rotation);
            LoginResult login = registerAndLogin(latchkey);
            Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
            Set<String> accessTokens = ConcurrentHashMap.newKeySet();
            refreshTokens.add(login.refreshToken());
            accessTokens.add(login.accessToken().value());

            Race.run(THREADS, i -> {
                if (i == THREADS / 2) {
                    return latchkey.revokeAll(latchkey.verify(login.accessToken().value()));
                }
                try {
                    RefreshResult r = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);
                    accessTokens.add(r.accessToken().value());
                    r.refreshToken().ifPresent(refreshTokens::add);
                } catch (InvalidTokenException refused) {
                    // Refused because the revoke came first: as it should be.
                }
                return 0;
            });

            for (String token : refreshTokens) {
                assertThatThrownBy(() -> latchkey.refresh(token, Fixtures.CLIENT))
                        .as("refresh token after revoke-all, rotation=" + rotation)
                        .isInstanceOf(InvalidTokenException.class);
            }
            for (String token : accessTokens) {
                assertThatThrownBy(() -> latchkey.verify(token))
                        .as("access token after revoke-all, rotation=" + rotation)
                        .isInstanceOf(InvalidTokenException.class);
            }
        }
    }

    @Test
    void aNewProcessRefusesAccessTokensOfSessionsEndedBeforeItStarted() {
        Latchkey before = latchkey(false);
        LoginResult login = registerAndLogin(before);
        before.logout(before.verify(login.accessToken().value()), null);

        Latchkey restarted = latchkey(false);

        assertThatThrownBy(() -> restarted.verify(login.accessToken().value()))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
    }

    @Test
    void aLogoutOnOneNodeReachesAnotherAtItsNextSync() {
        Latchkey nodeA = latchkey(false);
        Latchkey nodeB = latchkey(false);
        LoginResult login = registerAndLogin(nodeA);
        String access = login.accessToken().value();
        assertThat(nodeB.verify(access).userId()).isEqualTo(login.account().id());

        clock.advance(Duration.ofSeconds(1));
        nodeA.logout(nodeA.verify(access), null);
        assertThatThrownBy(() -> nodeB.refresh(login.refreshToken(), Fixtures.CLIENT))
                .as("the refresh token is refused everywhere at once: the store decides")
                .isInstanceOf(InvalidTokenException.class);

        assertThat(nodeB.syncEndedSessions()).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> nodeB.verify(access)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refreshedAccessTokensNameTheSessionAndNeverOutliveIt() {
        Latchkey latchkey = latchkey(false);
        LoginResult login = registerAndLogin(latchkey);
        clock.advance(Duration.ofDays(7).minusMinutes(10));

        RefreshResult late = latchkey.refresh(login.refreshToken(), Fixtures.CLIENT);

        assertThat(late.accessToken().expiresAt()).isEqualTo(login.session().expiresAt());
        assertThat(late.accessToken().expiresInSeconds()).isEqualTo(Duration.ofMinutes(10).toSeconds());
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
    }

    @Test
    void rotationNeverExtendsTheAbsoluteLifetime() {
        Latchkey latchkey = latchkey(true);
        LoginResult login = registerAndLogin(latchkey);
        String token = login.refreshToken();
        List<RefreshResult> chain = new ArrayList<>();
        for (int day = 0; day < 6; day++) {
            clock.advance(Duration.ofDays(1));
            RefreshResult r = latchkey.refresh(token, Fixtures.CLIENT);
            chain.add(r);
            token = r.refreshToken().orElseThrow();
        }
        assertThat(chain).allSatisfy(r -> assertThat(r.session().expiresAt()).isEqualTo(login.session().expiresAt()));
        clock.advance(Duration.ofDays(1));
        String last = token;
        assertThatThrownBy(() -> latchkey.refresh(last, Fixtures.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThat(Optional.of(sessions.findById(login.session().id()).orElseThrow().isEnded())).contains(false);
    }

    @Test
    void defaultConfigurationKeepsTheGuidesNonRotatingBehaviour() {
        assertThat(LatchkeyConfig.defaults().refreshTokenRotation()).isFalse();
    }
}
