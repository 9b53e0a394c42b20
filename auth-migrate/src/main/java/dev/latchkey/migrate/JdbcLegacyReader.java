package dev.latchkey.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads a live legacy database: MySQL or MariaDB through MariaDB Connector/J, or PostgreSQL. Both
 * tables are read inside one read-only transaction that sees one snapshot, and each table is
 * streamed in one ordered query, so that rows written meanwhile are neither half seen nor counted
 * twice.
 */
final class JdbcLegacyReader implements LegacyReader {

    private static final int FETCH_SIZE = 2000;

    private final ConnectionUrl url;
    private final Connection connection;

    private JdbcLegacyReader(ConnectionUrl url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /**
     * Connects and starts the snapshot.
     *
     * @throws ImportFailedException if the source cannot be reached
     */
    static JdbcLegacyReader open(ConnectionUrl url) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        } catch (SQLException e) {
            throw new ImportFailedException("Cannot reach the source " + url.redacted() + ": " + e.getMessage(), e);
        }
        try {
            if (url.kind() == ConnectionUrl.Kind.MARIADB) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET NAMES utf8mb4");
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
            } else {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new ImportFailedException("Cannot start a read-only snapshot on the source " + url.redacted() + ": "
                    + e.getMessage(), e);
        }
        return new JdbcLegacyReader(url, connection);
    }

    @Override
    public void readUsers(LegacyColumns columns, Consumer<LegacyUserRow> sink) {
        List<String> names = columns.orderedColumns();
        String table = columns.tableParts().stream().map(this::quote).collect(Collectors.joining("."));
        // Identifiers cannot be bound as parameters: each name was checked to be a plain identifier and is quoted.
        String sql = "SELECT " + names.stream().map(this::quote).collect(Collectors.joining(", ")) + " FROM " + table
                + " ORDER BY " + quote(names.get(0));
        query(sql, columns.usersTable(), rs -> sink.accept(new LegacyUserRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))));
    }

    @Override
    public void readSessions(Consumer<LegacySessionRow> sink) {
        String sql = "SELECT " + LegacyColumns.SESSION_COLUMNS.stream().map(this::quote)
                .collect(Collectors.joining(", ")) + " FROM " + quote(LegacyColumns.SESSIONS_TABLE) + " ORDER BY "
                + quote("id");
        query(sql, LegacyColumns.SESSIONS_TABLE, rs -> sink.accept(new LegacySessionRow(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9))));
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String table, RowHandler handler) {
        try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("42")) {
                throw new InvalidImportException("The source's table " + table + " or one of its columns is missing"
                        + " (map other names with --users-table and --column): " + e.getMessage(), e);
            }
            throw new ImportFailedException("Reading " + table + " from the source " + url.redacted() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private String quote(String identifier) {
        return url.kind() == ConnectionUrl.Kind.MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    @Override
    public void close() {
        try {
            if (url.kind() == ConnectionUrl.Kind.MARIADB) {
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
            } else {
                connection.commit();
            }
        } catch (SQLException e) {
            // Only a read-only snapshot ends here; nothing is lost.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing after a failure: the failure is what counts.
        }
    }
}
