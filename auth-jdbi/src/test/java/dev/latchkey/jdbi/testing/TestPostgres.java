package dev.latchkey.jdbi.testing;

import dev.latchkey.jdbi.PostgresStorage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the PostgreSQL that tests run on, in this order: {@code LATCHKEY_TEST_DATABASE_URL} (a
 * {@code jdbc:postgresql:} URL with user and password as parameters); else a Testcontainers
 * {@code postgres:15} container when a Docker engine is reachable; else the tests of the class are
 * skipped with one line saying how to provide a database — or fail, when {@code CI} is set.
 *
 * <p>Each test module works in a schema of its own, so modules never see each other's rows.
 */
public final class TestPostgres implements BeforeAllCallback {

    /** The variable that names the test database. */
    public static final String URL_VARIABLE = "LATCHKEY_TEST_DATABASE_URL";

    private static final String HOW = "set " + URL_VARIABLE
            + "=jdbc:postgresql://127.0.0.1:5432/latchkey_test?user=postgres&password=postgres"
            + " or start a Docker engine for Testcontainers";
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static volatile Optional<String> url;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!available()) {
            Assumptions.abort("No PostgreSQL: " + HOW);
        }
    }

    /**
     * Whether a test database was found, for suites that start their servers once for the class: when
     * none was, says so once, or fails when {@code CI} is set.
     */
    public static boolean available() {
        if (url().isPresent()) {
            return true;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            throw new ExtensionConfigurationException("CI is set but no PostgreSQL was found: " + HOW);
        }
        if (ANNOUNCED.compareAndSet(false, true)) {
            System.err.println("[latchkey] PostgreSQL tests skipped: no database found; " + HOW + ".");
        }
        return false;
    }

    /** The JDBC URL of the test database, if one was found. */
    public static synchronized Optional<String> url() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    /** A data source on the test database whose search path is {@code schema}. */
    public static DataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url().orElseThrow(() -> new IllegalStateException("No test database: " + HOW)));
        ds.setCurrentSchema(schema);
        ds.setApplicationName("latchkey-tests");
        return ds;
    }

    /**
     * Storage in a freshly created schema: drops {@code schema} with everything in it, creates it
     * and applies Latchkey's schema.
     */
    public static PostgresStorage freshStorage(String schema) {
        recreateSchema(schema);
        PostgresStorage storage = PostgresStorage.create(dataSource(schema));
        storage.schema().migrate();
        return storage;
    }

    /** Drops and creates an empty schema. */
    public static void recreateSchema(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain schema name: " + schema);
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    }

    /** Empties Latchkey's tables in a schema. */
    public static void truncate(String schema) {
        execute("TRUNCATE " + schema + ".one_time_tokens, " + schema + ".refresh_token_replaced, " + schema + ".refresh_tokens, " + schema
                + ".users, " + schema + ".login_throttle");
    }

    private static void execute(String sql) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url().orElseThrow());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database statement failed: " + sql, e);
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
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
        container.start();
        return Optional.of(container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                + "user=" + container.getUsername() + "&password=" + container.getPassword());
    }
}
