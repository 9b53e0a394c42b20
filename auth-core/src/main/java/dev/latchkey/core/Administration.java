package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent.AdminAction.Kind;
import dev.latchkey.core.user.UserSearch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an administrator may do: list and search users, read one with their sessions, disable and
 * enable users, end any session, grant and remove roles (one at a time or as a whole set). Get one from
 * {@link Latchkey#admin(dev.latchkey.core.token.VerifiedAccessToken)} (for a caller holding the
 * administrator role) or {@link Latchkey#admin(Actor)} (for the host itself: a start-up setting, a
 * command). Every call publishes an {@link dev.latchkey.core.event.AuthEvent.AdminAction} naming
 * the actor.
 *
 * <p>Changes take effect at once, on every node sharing the store: disabling ends every session of
 * the user and refuses their access tokens; removing a role refuses every access token the user
 * holds from before (the client refreshes and gets one without the role; the session lives on).
 * Granting a role reaches the user's next token (after a login or a refresh).
 *
 * <p>An administrator cannot disable themselves or remove the administrator role from themselves,
 * so a service is never left without the administrator who acted.
 */
public final class Administration {

    /** The most roles {@link #setRoles} takes at once. */
    public static final int MAX_ROLES = 64;

    /** The largest page of users. */
    public static final int MAX_PAGE_SIZE = 100;

    private final Latchkey latchkey;
    private final Actor actor;

