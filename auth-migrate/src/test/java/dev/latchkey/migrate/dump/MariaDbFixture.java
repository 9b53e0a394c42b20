package dev.latchkey.migrate.dump;

import dev.latchkey.migrate.testing.TestMariaDb;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away MariaDB database with the legacy schema and awkward rows, and the real dump tools run against it.
 * The server is the one {@link TestMariaDb} finds; without one the tests are skipped, unless {@code CI} is set,
 * where they fail.
 */
final class MariaDbFixture implements AutoCloseable {

    static final List<String> USER_COLUMNS = List.of("id", "real_name", "email", "phone_number",
            "hashed_password", "is_active", "created_at", "updated_at");
    static final List<String> TOKEN_COLUMNS = List.of("id", "user_id", "token", "device_info", "ip_address",
            "user_agent", "expires_at", "is_revoked", "created_at");

    static final int USERS = 5000;
    static final int TOKENS = 1200;
    static final int AVATARS = 60;

    static final List<String> AWKWARD = java.util.Arrays.asList(
            "홍길동", "😀 Emoji 🎉 👩‍👩‍👧 𝄞", "O'Brien", "back\\slash \\n not a newline", "line1\nline2\r\nline3\ttab",
            "semi; colon'); INSERT INTO `users` VALUES ('evil", "quote \" double \"\"", "nul \u0000 byte",
            "ctrl-z \u001A and \b", "percent 100% under_score \\% \\_", "-- not a comment", "/* not a comment */",
            "# not a comment", "  spaces  ", "", null, "0x4142", "NULL", "'", "\\", "😀".repeat(25),
            "DELIMITER ;;", "Zoë Ångström ß", "日本語テキスト", "x'41'");

    private final String url;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final Connection connection;

    private MariaDbFixture(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
        URI uri = URI.create(url.substring("jdbc:".length()));
        this.host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        this.port = uri.getPort() < 0 ? 3306 : uri.getPort();
        Map<String, String> query = parseQuery(uri.getRawQuery());
        this.user = query.getOrDefault("user", "root");
        this.password = query.get("password");
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.database = "latchkey_dump_" + java.util.HexFormat.of().formatHex(random);
    }

