package dev.latchkey.migrate.testing;

import dev.latchkey.jdbi.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One test's legacy database on MariaDB, with the guide's tables, and its target: a PostgreSQL
 * schema of the same unique name, empty until an import creates Latchkey's tables. Both are
 * dropped on close, so tests run in parallel with any other build on the same servers.
 */
public final class Migration implements AutoCloseable {

    /** The guide's users table, with room for the malformed values tests need. */
    public static final String LEGACY_USERS = """
            CREATE TABLE users (
                id              VARCHAR(64)  NULL,
                real_name       VARCHAR(200) NULL,
                email           VARCHAR(255) NULL,
                phone_number    VARCHAR(64)  NULL,
                hashed_password VARCHAR(255) NULL,
                is_active       TINYINT(1)   NULL DEFAULT 1,
                created_at      DATETIME     NULL,
                updated_at      DATETIME     NULL,
                UNIQUE KEY uq_users_id (id)
            ) DEFAULT CHARSET = utf8mb4""";

    /** The guide's refresh_tokens table. */
    public static final String LEGACY_REFRESH_TOKENS = """
            CREATE TABLE refresh_tokens (
                id          INT AUTO_INCREMENT PRIMARY KEY,
                user_id     VARCHAR(64)   NULL,
                token       VARCHAR(5000) NULL,
                device_info VARCHAR(255)  NULL,
                ip_address  VARCHAR(64)   NULL,
                user_agent  TEXT          NULL,
                expires_at  DATETIME      NULL,
                is_revoked  TINYINT(1)    NULL DEFAULT 0,
                created_at  DATETIME      NULL
            ) DEFAULT CHARSET = utf8mb4""";

    private final String name;

    private Migration(String name) {
        this.name = name;
    }

    /** A fresh legacy database with the guide's tables, and an empty target schema. */
    public static Migration create(String prefix) {
        String name = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        TestMariaDb.createDatabase(name);
        TestPostgres.recreateSchema(name);
        Migration migration = new Migration(name);
        migration.legacy(LEGACY_USERS);
        migration.legacy(LEGACY_REFRESH_TOKENS);
        return migration;
    }

    /** The database's and the schema's name. */
    public String name() {
        return name;
    }

    /** The source as a JDBC URL. */
    public String sourceUrl() {
        return TestMariaDb.urlOf(name);
    }

    /** The target as a JDBC URL whose schema is this migration's. */
    public String targetUrl() {
        String url = TestPostgres.url().orElseThrow();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** A data source on the target schema. */
    public DataSource target() {
        return TestPostgres.dataSource(name);
    }

    /** Runs {@code import-users --from SOURCE --to TARGET} with more arguments. */
    public Cli.Result importUsers(String... more) {
        return Cli.run(Stream.concat(Stream.of("import-users", "--from", sourceUrl(), "--to", targetUrl()),
                Stream.of(more)).toArray(String[]::new));
    }

    /** Writes the legacy database to a file with the real {@code mariadb-dump}, as the guide's backup step does. */
    public void dump(Path file) throws IOException, InterruptedException {
        java.net.URI server = java.net.URI.create(TestMariaDb.url().orElseThrow().substring("jdbc:".length()));
        Map<String, String> parameters = new HashMap<>();
        if (server.getRawQuery() != null) {
            for (String pair : server.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        List<String> command = new ArrayList<>(List.of("mariadb-dump", "--protocol=TCP",
                "--host=" + server.getHost(), "--port=" + (server.getPort() < 0 ? 3306 : server.getPort()),
                "--user=" + parameters.getOrDefault("user", "root"), "--default-character-set=utf8mb4",
                "--single-transaction", "--result-file=" + file));
        if (parameters.containsKey("password")) {
            command.add("--password=" + parameters.get("password"));
        }
        command.add(name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("mariadb-dump failed: " + output);
        }
    }

    /** Runs a statement on the legacy database (zero dates allowed). */
    public void legacy(String sql, Object... parameters) {
        try (Connection c = DriverManager.getConnection(sourceUrl())) {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION sql_mode = ''");
            }
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setObject(i + 1, parameters[i]);
                }
                s.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Legacy statement failed: " + sql, e);
        }
    }

    /** Adds a legacy user. */
    public void user(String id, String realName, String email, String phone, String hash, Object active,
            String createdAt) {
        legacy("INSERT INTO users (id, real_name, email, phone_number, hashed_password, is_active, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, realName, email, phone, hash, active, createdAt);
    }

    /** Adds a legacy session. */
    public void session(String userId, String token, String deviceInfo, String ip, String userAgent,
            String expiresAt, int revoked, String createdAt) {
        legacy("INSERT INTO refresh_tokens (user_id, token, device_info, ip_address, user_agent, expires_at,"
                + " is_revoked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", userId, token, deviceInfo, ip, userAgent,
                expiresAt, revoked, createdAt);
    }

    /** Rows of a query on the target schema, each column by its label. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection c = target().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Target query failed: " + sql, e);
        }
    }

    /** Runs a statement on the target schema. */
    public void target(String sql) {
        try (Connection c = target().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Target statement failed: " + sql, e);
        }
    }

    /** The target's users by email (lower case). */
    public Map<String, Map<String, Object>> usersByEmail() {
        Map<String, Map<String, Object>> users = new HashMap<>();
        query("SELECT * FROM users").forEach(row -> users.put(((String) row.get("email")).toLowerCase(), row));
        return users;
    }

    /** Whether the target schema holds a table. */
    public boolean targetHas(String table) {
        return !query("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", name, table)
                .isEmpty();
    }

    @Override
    public void close() {
        TestMariaDb.dropDatabase(name);
        try (Connection c = DriverManager.getConnection(TestPostgres.url().orElseThrow());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the target schema " + name, e);
        }
    }
}
