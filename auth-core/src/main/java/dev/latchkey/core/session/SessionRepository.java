package dev.latchkey.core.session;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions and their refresh-token hashes live. The rules (expiry, idle timeout, rotation,
 * reuse detection) are decided by Latchkey; an implementation stores, and makes each write
 * <em>atomic and conditional</em> as documented here, so that two nodes acting on the same
 * session at once cannot both succeed. Every implementation must pass the contract suite
 * {@code SessionRepositoryContract} from auth-core's test-jar.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the store cannot be reached;
 * a failed write changes nothing.
 */
public interface SessionRepository {

    /** Stores a new session. Its id and refresh-token hash are new. */
    void create(Session session);

    /** The session with this id, ended or not. */
    Optional<Session> findById(SessionId id);

    /**
     * The session whose current refresh token, or one of whose replaced refresh tokens, has this
     * hash, whatever its state.
     */
    Optional<TokenMatch> findByTokenHash(RefreshTokenHash hash);

    /**
     * In one atomic step: if a session's current refresh token has this hash, the session is
     * {@linkplain Usable#test usable} and its user is active, records its use (last used
     * {@code usable.now()}, from {@code ipAddress}) and returns it as it is after the update, with
     * its user's roles and roles version read in the same step.
     */
    Optional<UsedSession> touch(RefreshTokenHash current, Usable usable, String ipAddress);

    /**
     * In one atomic step: if a session's current refresh token has hash {@code current}, the
     * session is {@linkplain Usable#test usable} and its user is active, makes {@code next} its
     * current token, remembers {@code current} as replaced at {@code usable.now()}, records the
     * use, and returns the session as it is after the update with its user's roles and roles
     * version. Of two calls racing on the same {@code current}, exactly one succeeds.
     */
    Optional<UsedSession> rotate(RefreshTokenHash current, RefreshTokenHash next, Usable usable, String ipAddress);

    /**
     * Ends the session if it has not been ended yet.
     *
     * @return the session as ended by this call; empty if there is no such session or it had
     *     been ended already
     */
    Optional<Session> end(SessionId id, Instant now, EndReason reason);

    /**
     * Ends every session of the user that has not been ended yet, except {@code keep} (null to
     * keep none), in one atomic step.
     *
     * @return the sessions this call ended
     */
    List<Session> endAll(UserId userId, Instant now, EndReason reason, SessionId keep);

    /** The user's usable sessions, newest first. */
    List<Session> findUsable(UserId userId, Usable usable);

    /**
     * Sessions ended at or after {@code since}, oldest end first, at most {@code limit}: the feed
     * through which a node learns what other nodes ended.
     */
    List<EndedSession> findEndedSince(Instant since, int limit);

    /**
     * Deletes at most {@code limit} sessions that expired, or were ended, before {@code before},
     * together with their replaced-token records.
     *
     * @return how many sessions were deleted; call again while it equals {@code limit}
     */
    int deleteFinished(Instant before, int limit);
}