    /** Connects to the server {@link TestMariaDb} finds, or skips (fails on CI) when it finds none. */
    static MariaDbFixture start() throws Exception {
        if (!TestMariaDb.available()) {
            Assumptions.abort("No MariaDB for the real-dump tests: set " + TestMariaDb.URL_VARIABLE);
        }
        String url = TestMariaDb.url().orElseThrow();
        DriverManager.setLoginTimeout(10);
        Connection connection = DriverManager.getConnection(url);
        MariaDbFixture fixture = new MariaDbFixture(url, connection);
        try {
            fixture.create();
        } catch (SQLException | RuntimeException e) {
            try {
                fixture.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return fixture;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return map;
    }

    private void create() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            connection.setCatalog(database);
            st.execute("SET SESSION sql_mode=''");
            st.execute("SET NAMES utf8mb4");
            st.execute("CREATE TABLE users (id CHAR(36) PRIMARY KEY, real_name VARCHAR(100), email VARCHAR(255),"
                    + " phone_number VARCHAR(20), hashed_password VARCHAR(255), is_active TINYINT(1),"
                    + " created_at DATETIME, updated_at DATETIME NULL) DEFAULT CHARSET=utf8mb4");
            st.execute("CREATE TABLE refresh_tokens (id INT AUTO_INCREMENT PRIMARY KEY, user_id CHAR(36),"
                    + " token VARCHAR(512), device_info VARCHAR(255), ip_address VARCHAR(45), user_agent TEXT,"
                    + " expires_at DATETIME, is_revoked TINYINT(1), created_at DATETIME) DEFAULT CHARSET=utf8mb4");
            st.execute("CREATE TABLE avatars (id INT PRIMARY KEY, data BLOB, flags BIT(8))");
        }
        insertUsers();
        insertTokens();
        insertAvatars();
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TRIGGER refresh_tokens_audit AFTER UPDATE ON refresh_tokens FOR EACH ROW BEGIN"
                    + " INSERT INTO users (id, real_name) VALUES (UUID(), 'trigger; INSERT INTO users');"
                    + " INSERT INTO `users` VALUES (UUID(), 'b', NULL, NULL, NULL, 1, NOW(), NULL); END");
            st.execute("CREATE PROCEDURE add_user(IN n VARCHAR(100)) BEGIN"
                    + " INSERT INTO users (id, real_name) VALUES (UUID(), n); END");
        }
    }

    static String userId(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i * 2654435761L & 0xffffffffL, (long) i);
    }

    private void insertUsers() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < USERS; i++) {
                String name = i < AWKWARD.size() ? AWKWARD.get(i) : AWKWARD.get(i % AWKWARD.size());
                if (name != null && i >= AWKWARD.size()) {
                    name = name + " #" + i;
                    if (name.codePointCount(0, name.length()) > 100) {
                        name = "long #" + i;
                    }
                }
                ps.setString(1, userId(i));
                ps.setString(2, name);
                ps.setString(3, i % 7 == 0 ? null : "user" + i + "+tag@example.com");
                ps.setString(4, i % 5 == 0 ? null : "+82-10-" + (1000 + i % 9000) + "-" + (i % 10000));
                ps.setString(5, i % 17 == 0 ? null : "$2b$12$" + "abcdefghijklmnopqrstuv".repeat(2) + "\\/." + i);
                ps.setString(6, i % 11 == 0 ? null : String.valueOf(i % 3 == 0 ? 0 : 1));
                ps.setString(7, i % 13 == 0 ? "0000-00-00 00:00:00"
                        : String.format("2024-%02d-%02d %02d:%02d:%02d", 1 + i % 12, 1 + i % 28, i % 24, i % 60,
                                (i * 7) % 60));
                ps.setString(8, i % 2 == 0 ? null : i % 39 == 1 ? "0000-00-00 00:00:00" : "2025-06-30 23:59:59");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertTokens() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO refresh_tokens"
                + " (user_id, token, device_info, ip_address, user_agent, expires_at, is_revoked, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < TOKENS; i++) {
                ps.setString(1, userId(i % USERS));
                ps.setString(2, ("tok" + i + ".").repeat(120).substring(0, 300 + i % 200));
                ps.setString(3, i % 4 == 0 ? null : "iPhone 📱 " + AWKWARD.get(i % 5));
                ps.setString(4, i % 2 == 0 ? "192.168.0." + (i % 255) : "2001:db8::" + Integer.toHexString(i));
                ps.setString(5, i % 9 == 0 ? null
                        : "Mozilla/5.0 (X11; Linux x86_64) \"quoted\"; it's\n".repeat(1 + i % 120));
                ps.setString(6, i % 10 == 0 ? "0000-00-00 00:00:00" : "2026-01-01 00:00:00");
                ps.setString(7, String.valueOf(i % 2));
                ps.setString(8, "2025-12-31 12:00:00");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertAvatars() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO avatars VALUES (?, ?, ?)")) {
            for (int i = 0; i < AVATARS; i++) {
                ps.setInt(1, i);
                String text = AWKWARD.get(i % AWKWARD.size());
                if (text == null) {
                    ps.setNull(2, java.sql.Types.BLOB);
                } else {
                    ps.setBytes(2, text.getBytes(StandardCharsets.UTF_8));
                }
                ps.setInt(3, i % 256);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The rows of a query, every column read as text. */
    List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Runs a dump tool on the database into {@code out}, with the host and user of the URL. */
    Path dump(String tool, List<String> options, Path out) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/" + tool);
        command.add("--host=" + host);
        command.add("--port=" + port);
        command.add("--user=" + user);
        command.addAll(options);
        command.add(database);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (password != null) {
            builder.environment().put("MYSQL_PWD", password);
        }
        Path err = Files.createTempFile(out.getParent(), "dump", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail(tool + " did not finish within 120 s");
        }
        Assertions.assertEquals(0, process.exitValue(),
                () -> String.join(" ", command) + " failed: " + readQuietly(err));
        return out;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } finally {
            connection.close();
        }
    }
}
