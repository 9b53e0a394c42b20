package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Logout, one device, every device, password change, disabling: each takes effect at once. */
class SessionEndingTest {

    private final LatchkeyFixture f = new LatchkeyFixture();

    private VerifiedAccessToken caller(LoginResult login) {
        return f.latchkey.verify(login.accessToken().value());
    }

    private void assertRevoked(String accessToken) {
        assertThatThrownBy(() -> f.latchkey.verify(accessToken))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    }

    @Test
    void logoutRefusesTheSessionsAccessAndRefreshTokensAtOnce() {
        LoginResult login = f.registerAndLogin("test@example.com");

        f.latchkey.logout(caller(login), null);

        assertRevoked(login.accessToken().value());
        assertThatThrownBy(() -> f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
        assertThat(f.sessions.findById(login.session().id()).orElseThrow().endReason()).isEqualTo(EndReason.LOGOUT);
    }

    @Test
    void logoutLeavesTheUsersOtherDevicesAlone() {
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");

        f.latchkey.logout(caller(phone), null);

        assertThat(f.latchkey.verify(laptop.accessToken().value())).isNotNull();
        assertThat(f.latchkey.refresh(laptop.refreshToken(), Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void logoutWithAnotherOwnRefreshTokenEndsThatSessionToo() {
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");

        f.latchkey.logout(caller(phone), laptop.refreshToken());

        assertRevoked(laptop.accessToken().value());
        assertThatThrownBy(() -> f.latchkey.refresh(laptop.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void logoutWithSomeoneElsesOrAnUnknownRefreshTokenTouchesNothingElse() {
        LoginResult mine = f.registerAndLogin("me@example.com");
        LoginResult theirs = f.registerAndLogin("them@example.com");

        f.latchkey.logout(caller(mine), theirs.refreshToken());
        f.latchkey.logout(caller(f.login("me@example.com")), "not-even-a-token");

        assertThat(f.latchkey.refresh(theirs.refreshToken(), Fixtures.CLIENT)).isNotNull();
        assertThat(f.latchkey.verify(theirs.accessToken().value())).isNotNull();
    }

    /**
     * Logs in a phone and a laptop, and ends the laptop's session through another node (same
     * stores, same clock second, so a cut-off by issue time cannot tell the two tokens apart).
     */
    private LoginResult[] phoneAndALaptopEndedElsewhere() {
        Latchkey otherNode = f.build(b -> b);
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");
        otherNode.logout(otherNode.verify(laptop.accessToken().value()), null);
        return new LoginResult[] {phone, laptop};
    }

    @Test
    void aRevokeAllRefusesAtOnceEvenTheSessionsAnotherNodeEndedAMomentBefore() {
        LoginResult[] devices = phoneAndALaptopEndedElsewhere();

        int ended = f.latchkey.revokeAll(caller(devices[0]));

        assertThat(ended).as("the laptop's session was ended already").isEqualTo(1);
        assertRevoked(devices[1].accessToken().value());
        assertRevoked(devices[0].accessToken().value());
    }

    @Test
    void aPasswordChangeRefusesAtOnceTheOtherSessionsAnotherNodeEndedAMomentBefore() {
        LoginResult[] devices = phoneAndALaptopEndedElsewhere();

        f.latchkey.changePassword(caller(devices[0]), Fixtures.PASSWORD, "another password 123",
                Fixtures.CLIENT);

        assertRevoked(devices[1].accessToken().value());
        assertThat(f.latchkey.verify(devices[0].accessToken().value())).isNotNull();
    }

    @Test
    void revokeAllEndsEverySessionAndEveryAccessTokenOfTheUserOnly() {
        LoginResult a = f.registerAndLogin("test@example.com");
        LoginResult b = f.login("test@example.com");
        LoginResult c = f.login("test@example.com");
        LoginResult stranger = f.registerAndLogin("other@example.com");
        String refreshedAccess = f.latchkey.refresh(b.refreshToken(), Fixtures.CLIENT).accessToken().value();

        int revoked = f.latchkey.revokeAll(caller(a));

        assertThat(revoked).isEqualTo(3);
        for (String token : List.of(a.accessToken().value(), b.accessToken().value(), c.accessToken().value(),
                refreshedAccess)) {
            assertRevoked(token);
        }
        for (LoginResult login : List.of(a, b, c)) {
            assertThatThrownBy(() -> f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                    .isInstanceOf(InvalidTokenException.class);
        }
        assertThat(f.latchkey.verify(stranger.accessToken().value())).isNotNull();
        assertThat(f.events.of(AuthEvent.AllSessionsEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.sessions()).hasSize(3));
    }

    @Test
    void aLoginRightAfterRevokeAllInTheSameSecondWorks() {
        LoginResult before = f.registerAndLogin("test@example.com");
        f.latchkey.revokeAll(caller(before));

        LoginResult after = f.login("test@example.com");

        assertThat(f.latchkey.verify(after.accessToken().value()).sessionId()).isEqualTo(after.session().id());
        assertThat(f.latchkey.refresh(after.refreshToken(), Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void oneDeviceCanBeLoggedOutFromAnother() {
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");

        f.latchkey.endSession(caller(laptop), phone.session().id());

        assertRevoked(phone.accessToken().value());
        assertThat(f.latchkey.verify(laptop.accessToken().value())).isNotNull();
        assertThat(f.sessions.findById(phone.session().id()).orElseThrow().endReason()).isEqualTo(EndReason.REVOKED);
    }

    @Test
    void anotherUsersSessionCannotBeEndedAndAnUnknownOneIsNotFound() {
        LoginResult mine = f.registerAndLogin("me@example.com");
        LoginResult theirs = f.registerAndLogin("them@example.com");

        assertThatThrownBy(() -> f.latchkey.endSession(caller(mine), theirs.session().id()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.latchkey.endSession(caller(mine), SessionId.random()))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(f.latchkey.verify(theirs.accessToken().value())).isNotNull();
    }

    @Test
    void endingAnAlreadyEndedOwnSessionIsNoError() {
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");
        f.latchkey.endSession(caller(laptop), phone.session().id());

        f.latchkey.endSession(caller(laptop), phone.session().id());

        assertThat(f.events.of(AuthEvent.SessionEnded.class)).hasSize(1);
    }

    @Test
    void sessionsAreListedNewestFirstWithoutEndedOrExpiredOnes() {
        LoginResult first = f.registerAndLogin("test@example.com");
        f.clock.advance(Duration.ofMinutes(1));
        LoginResult second = f.login("test@example.com");
        f.clock.advance(Duration.ofMinutes(1));
        LoginResult third = f.login("test@example.com");
        f.latchkey.endSession(caller(third), second.session().id());

        List<DeviceSession> listed = f.latchkey.sessions(caller(third));

        assertThat(listed).extracting(DeviceSession::id).containsExactly(third.session().id(), first.session().id());
        assertThat(listed.get(0).deviceName()).isEqualTo("Chrome on Galaxy S24");
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionButKeepsTheCallers() {
        LoginResult phone = f.registerAndLogin("test@example.com");
        LoginResult laptop = f.login("test@example.com");

        f.latchkey.changePassword(caller(laptop), Fixtures.PASSWORD, "a-brand-new-passphrase", Fixtures.CLIENT);

        assertRevoked(phone.accessToken().value());
        assertThat(f.latchkey.verify(laptop.accessToken().value())).isNotNull();
        assertThat(f.latchkey.refresh(laptop.refreshToken(), Fixtures.CLIENT)).isNotNull();
        assertThatThrownBy(() -> f.login("test@example.com")).isInstanceOf(InvalidCredentialsException.class);
        assertThat(f.latchkey.login("test@example.com", "a-brand-new-passphrase", null, Fixtures.CLIENT)).isNotNull();
        assertThat(f.events.of(AuthEvent.PasswordChanged.class)).hasSize(1);
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndAValidNewOne() {
        LoginResult login = f.registerAndLogin("test@example.com");
        String hash = f.users.findByEmail("test@example.com").orElseThrow().passwordHash();

        assertThatThrownBy(() -> f.latchkey.changePassword(caller(login), "wrong-current", "a-brand-new-passphrase",
                Fixtures.CLIENT))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("current_password"));
        assertThatThrownBy(() -> f.latchkey.changePassword(caller(login), Fixtures.PASSWORD, "short", Fixtures.CLIENT))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("new_password"));
        assertThatThrownBy(() -> f.latchkey.changePassword(caller(login), Fixtures.PASSWORD, Fixtures.PASSWORD,
                Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
        assertThat(f.users.findByEmail("test@example.com").orElseThrow().passwordHash()).isEqualTo(hash);
    }

    @Test
    void disablingAUserEndsEverySession() {
        LoginResult login = f.registerAndLogin("test@example.com");

        assertThat(f.latchkey.disableUser(login.account().id())).isTrue();

        assertRevoked(login.accessToken().value());
        assertThatThrownBy(() -> f.latchkey.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(f.latchkey.disableUser(UserId.random())).isFalse();
    }

    @Test
    void theCurrentUserIsFoundFromTheToken() {
        LoginResult login = f.registerAndLogin("test@example.com");
        assertThat(f.latchkey.currentUser(caller(login)).email()).isEqualTo("test@example.com");
    }

    @Test
    void finishedSessionsAreDeletedAfterTheirKeepPeriod() {
        LoginResult ended = f.registerAndLogin("test@example.com");
        f.latchkey.logout(caller(ended), null);
        LoginResult live = f.login("test@example.com");
        f.clock.advance(Duration.ofDays(2));

        int deleted = f.latchkey.deleteFinishedSessions(Duration.ofDays(1));

        assertThat(deleted).isEqualTo(1);
        assertThat(f.sessions.findById(ended.session().id())).isEmpty();
        assertThat(f.sessions.findById(live.session().id())).isPresent();
    }

    @Test
    void theWholeCleanUpDeletesFinishedSessionsAndLeavesLiveOnes() {
        LoginResult ended = f.registerAndLogin("test@example.com");
        f.latchkey.logout(caller(ended), null);
        LoginResult live = f.login("test@example.com");
        f.clock.advance(Duration.ofDays(2));

        assertThat(f.latchkey.cleanUp(Duration.ofDays(1))).isGreaterThanOrEqualTo(1);
        assertThat(f.sessions.findById(ended.session().id())).isEmpty();
        assertThat(f.sessions.findById(live.session().id())).isPresent();
        assertThat(f.latchkey.cleanUp(Duration.ofDays(1))).as("nothing left to delete").isZero();
    }
}
