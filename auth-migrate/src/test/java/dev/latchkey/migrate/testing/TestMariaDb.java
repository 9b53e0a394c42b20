package dev.latchkey.migrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Finds the MariaDB that tests read legacy rows from, in this order: {@code LATCHKEY_TEST_MARIADB_URL}
 * (a {@code jdbc:mariadb://host:port/?user=…} URL of the server, with no database); else a
 * Testcontainers {@code mariadb:10.11} container when a Docker engine is reachable; else the tests
 * of the class are skipped with one line saying how to provide one — or fail, when {@code CI} is
 * set. Each test class works in a database of its own ({@link #createDatabase}).
 */
public final class TestMariaDb implements BeforeAllCallback {

    /** The variable that names the test server. */
    public static final String URL_VARIABLE = "LATCHKEY_TEST_MARIADB_URL";

    private static final String HOW = "set " + URL_VARIABLE + "=jdbc:mariadb://127.0.0.1:3306/?user=root"
            + " or start a Docker engine for Testcontainers";
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static volatile Optional<String> url;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!available()) {
            Assumptions.abort("No MariaDB: " + HOW);
        }
    }

    /** Whether a test server was found: when none was, says so once, or fails when {@code CI} is set. */
    public static boolean available() {
        if (url().isPresent()) {
            return true;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            throw new ExtensionConfigurationException("CI is set but no MariaDB was found: " + HOW);
        }
        if (ANNOUNCED.compareAndSet(false, true)) {
            System.err.println("[latchkey] MariaDB tests skipped: no server found; " + HOW + ".");
        }
        return false;
    }

    /** The JDBC URL of the server, without a database, if one was found. */
    public static synchronized Optional<String> url() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    /** The JDBC URL of one database on the server. */
    public static String urlOf(String database) {
        String server = url().orElseThrow(() -> new IllegalStateException("No MariaDB: " + HOW));
        int query = server.indexOf('?');
        String base = query < 0 ? server : server.substring(0, query);
        String parameters = query < 0 ? "" : server.substring(query);
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        return base + database + parameters;
    }

    /** Drops and creates an empty utf8mb4 database. */
    public static void createDatabase(String database) {
        checkName(database);
        execute("DROP DATABASE IF EXISTS `" + database + "`");
        execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** Drops a database. */
    public static void dropDatabase(String database) {
        checkName(database);
        execute("DROP DATABASE IF EXISTS `" + database + "`");
    }

    private static void checkName(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url().orElseThrow()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test MariaDB statement failed: " + sql, e);
        }
    }

    private static Optional<String> resolve() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.strip());
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
        @SuppressWarnings("resource") // Testcontainers' reaper stops it when the tests end.
        GenericContainer<?> container = new GenericContainer<>("mariadb:10.11")
                .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
                .withExposedPorts(3306)
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forLogMessage(
                        ".*ready for connections.*port: 3306.*", 1));
        container.start();
        return Optional.of("jdbc:mariadb://" + container.getHost() + ":" + container.getMappedPort(3306)
                + "/?user=root");
    }
}
