package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.AccessDeniedException;
import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.Account;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.SessionNotFoundException;
import dev.latchkey.core.UserDetails;
import dev.latchkey.core.UserId;
import dev.latchkey.core.UserNotFoundException;
import dev.latchkey.core.UserPage;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEvent.AdminAction.Kind;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles in access tokens, their removal taking effect at once (on this node, and on another node
 * sharing the store as soon as it reads the store's feed), the host's claims, and the
 * administration, over a real store. An adapter's test extends this class and supplies fresh
 * repositories; two {@link Latchkey} instances over the same repositories stand for two nodes.
 */
public abstract class RolesAndAdministrationContract {

    private UserRepository users;
    private SessionRepository sessions;
    private RecordingListener events;
    private Latchkey node;
    private Latchkey otherNode;
    private Actor system;

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty session repository over the users of {@link #createUserRepository()}. */
    protected abstract SessionRepository createSessionRepository();

    @BeforeEach
    void setUp() {
        users = createUserRepository();
        sessions = createSessionRepository();
        events = new RecordingListener();
        node = nodeBuilder().listener(events).build();
        otherNode = nodeBuilder().build();
        system = Actor.system("contract test");
    }

    private Latchkey.Builder nodeBuilder() {
        return Latchkey.builder().users(users).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.unthrottledConfig().build());
    }

    private Account registered() {
        return node.register(Fixtures.registration("roles-" + UUID.randomUUID() + "@example.com"));
    }

    private LoginResult login(Account account) {
        return node.login(account.email(), Fixtures.PASSWORD, "device", Fixtures.CLIENT);
    }

    private VerifiedAccessToken adminCaller() {
        Account admin = registered();
        node.admin(system).grantRole(admin.id(), "admin");
        return node.verify(login(admin).accessToken().value());
    }

    @Test
    void aGrantedRoleReachesTheNextTokenAndTheVerifiedTokenCarriesIt() {
        Account user = registered();
        LoginResult before = login(user);
        assertThat(node.verify(before.accessToken().value()).roles()).isEmpty();

        Account granted = node.admin(system).grantRole(user.id(), "Editor");
        RefreshResult refreshed = node.refresh(before.refreshToken(), Fixtures.CLIENT);

        assertThat(granted.roles()).containsExactly("editor");
        VerifiedAccessToken token = node.verify(refreshed.accessToken().value());
        assertThat(token.roles()).containsExactly("editor");
        assertThat(token.hasRole("EDITOR")).isTrue();
        assertThat(otherNode.verify(refreshed.accessToken().value()).roles()).containsExactly("editor");
        assertThat(node.verify(login(user).accessToken().value()).roles()).containsExactly("editor");
        assertThat(node.currentUser(token).roles()).containsExactly("editor");
    }

    @Test
    void removingARoleRefusesEveryTokenTheUserHoldsAtOnceAndTheRefreshedOneLacksIt() {
        Account user = registered();
        node.admin(system).grantRole(user.id(), "editor");
        node.admin(system).grantRole(user.id(), "support");
        LoginResult phone = login(user);
        LoginResult laptop = login(user);
        assertThat(node.verify(phone.accessToken().value()).roles()).containsExactly("editor", "support");

        node.admin(system).removeRole(user.id(), "editor");

        for (LoginResult device : List.of(phone, laptop)) {
            assertThatThrownBy(() -> node.verify(device.accessToken().value()))
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
            VerifiedAccessToken fresh = node.verify(node.refresh(device.refreshToken(), Fixtures.CLIENT)
                    .accessToken().value());
            assertThat(fresh.roles()).as("the session lives on, without the role").containsExactly("support");
        }
        VerifiedAccessToken afterLogin = node.verify(login(user).accessToken().value());
        assertThat(afterLogin.roles()).containsExactly("support");
    }

    @Test
    void anotherNodeRefusesTheOldTokenOnceItReadsTheStore() {
        Account user = registered();
        node.admin(system).grantRole(user.id(), "editor");
        LoginResult login = login(user);
        otherNode.syncEndedSessions();
        assertThat(otherNode.verify(login.accessToken().value()).roles()).containsExactly("editor");

        node.admin(system).removeRole(user.id(), "editor");
        otherNode.syncEndedSessions();

        assertThatThrownBy(() -> otherNode.verify(login.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        RefreshResult refreshed = otherNode.refresh(login.refreshToken(), Fixtures.CLIENT);
        assertThat(otherNode.verify(refreshed.accessToken().value()).roles()).isEmpty();
        assertThat(node.verify(refreshed.accessToken().value()).roles()).isEmpty();
    }

    @Test
    void aNodeStartedAfterTheRemovalRefusesTheOldTokenToo() {
        Account user = registered();
        node.admin(system).grantRole(user.id(), "editor");
        LoginResult login = login(user);
        node.admin(system).removeRole(user.id(), "editor");

        Latchkey started = nodeBuilder().build();

        assertThatThrownBy(() -> started.verify(login.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aTokenRefreshedInTheSameSecondAsTheRemovalIsNotRefused() {
        Account user = registered();
        node.admin(system).grantRole(user.id(), "editor");
        node.admin(system).grantRole(user.id(), "support");
        LoginResult login = login(user);

        node.admin(system).removeRole(user.id(), "editor");
        String fresh = node.refresh(login.refreshToken(), Fixtures.CLIENT).accessToken().value();

        assertThat(node.verify(fresh).roles()).containsExactly("support");
        node.admin(system).removeRole(user.id(), "nothing-held");
        assertThat(node.verify(fresh).roles()).as("removing a role not held refuses nothing")
                .containsExactly("support");
    }

    @Test
    void grantingOrRemovingARoleOfAnotherUserLeavesThisUsersTokensAlone() {
        Account user = registered();
        Account other = registered();
        node.admin(system).grantRole(user.id(), "editor");
        node.admin(system).grantRole(other.id(), "editor");
        LoginResult login = login(user);

        node.admin(system).removeRole(other.id(), "editor");

        assertThat(node.verify(login.accessToken().value()).roles()).containsExactly("editor");
    }

    @Test
    void theHostsClaimsAreSignedIntoEveryTokenAndReadBack() {
        Latchkey withClaims = nodeBuilder()
                .claims((userId, roles) -> Map.of("tenant", "acme", "plan", Map.of("seats", 5), "admin",
                        roles.contains("admin")))
                .build();
        Account user = registered();
        LoginResult login = withClaims.login(user.email(), Fixtures.PASSWORD, null, Fixtures.CLIENT);

        VerifiedAccessToken token = withClaims.verify(login.accessToken().value());

        assertThat(token.claims()).containsEntry("tenant", "acme").containsEntry("plan", Map.of("seats", 5L))
                .containsEntry("admin", false).doesNotContainKeys("sub", "sid", "roles", "exp");
        VerifiedAccessToken refreshed = withClaims.verify(
                withClaims.refresh(login.refreshToken(), Fixtures.CLIENT).accessToken().value());
        assertThat(refreshed.claims()).containsEntry("tenant", "acme");
    }

    @Test
    void claimsThatWouldOverwriteLatchkeysOwnOrAreNotJsonFailTheLoginAndStoreNoSession() {
        Account user = registered();
        for (AccessTokenClaims bad : List.<AccessTokenClaims>of(
                (id, roles) -> Map.of("sub", "someone-else"),
                (id, roles) -> Map.of("roles", List.of("admin")),
                (id, roles) -> Map.of("when", new Object()),
                (id, roles) -> Map.of("ratio", Double.NaN))) {
            Latchkey withBadClaims = nodeBuilder().claims(bad).build();
            assertThatThrownBy(() -> withBadClaims.login(user.email(), Fixtures.PASSWORD, null, Fixtures.CLIENT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("AccessTokenClaims");
        }
    }

    @Test
    void onlyAHolderOfTheAdministratorRoleGetsTheAdministration() {
        Account user = registered();
        VerifiedAccessToken plain = node.verify(login(user).accessToken().value());

        assertThatThrownBy(() -> node.admin(plain)).isInstanceOf(AccessDeniedException.class);

        VerifiedAccessToken admin = adminCaller();
        Administration administration = node.admin(admin);
        assertThat(administration.actor().userId()).isEqualTo(admin.userId());
    }

    @Test
    void anAdministratorWhoseRoleIsRemovedIsRefusedAtOnce() {
        Account former = registered();
        node.admin(system).grantRole(former.id(), "admin");
        LoginResult login = login(former);
        node.admin(node.verify(login.accessToken().value()));

        node.admin(system).removeRole(former.id(), "admin");

        assertThatThrownBy(() -> node.verify(login.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        VerifiedAccessToken refreshed = node.verify(node.refresh(login.refreshToken(), Fixtures.CLIENT)
                .accessToken().value());
        assertThatThrownBy(() -> node.admin(refreshed)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aRequestVerifiedJustBeforeItsAdministratorLostTheRoleOrWasDisabledIsRefused() {
        VerifiedAccessToken demoted = adminCaller();
        VerifiedAccessToken disabled = adminCaller();

        node.admin(system).removeRole(demoted.userId(), "admin");
        node.admin(system).disable(disabled.userId());

        assertThatThrownBy(() -> node.admin(demoted)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> otherNode.admin(demoted)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> node.admin(disabled)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> otherNode.admin(disabled)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aConfiguredAdministratorRoleIsTheOneChecked() {
        Latchkey custom = Latchkey.builder().users(users).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.unthrottledConfig().adminRole("Ops").build()).build();
        Account user = registered();
        custom.admin(system).grantRole(user.id(), "admin");
        VerifiedAccessToken notOps = custom.verify(custom.login(user.email(), Fixtures.PASSWORD, null,
                Fixtures.CLIENT).accessToken().value());
        assertThatThrownBy(() -> custom.admin(notOps)).isInstanceOf(AccessDeniedException.class);

        custom.admin(system).grantRole(user.id(), "ops");
        VerifiedAccessToken ops = custom.verify(custom.login(user.email(), Fixtures.PASSWORD, null,
                Fixtures.CLIENT).accessToken().value());
        assertThat(custom.admin(ops).actor().name()).isEqualTo(user.email());
    }

    @Test
    void usersAreListedPagedAndSearched() {
        String tag = "list" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 5; i++) {
            node.register(Fixtures.registration(tag + "-" + i + "@example.com"));
        }
        Administration admin = node.admin(adminCaller());

        UserPage first = admin.users(new UserSearch(tag, null), 0, 2);
        UserPage last = admin.users(new UserSearch(tag, null), 2, 2);

        assertThat(first.total()).isEqualTo(5);
        assertThat(first.users()).hasSize(2);
        assertThat(last.users()).hasSize(1);
        assertThat(admin.users(new UserSearch(tag, "admin"), 0, 10).total()).isZero();
        assertThatThrownBy(() -> admin.users(UserSearch.ALL, 0, 101)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> admin.users(UserSearch.ALL, -1, 10)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> admin.users(new UserSearch("a\u0000b", null), 0, 10))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> admin.users(new UserSearch(null, "not a role"), 0, 10))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void oneUserIsReadWithTheirUsableSessions() {
        Account user = registered();
        LoginResult phone = login(user);
        LoginResult laptop = login(user);
        node.logout(node.verify(laptop.accessToken().value()), null);
        Administration admin = node.admin(adminCaller());

        UserDetails details = admin.user(user.id());

        assertThat(details.account().email()).isEqualTo(user.email());
        assertThat(details.sessions()).extracting(s -> s.id()).containsExactly(phone.session().id());
        assertThatThrownBy(() -> admin.user(UserId.random())).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void disablingEndsEverySessionAtOnceAndEnablingLetsTheUserLogInAgain() {
        Account user = registered();
        LoginResult login = login(user);
        Administration admin = node.admin(adminCaller());

        Account disabled = admin.disable(user.id());

        assertThat(disabled.active()).isFalse();
        assertThatThrownBy(() -> node.verify(login.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> node.refresh(login.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> login(user)).isInstanceOf(InvalidCredentialsException.class);
        otherNode.syncEndedSessions();
        assertThatThrownBy(() -> otherNode.verify(login.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);

        assertThat(admin.enable(user.id()).active()).isTrue();
        assertThat(login(user).accessToken().value()).isNotEmpty();
        assertThatThrownBy(() -> admin.disable(UserId.random())).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void anAdministratorEndsAnyonesSessionAtOnce() {
        Account user = registered();
        LoginResult phone = login(user);
        LoginResult laptop = login(user);
        Administration admin = node.admin(adminCaller());

        admin.endSession(phone.session().id());

        assertThatThrownBy(() -> node.verify(phone.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> node.refresh(phone.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(node.verify(laptop.accessToken().value()).userId()).isEqualTo(user.id());
        assertThatThrownBy(() -> admin.endSession(phone.session().id())).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> admin.endSession(SessionId.random())).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void endingAnotherUsersSessionWithoutTheRoleStaysRefused() {
        Account user = registered();
        LoginResult victim = login(user);
        VerifiedAccessToken stranger = node.verify(login(registered()).accessToken().value());

        assertThatThrownBy(() -> node.endSession(stranger, victim.session().id()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(node.verify(victim.accessToken().value()).userId()).isEqualTo(user.id());
    }

    @Test
    void anAdministratorCannotDisableThemselvesNorDropTheirOwnAdministratorRole() {
        VerifiedAccessToken caller = adminCaller();
        Administration admin = node.admin(caller);

        assertThatThrownBy(() -> admin.disable(caller.userId())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> admin.removeRole(caller.userId(), "ADMIN")).isInstanceOf(ValidationException.class);
        assertThat(node.verify(login(node.currentUser(caller)).accessToken().value()).roles()).contains("admin");
        assertThat(admin.removeRole(caller.userId(), "nothing").roles()).contains("admin");
    }

    @Test
    void badRoleNamesAndUnknownUsersAreRefusedAndChangeNothing() {
        Account user = registered();
        Administration admin = node.admin(system);

        for (String bad : new String[] {"", " ", "1admin", "a b", "admin!", "ｒｏｌｅ", "\u212Aey", "r".repeat(65), null}) {
            assertThatThrownBy(() -> admin.grantRole(user.id(), bad)).as("%s", bad)
                    .isInstanceOf(ValidationException.class);
        }
        assertThatThrownBy(() -> admin.grantRole(UserId.random(), "admin")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> admin.removeRole(UserId.random(), "admin")).isInstanceOf(UserNotFoundException.class);
        assertThat(admin.user(user.id()).account().roles()).isEmpty();
    }

    @Test
    void settingTheRolesGrantsTheMissingAndRemovesTheRestAtOnceWithAnEventForEach() {
        Account user = registered();
        Administration admin = node.admin(system);
        admin.grantRole(user.id(), "editor");
        admin.grantRole(user.id(), "support");
        LoginResult login = login(user);
        int before = events.of(AuthEvent.AdminAction.class).size();

        Account set = admin.setRoles(user.id(), List.of("Support", "auditor", "AUDITOR"));
        List<AuthEvent.AdminAction> published = events.of(AuthEvent.AdminAction.class);

        assertThat(set.roles()).containsExactly("auditor", "support");
        assertThat(admin.user(user.id()).account().roles()).containsExactly("auditor", "support");
        assertThatThrownBy(() -> node.verify(login.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        assertThat(node.verify(node.refresh(login.refreshToken(), Fixtures.CLIENT).accessToken().value()).roles())
                .containsExactly("auditor", "support");
        assertThat(published.subList(before, published.size())).extracting(AuthEvent.AdminAction::kind,
                AuthEvent.AdminAction::detail).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Kind.GRANTED_ROLE, "auditor"),
                        org.assertj.core.groups.Tuple.tuple(Kind.REMOVED_ROLE, "editor"));

        Account same = admin.setRoles(user.id(), List.of("auditor", "support"));
        assertThat(same.roles()).containsExactly("auditor", "support");
        assertThat(admin.setRoles(user.id(), List.of()).roles()).isEmpty();
    }

    @Test
    void settingRolesWithABadNameOrOnOneselfChangesNothing() {
        Account user = registered();
        Administration host = node.admin(system);
        host.grantRole(user.id(), "editor");

        assertThatThrownBy(() -> host.setRoles(user.id(), java.util.Arrays.asList("auditor", "bad role", null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(dev.latchkey.core.FieldError::field).containsExactly("roles[1]", "roles[2]"));
        assertThatThrownBy(() -> host.setRoles(UserId.random(), List.of("auditor")))
                .isInstanceOf(UserNotFoundException.class);
        assertThat(host.user(user.id()).account().roles()).containsExactly("editor");

        VerifiedAccessToken caller = adminCaller();
        Administration self = node.admin(caller);
        assertThatThrownBy(() -> self.setRoles(caller.userId(), List.of("editor")))
                .isInstanceOf(ValidationException.class);
        assertThat(self.user(caller.userId()).account().roles()).containsExactly("admin");
        assertThat(self.setRoles(caller.userId(), List.of("admin", "editor")).roles()).containsExactly("admin", "editor");
    }

    @Test
    void theFirstAdministratorsAreVerifiedActiveListedUsersAndOnlyWhileThereIsNone() {
        Account verified = registered();
        users.markEmailVerified(verified.id(), verified.email());
        Account second = registered();
        users.markEmailVerified(second.id(), second.email());
        Account unverified = registered();
        Account disabled = registered();
        users.markEmailVerified(disabled.id(), disabled.email());
        node.disableUser(disabled.id());
        Administration host = node.admin(system);
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";

        Map<String, Administration.FirstAdministrator> first = host.makeFirstAdministrators(List.of(
                verified.email().toUpperCase(java.util.Locale.ROOT), unverified.email(), disabled.email(), nobody,
                second.email()));

        assertThat(first.values()).containsExactly(Administration.FirstAdministrator.GRANTED,
                Administration.FirstAdministrator.EMAIL_NOT_VERIFIED, Administration.FirstAdministrator.DISABLED,
                Administration.FirstAdministrator.NO_SUCH_USER, Administration.FirstAdministrator.GRANTED);
        assertThat(host.user(verified.id()).account().roles()).containsExactly("admin");
        assertThat(host.user(second.id()).account().roles()).containsExactly("admin");
        assertThat(host.user(unverified.id()).account().roles()).isEmpty();

        // Later starts: the listed unverified user verifies, the second administrator is demoted.
        users.markEmailVerified(unverified.id(), unverified.email());
        node.admin(node.verify(login(verified).accessToken().value())).removeRole(second.id(), "admin");
        Map<String, Administration.FirstAdministrator> later = host.makeFirstAdministrators(List.of(
                verified.email(), unverified.email(), second.email()));

        assertThat(later.values()).containsExactly(Administration.FirstAdministrator.HELD_ALREADY,
                Administration.FirstAdministrator.ADMINISTRATOR_EXISTS,
                Administration.FirstAdministrator.ADMINISTRATOR_EXISTS);
        assertThat(host.user(unverified.id()).account().roles()).isEmpty();
        assertThat(host.user(second.id()).account().roles()).isEmpty();
    }

    @Test
    void everyAdministrativeActionPublishesAnEventNamingTheActor() {
        Account user = registered();
        LoginResult login = login(user);
        VerifiedAccessToken caller = adminCaller();
        Administration admin = node.admin(caller);
        Account adminAccount = node.currentUser(caller);

        admin.users(UserSearch.ALL, 0, 10);
        admin.user(user.id());
        admin.grantRole(user.id(), "editor");
        admin.removeRole(user.id(), "editor");
        admin.endSession(login.session().id());
        admin.disable(user.id());
        admin.enable(user.id());

        List<AuthEvent.AdminAction> actions = events.of(AuthEvent.AdminAction.class).stream()
                .filter(a -> a.actor().userId() != null).toList();
        assertThat(actions).extracting(AuthEvent.AdminAction::kind).containsExactly(Kind.LISTED_USERS,
                Kind.VIEWED_USER, Kind.GRANTED_ROLE, Kind.REMOVED_ROLE, Kind.ENDED_SESSION, Kind.DISABLED_USER,
                Kind.ENABLED_USER);
        assertThat(actions).allSatisfy(a -> assertThat(a.actor()).isEqualTo(new Actor(caller.userId(),
                adminAccount.email())));
        assertThat(actions.get(2).userId()).isEqualTo(user.id());
        assertThat(actions.get(2).detail()).isEqualTo("editor");
        assertThat(actions.get(4).detail()).isEqualTo(login.session().id().toString());
        assertThat(events.of(AuthEvent.AdminAction.class)).filteredOn(a -> a.actor().userId() == null)
                .extracting(a -> a.actor().name()).containsOnly("contract test");
    }
}