    Administration(Latchkey latchkey, Actor actor) {
        this.latchkey = latchkey;
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** Who acts through this instance. */
    public Actor actor() {
        return actor;
    }

    /**
     * A page of the users matching {@code search}, newest registration first.
     *
     * @param page the page number, from 0
     * @param size users per page, from 1 to {@value #MAX_PAGE_SIZE}
     * @throws ValidationException if the page or size is out of range, or the role is not a role name
     */
    public UserPage users(UserSearch search, int page, int size) {
        Objects.requireNonNull(search, "search");
        UserSearch checked = new UserSearch(search.text(),
                search.role() == null ? null : RoleNames.fromRequest(search.role()));
        if (page < 0) {
            throw ValidationException.of("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ValidationException.of("size", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        if (checked.text() != null && checked.text().length() > 254) {
            throw ValidationException.of("query", "must be at most 254 characters");
        }
        if (!StorableText.isStorable(checked.text())) {
            throw ValidationException.of("query", "must not contain NUL or unpaired surrogates");
        }
        UserPage result = latchkey.listUsers(checked, page, size);
        latchkey.published(actor, Kind.LISTED_USERS, null, "text=" + checked.text() + ", role=" + checked.role()
                + ", page=" + page + ", size=" + size);
        return result;
    }

    /**
     * One user with their usable sessions.
     *
     * @throws UserNotFoundException if there is no such user
     */
    public UserDetails user(UserId userId) {
        UserDetails details = latchkey.userDetails(userId);
        latchkey.published(actor, Kind.VIEWED_USER, userId, null);
        return details;
    }

    /**
     * The user with this email (compared case-insensitively), if any.
     */
    public Optional<Account> userByEmail(String email) {
        Optional<Account> found = latchkey.findByEmail(Objects.requireNonNull(email, "email"));
        latchkey.published(actor, Kind.VIEWED_USER, found.map(Account::id).orElse(null), "email=" + email);
        return found;
    }

    /** What {@link #makeFirstAdministrators} did with one email. */
    public enum FirstAdministrator {
        /** The user got the administrator role. */
        GRANTED,
        /** The user held the role already. */
        HELD_ALREADY,
        /** No user has the email. */
        NO_SUCH_USER,
        /** The user has not proved to receive mail at the email, so anyone might have registered it. */
        EMAIL_NOT_VERIFIED,
        /** The user is disabled. */
        DISABLED,
        /** Another user holds the administrator role already: the first administrators exist. */
        ADMINISTRATOR_EXISTS
    }

    /**
     * Makes the first administrators, for a start-up setting that lists their emails: while no user
     * holds the administrator role, each listed user who is active and has verified the email gets
     * it. Once any administrator exists, the list changes nothing more (an administrator the others
     * demoted does not get the role back at the next start). An email nobody has, or that is not
     * verified, gets nothing: registering a listed address is not enough to become administrator.
     *
     * @return what happened to each email, in the order given
     */
    public Map<String, FirstAdministrator> makeFirstAdministrators(Collection<String> emails) {
        String role = latchkey.config().adminRole();
        boolean administratorExists = latchkey.listUsers(new UserSearch(null, role), 0, 1).total() > 0;
        Map<String, FirstAdministrator> outcomes = new LinkedHashMap<>();
        for (String email : emails) {
            Optional<Account> found = userByEmail(email);
            FirstAdministrator outcome;
            if (found.isEmpty()) {
                outcome = FirstAdministrator.NO_SUCH_USER;
            } else if (found.get().roles().contains(role)) {
                outcome = FirstAdministrator.HELD_ALREADY;
            } else if (administratorExists) {
                outcome = FirstAdministrator.ADMINISTRATOR_EXISTS;
            } else if (!found.get().active()) {
                outcome = FirstAdministrator.DISABLED;
            } else if (!found.get().emailVerified()) {
                outcome = FirstAdministrator.EMAIL_NOT_VERIFIED;
            } else {
                grantRole(found.get().id(), role);
                outcome = FirstAdministrator.GRANTED;
            }
            outcomes.put(email, outcome);
        }
        return outcomes;
    }

    /**
     * Disables the user: logins fail, and every session ends now with its access tokens.
     *
     * @return the user as disabled
     * @throws UserNotFoundException if there is no such user
     * @throws ValidationException if the administrator names themselves
     */
    public Account disable(UserId userId) {
        requireNotSelf(userId, "an administrator cannot disable themselves");
        Account account = latchkey.setActive(userId, false);
        latchkey.published(actor, Kind.DISABLED_USER, userId, null);
        return account;
    }

    /**
     * Enables a disabled user again (their ended sessions stay ended).
     *
     * @return the user as enabled
     * @throws UserNotFoundException if there is no such user
     */
    public Account enable(UserId userId) {
        Account account = latchkey.setActive(userId, true);
        latchkey.published(actor, Kind.ENABLED_USER, userId, null);
        return account;
    }

    /**
     * Ends any user's session now; its access tokens are refused from now on.
     *
     * @throws SessionNotFoundException if there is no such session, or it had ended already
     */
    public void endSession(SessionId sessionId) {
        UserId owner = latchkey.endAnySession(sessionId);
        latchkey.published(actor, Kind.ENDED_SESSION, owner, sessionId.toString());
    }

    /**
     * Grants a role; the user's next access token carries it.
     *
     * @param role a role name: 1 to 64 characters, a letter first, then letters, digits, '_', '.',
     *     ':' or '-'; kept in lower case
     * @return the user with the role
     * @throws UserNotFoundException if there is no such user
     * @throws ValidationException if {@code role} is not a role name
     */
    public Account grantRole(UserId userId, String role) {
        String name = RoleNames.fromRequest(role);
        Account account = latchkey.grantRole(userId, name);
        latchkey.published(actor, Kind.GRANTED_ROLE, userId, name);
        return account;
    }

    /**
     * Removes a role, at once: every access token the user holds from before is refused from now
     * on, on every node, and the next one (after a refresh) lacks the role. Removing a role the user
     * does not hold changes nothing.
     *
     * @return the user without the role
     * @throws UserNotFoundException if there is no such user
     * @throws ValidationException if {@code role} is not a role name, or an administrator removes
     *     the administrator role from themselves
     */
    public Account removeRole(UserId userId, String role) {
        String name = RoleNames.fromRequest(role);
        if (name.equals(latchkey.config().adminRole())) {
            requireNotSelf(userId, "an administrator cannot remove the administrator role from themselves");
        }
        Account account = latchkey.removeRole(userId, name);
        latchkey.published(actor, Kind.REMOVED_ROLE, userId, name);
        return account;
    }

    /**
     * Gives the user exactly these roles: those missing are granted, those not named are removed
     * (at once, as {@link #removeRole} does), each change published as its own event. Every name is
     * checked before anything changes.
     *
     * @param roles role names, as {@link #grantRole} takes them; duplicates in any case are one role
     * @return the user with the roles
     * @throws UserNotFoundException if there is no such user
     * @throws ValidationException if a name is not a role name (field {@code roles[i]}), there are
     *     more than {@value #MAX_ROLES} of them, or an administrator would lose their own
     *     administrator role
     */
    public Account setRoles(UserId userId, Collection<String> roles) {
        Objects.requireNonNull(roles, "roles");
        Set<String> wanted = new TreeSet<>();
        List<FieldError> errors = new ArrayList<>();
        int i = 0;
        for (String role : roles) {
            try {
                wanted.add(RoleNames.fromRequest(role));
            } catch (ValidationException e) {
                errors.add(new FieldError("roles[" + i + "]", e.errors().get(0).message()));
            }
            i++;
        }
        if (roles.size() > MAX_ROLES) {
            errors.add(new FieldError("roles", "at most " + MAX_ROLES + " roles"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (!wanted.contains(latchkey.config().adminRole())) {
            requireNotSelf(userId, "an administrator cannot remove the administrator role from themselves");
        }
        Account current = latchkey.account(Objects.requireNonNull(userId, "userId"));
        Account account = current;
        for (String role : wanted) {
            if (!current.roles().contains(role)) {
                account = grantRole(userId, role);
            }
        }
        for (String role : current.roles()) {
            if (!wanted.contains(role)) {
                account = removeRole(userId, role);
            }
        }
        return account;
    }

    private void requireNotSelf(UserId userId, String message) {
        Objects.requireNonNull(userId, "userId");
        if (userId.equals(actor.userId())) {
            throw ValidationException.of("user_id", message);
        }
    }
}
