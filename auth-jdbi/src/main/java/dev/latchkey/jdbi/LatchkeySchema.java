package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Latchkey's schema: applies its versioned SQL files ({@code classpath:db/latchkey/V<n>__*.sql},
 * which Flyway or Liquibase can apply instead), checks the connection, and for development drops
 * and re-creates Latchkey's own tables — the guide's {@code create_tables()},
 * {@code test_connection()} and {@code drop_all()/create_all()}.
 */
public final class LatchkeySchema {

    /** Where the SQL files are on the classpath. */
    public static final String LOCATION = "db/latchkey";

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "users and refresh tokens", LOCATION + "/V1__users_and_refresh_tokens.sql"),
            new Migration(2, "room for HOT refreshes", LOCATION + "/V2__refresh_tokens_fillfactor.sql"),
            new Migration(3, "session epoch and shared login throttle",
                    LOCATION + "/V3__session_epoch_and_login_throttle.sql"),
            new Migration(4, "imported users' password hashes", LOCATION + "/V4__legacy_passwords.sql"),
            new Migration(5, "throttle keys locked in one order", LOCATION + "/V5__throttle_key_locks.sql"),
            new Migration(6, "roles", LOCATION + "/V6__roles.sql"),
            new Migration(7, "single-use tokens and verified emails", LOCATION + "/V7__one_time_tokens.sql"));

    // Serialises concurrent start-ups of several nodes: an arbitrary but fixed advisory lock key.
    private static final long MIGRATION_LOCK = 0x4c617463686b6579L;

    private final Jdbi jdbi;

    LatchkeySchema(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /**
     * What a connection check found.
     *
     * @param reachable whether a query went through
     * @param serverVersion the server's version, when reachable
     * @param problem what went wrong, when not
     */
    public record ConnectionCheck(boolean reachable, Optional<String> serverVersion, Optional<String> problem) {
    }

    /**
     * Applies every schema version not applied yet, each in its own transaction, and records it in
     * {@code latchkey_schema_version}. Safe to call from several nodes at once and on every start.
     *
     * @return the schema version now in force
     */
    public int migrate() {
        return call(() -> jdbi.inTransaction(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", MIGRATION_LOCK).mapTo(String.class).one();
            h.execute("""
                    CREATE TABLE IF NOT EXISTS latchkey_schema_version (
                        version     integer     PRIMARY KEY,
                        description text        NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now())""");
            int current = currentVersion(h);
            for (Migration migration : MIGRATIONS) {
                if (migration.version() > current) {
                    executeScript(h, migration.sql());
                    h.createUpdate("INSERT INTO latchkey_schema_version (version, description) VALUES (:v, :d)")
                            .bind("v", migration.version())
                            .bind("d", migration.description())
                            .execute();
                    current = migration.version();
                }
            }
            return current;
        }));
    }

    /** The schema version applied so far, 0 if none. */
    public int currentVersion() {
        return call(() -> jdbi.withHandle(h -> {
            boolean exists = h.createQuery("SELECT to_regclass('latchkey_schema_version') IS NOT NULL")
                    .mapTo(Boolean.class).one();
            return exists ? currentVersion(h) : 0;
        }));
    }

    /** The newest schema version this library ships. */
    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Checks that the database answers; never throws. */
    public ConnectionCheck testConnection() {
        try {
            String version = jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
            return new ConnectionCheck(true, Optional.of(version), Optional.empty());
        } catch (JdbiException e) {
            String problem = StorageErrors.translate(e).getMessage();
            return new ConnectionCheck(false, Optional.empty(), Optional.of(problem));
        }
    }

    /**
     * Development only: drops Latchkey's tables with all their data, then applies the schema again.
     *
     * @return the schema version now in force
     */
    public int dropAndRecreate() {
        StorageErrors.run(() -> jdbi.useTransaction(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", MIGRATION_LOCK).mapTo(String.class).one();
            // Every table and function the versions create (V4 adds only a column and a constraint).
            h.execute("DROP TABLE IF EXISTS one_time_tokens, login_throttle, refresh_token_replaced, refresh_tokens, users,"
                    + " latchkey_schema_version");
            h.execute("DROP FUNCTION IF EXISTS latchkey_notify_sessions_ended()");
            h.execute("DROP FUNCTION IF EXISTS latchkey_throttle_acquire(text[], integer[], bigint[], timestamptz)");
            h.execute("DROP FUNCTION IF EXISTS latchkey_throttle_release(text, timestamptz)");
            h.execute("DROP FUNCTION IF EXISTS latchkey_throttle_reset(text)");
            h.execute("DROP FUNCTION IF EXISTS latchkey_throttle_lock(text[])");
        }));
        return migrate();
    }

    private static int currentVersion(Handle h) {
        return h.createQuery("SELECT coalesce(max(version), 0) FROM latchkey_schema_version")
                .mapTo(Integer.class).one();
    }

    private static void executeScript(Handle h, String sql) {
        // The driver splits the script itself and understands dollar-quoted function bodies.
        try (Statement statement = h.getConnection().createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    private record Migration(int version, String description, String resource) {
        String sql() {
            try (InputStream in = LatchkeySchema.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("The schema file " + resource + " is missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
