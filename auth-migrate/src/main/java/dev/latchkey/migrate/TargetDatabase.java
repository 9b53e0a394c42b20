package dev.latchkey.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The import's one session on the target: stages the checked rows with COPY, decides each row's
 * outcome with set-based statements, and writes users and sessions in batches, one transaction
 * per batch.
 */
final class TargetDatabase implements AutoCloseable {

    private final Connection connection;
    private final ConnectionUrl url;

    private TargetDatabase(ConnectionUrl url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    static TargetDatabase open(ConnectionUrl url) {
        try {
            Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // A batch lost to a server crash right after its commit is redone by the next run, which
                // resumes anyway: no need to wait for every batch's flush to disk.
                s.execute("SET synchronous_commit = off");
            }
            return new TargetDatabase(url, connection);
        } catch (SQLException e) {
            throw TargetErrors.classify("Cannot use the target", url.redacted(), e);
        }
    }

    /** Creates the import's own table beside Latchkey's schema, which must be in place. */
    void createImportTable() {
        run(() -> execute(TargetSql.CREATE_IMPORTED_USERS), "creating latchkey_imported_users");
    }

    /** For a dry run: empty temporary stand-ins for whatever of the target's tables is missing. */
    void standInsForMissingTables() {
        run(() -> {
            if (!exists("users")) {
                execute(TargetSql.DRY_USERS);
                execute("CREATE UNIQUE INDEX ON users (lower(email))");
            }
            if (!exists("latchkey_imported_users")) {
                execute(TargetSql.DRY_IMPORTED_USERS);
            }
            if (!exists("refresh_tokens")) {
                execute(TargetSql.DRY_REFRESH_TOKENS);
            }
        }, "looking at the target's tables");
    }

    /** A COPY into the users' staging table, which it creates. */
    CopyStream stageUsers() {
        return call(() -> {
            execute(TargetSql.CREATE_USER_STAGE);
            return new CopyStream(connection, TargetSql.COPY_USER_STAGE);
        }, "staging users");
    }

    /** A COPY into the sessions' staging table, which it creates. */
    CopyStream stageSessions() {
        return call(() -> {
            execute(TargetSql.CREATE_SESSION_STAGE);
            return new CopyStream(connection, TargetSql.COPY_SESSION_STAGE);
        }, "staging sessions");
    }

    /** Decides every staged user's outcome; returns how many rows have each. */
    Map<String, Long> decideUsers(DuplicateEmailPolicy policy) {
        return call(() -> {
            execute(TargetSql.INDEX_USER_STAGE);
            execute(TargetSql.DUPLICATE_IDS);
            try (PreparedStatement s = connection.prepareStatement(TargetSql.DUPLICATE_EMAILS)) {
                s.setString(1, switch (policy) {
                    case REJECT -> "reject";
                    case KEEP_OLDEST -> "keep-oldest";
                    case KEEP_NEWEST -> "keep-newest";
                });
                s.executeUpdate();
            }
            execute(TargetSql.ID_TAKEN);
            execute(TargetSql.EMAIL_TAKEN);
            execute(TargetSql.ALREADY_OR_UPDATED);
            return counts(TargetSql.USER_OUTCOMES);
        }, "deciding the users' outcomes");
    }

    /** Hands every user the target's checks rejected to {@code sink}. */
    void userRejects(Consumer<Reject> sink) {
        run(() -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(TargetSql.USER_REJECTS)) {
                while (rs.next()) {
                    sink.accept(new Reject("users", rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }, "listing rejected users");
    }

    /** Writes the users to import or update, in batches; returns how many were written. */
    long writeUsers(int batchSize, Instant importedAt, long total, ImportProgress progress) {
        long done = 0;
        long after = 0;
        while (true) {
            long from = after;
            Long to = call(() -> nextBatch(TargetSql.NEXT_USER_BATCH, from, batchSize), "writing users");
            if (to == null) {
                return done;
            }
            done += call(() -> inTransaction(() -> {
                int inserted = update(TargetSql.INSERT_USERS, from, to);
                int updated = update(TargetSql.UPDATE_USERS, from, to);
                update(TargetSql.END_SESSIONS_OF_UPDATED_USERS, from, to);
                try (PreparedStatement s = connection.prepareStatement(TargetSql.RECORD_IMPORTED_USERS)) {
                    s.setTimestamp(1, Timestamp.from(importedAt));
                    s.setLong(2, from);
                    s.setLong(3, to);
                    s.executeUpdate();
                }
                return (long) inserted + updated;
            }), "writing users");
            progress.writing("users", done, total);
            after = to;
        }
    }

    /** Decides every staged session's outcome; returns how many rows have each, and the skips by reason. */
    Map<String, Long> decideSessions(Map<String, Long> skipReasons) {
        return call(() -> {
            execute(TargetSql.INDEX_SESSION_STAGE);
            execute(TargetSql.DUPLICATE_TOKENS);
            execute(TargetSql.SESSION_USER_NOT_IMPORTED);
            execute(TargetSql.SESSION_ALREADY);
            execute(TargetSql.SESSION_IMPORTED);
            counts(TargetSql.SESSION_SKIPS).forEach((reason, n) -> skipReasons.merge(reason, n, Long::sum));
            return counts(TargetSql.SESSION_OUTCOMES);
        }, "deciding the sessions' outcomes");
    }

    /** Hands every session the target's checks rejected to {@code sink}. */
    void sessionRejects(Consumer<Reject> sink) {
        run(() -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(TargetSql.SESSION_REJECTS)) {
                while (rs.next()) {
                    sink.accept(new Reject("refresh_tokens", rs.getString(1), null, rs.getString(2),
                            rs.getString(3) + " (user " + rs.getString(4) + ")"));
                }
            }
        }, "listing rejected sessions");
    }

    /** Writes the sessions to import, in batches; returns how many were written. */
    long writeSessions(int batchSize, long total, ImportProgress progress) {
        long done = 0;
        long after = 0;
        while (true) {
            long from = after;
            Long to = call(() -> nextBatch(TargetSql.NEXT_SESSION_BATCH, from, batchSize), "writing sessions");
            if (to == null) {
                return done;
            }
            done += call(() -> inTransaction(() -> (long) update(TargetSql.INSERT_SESSIONS, from, to)),
                    "writing sessions");
            progress.writing("sessions", done, total);
            after = to;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // The temporary tables go with the session either way.
        }
    }

    private Long nextBatch(String sql, long after, int batchSize) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, after);
            s.setInt(2, batchSize);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long to = rs.getLong(1);
                return rs.wasNull() ? null : to;
            }
        }
    }

    private int update(String sql, long from, long to) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, from);
            s.setLong(2, to);
            return s.executeUpdate();
        }
    }

    private <T> T inTransaction(SqlCall<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.call();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // A broken connection fails the next statement, which reports it.
            }
        }
    }

    private Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private boolean exists(String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(TargetSql.EXISTS)) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private interface SqlRun {
        void run() throws SQLException;
    }

    private <T> T call(SqlCall<T> work, String what) {
        try {
            return work.call();
        } catch (SQLException e) {
            throw TargetErrors.classify("The target failed while " + what + ":", url.redacted(), e);
        }
    }

    private void run(SqlRun work, String what) {
        call(() -> {
            work.run();
            return null;
        }, what);
    }
}
