package dev.latchkey.core.user;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where users live. Latchkey ships an in-memory and a PostgreSQL implementation; a host with a
 * users table of its own implements this interface over it. Every implementation must pass the
 * contract suite {@code UserRepositoryContract} from auth-core's test-jar.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the store cannot be reached;
 * none throws a driver's exception.
 */
public interface UserRepository {

    /**
     * Stores a new user, every field as given ({@linkplain User#legacyPassword() the legacy flag}
     * included).
     *
     * @throws DuplicateEmailException if a user with the same email, compared case-insensitively,
     *     exists already, also when two registrations race
     */
    void create(User user);

    /** The user with this email, compared case-insensitively. */
    Optional<User> findByEmail(String email);

    /** The user with this id. */
    Optional<User> findById(UserId id);

    /**
     * Replaces the password hash only if it is still {@code expectedHash} (compare-and-set), so
     * that two logins re-hashing at once, or a re-hash racing a password change, never lose a
     * newer password. The new hash is always Latchkey's own, so the same atomic step sets the
     * user's {@linkplain User#legacyPassword() legacy flag} to false; a call that replaces nothing
     * leaves the flag as it was.
     *
     * @return whether the hash was replaced
     */
    boolean replacePasswordHash(UserId id, String expectedHash, String newHash);

    /**
     * Moves the user's {@linkplain User#sessionEpoch() session epoch} forward by one, atomically.
     * Latchkey calls it before it ends every session of the user, and a login re-reads the epoch
     * after it created its session: one of the two always sees the other.
     *
     * @return whether such a user exists
     */
    boolean advanceSessionEpoch(UserId id);

    /**
     * Marks the user active or not.
     *
     * @return whether such a user exists
     */
    boolean setActive(UserId id, boolean active);

    /**
     * Marks the user's email verified, only if it is still {@code email} (compared
     * case-insensitively): a link sent to an address the user has since changed proves nothing.
     *
     * @return whether it was marked
     */
    boolean markEmailVerified(UserId id, String email);

    /**
     * Changes the user's email and, in the same step, marks it not verified.
     *
     * @return the user as stored after the call; empty if there is no such user
     * @throws DuplicateEmailException if another user has that email (case-insensitively)
     */
    Optional<User> changeEmail(UserId id, String newEmail);

    /**
     * Adds a role to the user, atomically; a role the user holds already changes nothing.
     *
     * @return the user as stored after the call; empty if there is no such user
     */
    Optional<User> grantRole(UserId id, String role);

    /**
     * Takes a role from the user, atomically: if the user held it, the same step moves the user's
     * {@linkplain User#rolesVersion() roles version} forward by one and records the removal at
     * {@code now}, so that {@link #findRolesRevokedSince} reports it; otherwise nothing changes.
     *
     * @return the user as stored after the call; empty if there is no such user
     */
    Optional<User> removeRole(UserId id, String role, Instant now);

    /**
     * The users a role was removed from at or after {@code since}, with their roles version after
     * their latest removal, oldest removal first, at most {@code limit}: the feed through which a
     * node learns which access tokens other nodes' removals made stale.
     */
    List<RolesRevoked> findRolesRevokedSince(Instant since, int limit);

    /**
     * The users matching {@code search}, newest registration first (ties by id), skipping
     * {@code offset}, at most {@code limit}.
     */
    List<User> search(UserSearch search, long offset, int limit);

    /** How many users match {@code search}. */
    long count(UserSearch search);
}
