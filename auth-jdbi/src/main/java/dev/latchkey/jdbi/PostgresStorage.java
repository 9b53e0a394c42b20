package dev.latchkey.jdbi;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Latchkey's storage on PostgreSQL 15 or later, through Jdbi:
 *
 * <pre>{@code
 * PostgresStorage storage = PostgresStorage.create(dataSource);
 * storage.schema().migrate();
 * Latchkey latchkey = Latchkey.builder()
 *         .users(storage.users())
 *         .sessions(storage.sessions())
 *         .throttle(storage.loginThrottle())
 *         .oneTimeTokens(storage.oneTimeTokens())
 *         .keys(KeyRing.hs256(secretKey))
 *         .build();
 * RevocationFeed feed = storage.startRevocationFeed(latchkey, Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Every failure to reach the database, and every statement slower than the query timeout
 * (default 10 s), surfaces as auth-core's {@code StorageUnavailableException}, never as a JDBC
 * exception.
 */
public final class PostgresStorage {

    /** The query timeout applied by {@link #create(DataSource)}. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final LoginThrottle throttle;
    private final OneTimeTokenRepository oneTimeTokens;
    private final LatchkeySchema schema;

    private PostgresStorage(Jdbi jdbi, DataSource dataSource) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.users = new JdbiUserRepository(jdbi);
        this.sessions = new JdbiSessionRepository(jdbi);
        this.throttle = new JdbiLoginThrottle(jdbi);
        this.oneTimeTokens = new JdbiOneTimeTokenRepository(jdbi);
        this.schema = new LatchkeySchema(jdbi);
    }

    /** Storage over a data source (a connection pool, in production), with a 10 s query timeout. */
    public static PostgresStorage create(DataSource dataSource) {
        return create(dataSource, DEFAULT_QUERY_TIMEOUT);
    }

    /** Storage over a data source with a query timeout of whole seconds (at least one). */
    public static PostgresStorage create(DataSource dataSource, Duration queryTimeout) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("queryTimeout must be at least 1 s, was " + queryTimeout);
        }
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        jdbi.getConfig(SqlStatements.class).setQueryTimeout((int) queryTimeout.toSeconds());
        return new PostgresStorage(jdbi, dataSource);
    }

    /**
     * Storage over a host's own {@link Jdbi}, configured as the host likes. Its connection factory
     * must be a data source for {@link #startRevocationFeed}; use {@link #create(DataSource)} when
     * in doubt.
     */
    public static PostgresStorage create(Jdbi jdbi, DataSource dataSource) {
        Objects.requireNonNull(jdbi, "jdbi");
        Objects.requireNonNull(dataSource, "dataSource");
        return new PostgresStorage(jdbi.installPlugin(new PostgresPlugin()), dataSource);
    }

    /** Users in the {@code users} table. */
    public UserRepository users() {
        return users;
    }

    /** Sessions in the {@code refresh_tokens} table. */
    public SessionRepository sessions() {
        return sessions;
    }

    /**
     * Password checks and registrations counted in the {@code login_throttle} table, shared by
     * every node on this database: hand it to {@code Latchkey.Builder#throttle} so that N nodes
     * allow what one does, not N times as much. Expired rows go with
     * {@code Latchkey#deleteExpiredThrottleRecords()}.
     */
    public LoginThrottle loginThrottle() {
        return throttle;
    }

    /**
     * Password reset and email verification tokens in the {@code one_time_tokens} table, shared by
     * every node on this database: hand it to {@code Latchkey.Builder#oneTimeTokens}. Expired rows go
     * with {@code Latchkey#deleteExpiredOneTimeTokens()}.
     */
    public OneTimeTokenRepository oneTimeTokens() {
        return oneTimeTokens;
    }

    /** Applying and checking the schema. */
    public LatchkeySchema schema() {
        return schema;
    }

    /** The Jdbi the stores use. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Starts feeding {@code latchkey}'s verifier with sessions that other nodes end. The feed
     * holds one connection of the data source while it runs; close it on shutdown.
     *
     * @param pollInterval the longest delay when notifications are lost (at least 100 ms)
     */
    public RevocationFeed startRevocationFeed(Latchkey latchkey, Duration pollInterval) {
        return RevocationFeed.start(dataSource, latchkey, pollInterval);
    }
}
