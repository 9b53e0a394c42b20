package dev.latchkey.core.token;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the access-token verifier consults so that logout and revoke-all take effect at once: the
 * sessions ended recently, and per user an instant before which all tokens were revoked. Checking
 * it costs two hash lookups and no I/O.
 *
 * <p><b>Consistency.</b> Everything this process ends is recorded before the ending call
 * returns, so it is refused here at once. Sessions that <em>other</em> processes end reach this
 * list through {@code Latchkey.syncEndedSessions()}, which a storage adapter's feed calls (or the
 * host, on a schedule); until then, and at most for one polling interval, such a session's access
 * tokens still verify here.
 *
 * <p><b>Memory.</b> An entry is needed only while a token that it refuses could still be
 * unexpired: it is dropped {@code retention} (the access-token lifetime plus the clock-skew
 * leeway) after the session ended. The list therefore holds the sessions ended within the last
 * retention period, about 100 bytes each.
 */
final class RevocationList {

    private static final int PURGE_EVERY_WRITES = 1024;

    private final Duration retention;
    private final Map<SessionId, Instant> endedSessions = new ConcurrentHashMap<>();
    private final Map<UserId, Instant> userCutoffs = new ConcurrentHashMap<>();
    private final Map<UserId, RolesCut> rolesCuts = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    /**
     * An empty list.
     *
     * @param retention how long an entry is kept: the access-token lifetime plus the leeway
     */
    RevocationList(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        this.retention = retention;
    }

    /** Records that a session was ended: its access tokens are refused from now on. */
    void sessionEnded(SessionId sessionId, Instant endedAt) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(endedAt, "endedAt");
        endedSessions.merge(sessionId, endedAt, (a, b) -> a.isAfter(b) ? a : b);
        afterWrite(endedAt);
    }

    /**
     * Records that every access token of the user issued before {@code cutoff} is revoked. A
     * token's {@code iat} has whole seconds, so the cutoff is taken down to its second: a token
     * issued in the same second as a revoke-all is refused through its ended session instead,
     * and a login right after a revoke-all is not refused by mistake.
     */
    void tokensRevokedBefore(UserId userId, Instant cutoff) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cutoff, "cutoff");
        Instant second = cutoff.truncatedTo(ChronoUnit.SECONDS);
        userCutoffs.merge(userId, second, (a, b) -> a.isAfter(b) ? a : b);
        afterWrite(cutoff);
    }

    /**
     * Records that a role was taken from the user: every access token of the user issued under a
     * roles version below {@code rolesVersion} is revoked. Exact, unlike a time cut-off: a token
     * issued in the same second but after the removal carries the new version and passes.
     */
    void rolesRevoked(UserId userId, long rolesVersion, Instant revokedAt) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        rolesCuts.merge(userId, new RolesCut(rolesVersion, revokedAt),
                (a, b) -> a.version() >= b.version() ? a : b);
        afterWrite(revokedAt);
    }

    /**
     * Whether a token of this session and user, issued at {@code issuedAt} under roles version
     * {@code rolesVersion}, is revoked.
     */
    boolean isRevoked(SessionId sessionId, UserId userId, Instant issuedAt, long rolesVersion) {
        if (endedSessions.containsKey(sessionId)) {
            return true;
        }
        Instant cutoff = userCutoffs.get(userId);
        if (cutoff != null && issuedAt.isBefore(cutoff)) {
            return true;
        }
        RolesCut cut = rolesCuts.get(userId);
        return cut != null && rolesVersion < cut.version();
    }

    /** Drops the entries no unexpired token can need any more. */
    void purge(Instant now) {
        Instant threshold = now.minus(retention);
        endedSessions.values().removeIf(endedAt -> endedAt.isBefore(threshold));
        userCutoffs.values().removeIf(cutoff -> cutoff.isBefore(threshold));
        rolesCuts.values().removeIf(cut -> cut.at().isBefore(threshold));
    }

    /** How many entries the list holds now. */
    int size() {
        return endedSessions.size() + userCutoffs.size() + rolesCuts.size();
    }

    /** The lowest roles version still valid for a user, since a removal at {@code at}. */
    private record RolesCut(long version, Instant at) {
    }

    private void afterWrite(Instant now) {
        if (writes.incrementAndGet() % PURGE_EVERY_WRITES == 0) {
            purge(now);
        }
    }
}
