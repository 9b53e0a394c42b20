package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An import that fails half-way exits 3, and the next run resumes where it stopped. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class CrashResumeTest {

    private static final int USERS = 40;
    private Migration migration;

    @BeforeEach
    void create() {
        migration = Migration.create("crash");
        String hash = LegacyHashes.bcrypt2b("testpassword123");
        for (int i = 1; i <= USERS; i++) {
            migration.user(uuid(i), "User " + i, "user" + i + "@example.com", null, hash, 1, "2024-01-01 00:00:00");
        }
    }

    @AfterEach
    void drop() {
        migration.close();
    }

    @Test
    void aBatchThatFailsStopsTheImportWithStatus3AndARerunFinishesIt() {
        // Latchkey's schema in place and empty, then a trigger that fails the batch holding user 25.
        migration.legacy("UPDATE users SET email = 'boom@example.com' WHERE id = ?", uuid(25));
        assertThat(migration.importUsers().exit()).isZero();
        migration.target("TRUNCATE users CASCADE");
        migration.target("""
                CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.email = 'boom@example.com' THEN
                        RAISE EXCEPTION 'disk full';
                    END IF;
                    RETURN NEW;
                END $$""");
        migration.target("CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION fail_on_boom()");

        Cli.Result crashed = migration.importUsers("--batch-size", "10");
        assertThat(crashed.exit()).as(crashed.toString()).isEqualTo(3);
        assertThat(crashed.err()).contains("disk full").contains("run the same command again to resume");
        assertThat(crashed.out()).isEmpty();
        assertThat(migration.query("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(20L);

        migration.target("DROP TRIGGER boom ON users");
        Cli.Result resumed = migration.importUsers("--batch-size", "10");
        assertThat(resumed.exit()).isZero();
        assertThat(resumed.lastLine()).isEqualTo("users: read=40 imported=20 already=20 updated=0 rejected=0");
        assertThat(migration.query("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(40L);
    }

    @Test
    void aTargetConnectionKilledWhileWritingStopsTheImportWithStatus3AndARerunFinishesIt() throws Exception {
        // Every insert into users waits a little, so the import is still writing when its connection is ended.
        migration.importUsers("--batch-size", "10");
        migration.target("TRUNCATE users CASCADE");
        migration.target("""
                CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_sleep(0.05);
                    RETURN NEW;
                END $$""");
        migration.target("CREATE TRIGGER slow BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION slow_insert()");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> migration.importUsers(
                "--batch-size", "10"));
        assertThat(terminateImportWhileItWrites()).isTrue();
        Cli.Result crashed = run.get(60, TimeUnit.SECONDS);
        assertThat(crashed.exit()).as(crashed.toString()).isEqualTo(3);
        long written = (Long) migration.query("SELECT count(*) AS n FROM users").get(0).get("n");
        assertThat(written % 10).as("whole batches only").isZero();
        assertThat(written).isLessThan(40);

        migration.target("DROP TRIGGER slow ON users");
        Cli.Result resumed = migration.importUsers("--batch-size", "10");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.lastLine()).isEqualTo("users: read=40 imported=" + (40 - written) + " already=" + written
                + " updated=0 rejected=0");
    }

    /** Ends the backend that runs the import's INSERT into users, once it is running. */
    private boolean terminateImportWhileItWrites() throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url().orElseThrow())) {
            for (int i = 0; i < 400; i++) {
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND query LIKE 'INSERT INTO users%' AND state = 'active'
                          AND pid <> pg_backend_pid()
                          AND query LIKE '%latchkey_import_users%'""")) {
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            return true;
                        }
                    }
                }
                Thread.sleep(25);
            }
        }
        return false;
    }
}
