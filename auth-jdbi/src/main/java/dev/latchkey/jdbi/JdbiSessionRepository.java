package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.EndedSession;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link SessionRepository} on {@code refresh_tokens} (one row per session) and
 * {@code refresh_token_replaced}. Every conditional write is one SQL statement, so PostgreSQL's
 * row locks make it atomic: of two nodes rotating the same token, the second re-checks the
 * {@code WHERE} clause after the first commits and matches nothing. Refreshes arriving together
 * share a statement ({@link RefreshBatches}), each with its own conditions and outcome.
 */
final class JdbiSessionRepository implements SessionRepository {

    /** The columns of a session, in the order {@link #map} reads them. */
    private static final String COLUMNS = """
            id, user_id, token_hash, device_name, host(ip_address) AS ip_address, user_agent, created_at, \
            last_used_at, host(last_ip_address) AS last_ip_address, expires_at, ended_at, end_reason""";

    /** {@link Usable#test}, as SQL over the session row. */
    private static final String USABLE =
            "ended_at IS NULL AND expires_at > :now AND last_used_at >= :idleCutoff";

    private static final UUID NO_SESSION = new UUID(0, 0);

    private final Jdbi jdbi;
    private final RefreshBatches refreshes;

    JdbiSessionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.refreshes = new RefreshBatches(jdbi, RefreshBatches.DEFAULT_SLOTS);
    }

    @Override
    public void create(Session s) {
        StorageErrors.run(() -> jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address, user_agent, created_at,
                                            last_used_at, last_ip_address, expires_at, ended_at, end_reason)
                VALUES (:id, :userId, :hash, :device, CAST(:ip AS inet), :userAgent, :createdAt,
                        :lastUsedAt, CAST(:lastIp AS inet), :expiresAt, :endedAt, :endReason)""")
                .bind("id", s.id().value())
                .bind("userId", s.userId().value())
                .bind("hash", s.refreshTokenHash().toBytes())
                .bind("device", s.deviceName())
                .bind("ip", s.ipAddress())
                .bind("userAgent", s.userAgent())
                .bind("createdAt", Times.bindable(s.createdAt()))
                .bind("lastUsedAt", Times.bindable(s.lastUsedAt()))
                .bind("lastIp", s.lastIpAddress())
                .bind("expiresAt", Times.bindable(s.expiresAt()))
                .bind("endedAt", Times.bindable(s.endedAt()))
                .bind("endReason", s.endReason() == null ? null : s.endReason().name())
                .execute()));
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM refresh_tokens WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiSessionRepository::map)
                .findOne()));
    }

    @Override
    public Optional<TokenMatch> findByTokenHash(RefreshTokenHash hash) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
                        , NULL::timestamptz AS replaced_at FROM refresh_tokens WHERE token_hash = :hash
                        UNION ALL
                        SELECT s.id, s.user_id, s.token_hash, s.device_name, host(s.ip_address), s.user_agent,
                               s.created_at, s.last_used_at, host(s.last_ip_address), s.expires_at, s.ended_at,
                               s.end_reason, r.replaced_at
                        FROM refresh_token_replaced r JOIN refresh_tokens s ON s.id = r.session_id
                        WHERE r.token_hash = :hash
                        LIMIT 1""")
                .bind("hash", hash.toBytes())
                .map((rs, ctx) -> {
                    Session session = map(rs, ctx);
                    OffsetDateTime replacedAt = rs.getObject("replaced_at", OffsetDateTime.class);
                    return replacedAt == null
                            ? (TokenMatch) new TokenMatch.Current(session)
                            : new TokenMatch.Replaced(session, replacedAt.toInstant());
                })
                .findOne()));
    }

    @Override
    public Optional<UsedSession> touch(RefreshTokenHash current, Usable usable, String ipAddress) {
        return refreshes.touch(current, usable, ipAddress);
    }

    @Override
    public Optional<UsedSession> rotate(RefreshTokenHash current, RefreshTokenHash next, Usable usable,
            String ipAddress) {
        return refreshes.rotate(current, next, usable, ipAddress);
    }

    @Override
    public Optional<Session> end(SessionId id, Instant now, EndReason reason) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        UPDATE refresh_tokens SET ended_at = :now, end_reason = :reason
                        WHERE id = :id AND ended_at IS NULL
                        RETURNING\s""" + COLUMNS)
                .bind("id", id.value())
                .bind("now", Times.bindable(now))
                .bind("reason", reason.name())
                .map(JdbiSessionRepository::map)
                .findOne()));
    }

    @Override
    public List<Session> endAll(UserId userId, Instant now, EndReason reason, SessionId keep) {
        // The sessions are locked in the order of their ids, as shared refresh statements lock them,
        // so the two never wait for each other in a cycle; then updated through the primary key (as
        // an array, so that the planner never joins the locked ids to a scan of the whole table).
        return StorageErrors.callRetryingDeadlocks(() -> jdbi.withHandle(h -> h.createQuery("""
                        WITH locked AS (
                            SELECT id AS locked_id FROM refresh_tokens
                            WHERE user_id = :userId AND ended_at IS NULL AND id <> :keep
                            ORDER BY id FOR UPDATE
                        )
                        UPDATE refresh_tokens SET ended_at = :now, end_reason = :reason
                        WHERE id = ANY(ARRAY(SELECT locked_id FROM locked)) AND ended_at IS NULL
                        RETURNING\s""" + COLUMNS)
                .bind("userId", userId.value())
                .bind("now", Times.bindable(now))
                .bind("reason", reason.name())
                .bind("keep", keep == null ? NO_SESSION : keep.value())
                .map(JdbiSessionRepository::map)
                .list()));
    }

    @Override
    public List<Session> findUsable(UserId userId, Usable usable) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM refresh_tokens WHERE user_id = :userId AND " + USABLE
                        + " ORDER BY created_at DESC, id")
                .bind("userId", userId.value())
                .bindMap(usableAt(usable))
                .map(JdbiSessionRepository::map)
                .list()));
    }

    @Override
    public List<EndedSession> findEndedSince(Instant since, int limit) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, user_id, ended_at FROM refresh_tokens
                        WHERE ended_at >= :since ORDER BY ended_at LIMIT :limit""")
                .bind("since", Times.bindable(since))
                .bind("limit", limit)
                .map((rs, ctx) -> new EndedSession(new SessionId(rs.getObject("id", UUID.class)),
                        new UserId(rs.getObject("user_id", UUID.class)),
                        rs.getObject("ended_at", OffsetDateTime.class).toInstant()))
                .list()));
    }

    @Override
    public int deleteFinished(Instant before, int limit) {
        // A bounded batch; rows another transaction holds are left for the next call.
        return call(() -> jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM refresh_tokens WHERE id IN (
                            SELECT id FROM refresh_tokens WHERE expires_at < :before OR ended_at < :before
                            LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .bind("before", Times.bindable(before))
                .bind("limit", limit)
                .execute()));
    }

    /** The bindings of {@link #USABLE}. */
    private static java.util.Map<String, Object> usableAt(Usable usable) {
        return java.util.Map.of("now", Times.bindable(usable.now()), "idleCutoff", Times.idleCutoff(usable.idleCutoff()));
    }

    static UsedSession used(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UsedSession(map(rs, ctx), Set.of((String[]) rs.getArray("user_roles").getArray()),
                rs.getLong("user_roles_version"));
    }

    private static Session map(ResultSet rs, StatementContext ctx) throws SQLException {
        String endReason = rs.getString("end_reason");
        OffsetDateTime endedAt = rs.getObject("ended_at", OffsetDateTime.class);
        return new Session(
                new SessionId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("user_id", UUID.class)),
                RefreshTokenHash.fromBytes(rs.getBytes("token_hash")),
                rs.getString("device_name"),
                rs.getString("ip_address"),
                rs.getString("user_agent"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_used_at", OffsetDateTime.class).toInstant(),
                rs.getString("last_ip_address"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                endedAt == null ? null : endedAt.toInstant(),
                endReason == null ? null : EndReason.valueOf(endReason));
    }
}
