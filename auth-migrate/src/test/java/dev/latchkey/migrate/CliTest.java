package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, each exit status, and where the target comes from. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class CliTest {

    private static Migration migration;

    @TempDir
    Path dir;

    @BeforeAll
    static void legacyRows() {
        migration = Migration.create("cli");
        migration.user(uuid(1), "Kim", "kim@example.com", null, LegacyHashes.bcrypt2b("testpassword123"), 1,
                "2024-01-01 00:00:00");
    }

    @AfterAll
    static void drop() {
        migration.close();
    }

    @Test
    void helpDescribesTheCommandAndItsOptions() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("import-users");
        Cli.Result importHelp = Cli.run("import-users", "--help");
        assertThat(importHelp.exit()).isZero();
        assertThat(importHelp.out()).contains("--from=SOURCE_URL", "--from-dump=FILE", "--to=TARGET_URL", "--dry-run",
                "--reject-file=FILE", "--source-time-zone=ZONE", "--on-duplicate-email", "--with-sessions",
                "--users-table=NAME", "--column=latchkey=legacy", "--batch-size=N", "Exit status");
        assertThat(Cli.run("-V").out()).startsWith("latchkey-migrate");
        assertThat(Cli.run("import-users", "-V").out()).as("the version the help lists").startsWith("latchkey-migrate");
    }

    @Test
    void usageAndConfigurationErrorsExit2SayingWhatIsWrong() {
        String target = migration.targetUrl();
        String source = migration.sourceUrl();
        assertUsage(Cli.run(), "Missing a command");
        assertUsage(Cli.run("import-users", "--to", target), "--from");
        assertUsage(Cli.run("import-users", "--from", source, "--from-dump", "x.sql", "--to", target),
                "mutually exclusive");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--column", "nope=x"),
                "Latchkey has no user column 'nope'");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--column", "email=e-mail"),
                "plain SQL identifier");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--users-table", "users; drop"),
                "plain SQL identifier");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--source-time-zone", "Mars/Base"),
                "--source-time-zone");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--on-duplicate-email", "maybe"),
                "--on-duplicate-email");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--batch-size", "0"), "--batch-size");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--batch-size", "many"), "many");
        assertUsage(Cli.run("import-users", "--from", "ftp://host/db", "--to", target), "--from must look like");
        assertUsage(Cli.run("import-users", "--from", source, "--to", "mysql://root@127.0.0.1/db"),
                "--to must look like");
        assertUsage(Cli.run("import-users", "--from", source), "No target");
        assertUsage(Cli.run("import-users", "--from", source, "--to", target, "--users-table", "no_such_table"),
                "no_such_table");
    }

    @Test
    void anUnreachableDatabaseExits3() {
        Cli.Result target = Cli.run("import-users", "--from", migration.sourceUrl(), "--to",
                "postgresql://nobody:secret@127.0.0.1:1/latchkey");
        assertThat(target.exit()).as(target.toString()).isEqualTo(3);
        assertThat(target.err()).doesNotContain("secret");
        Cli.Result source = Cli.run("import-users", "--from", "mysql://root:secret@127.0.0.1:1/legacy", "--to",
                migration.targetUrl());
        assertThat(source.exit()).as(source.toString()).isEqualTo(3);
        assertThat(source.err()).contains("Cannot reach the source").doesNotContain("secret");
    }

    @Test
    void aTargetThatCannotWorkWhateverTheRetriesExits2SayingWhatToFix() {
        // A missing database or another application's users table is not helped by running again.
        String url = TestPostgres.url().orElseThrow();
        String missing = url.replaceFirst("/([A-Za-z0-9_]+)\\?", "/latchkey_no_such_database?");
        assertUsage(Cli.run("import-users", "--from", migration.sourceUrl(), "--to", missing), "does not exist");

        migration.target("CREATE SCHEMA IF NOT EXISTS cli_foreign; CREATE TABLE IF NOT EXISTS cli_foreign.users"
                + " (id integer PRIMARY KEY, login text)");
        String foreign = url + (url.contains("?") ? "&" : "?") + "currentSchema=cli_foreign";
        try {
            assertUsage(Cli.run("import-users", "--from", migration.sourceUrl(), "--to", foreign),
                    "tables that are not Latchkey's");
            assertUsage(Cli.run("import-users", "--from", migration.sourceUrl(), "--to", foreign, "--dry-run"),
                    "tables that are not Latchkey's");
        } finally {
            migration.target("DROP SCHEMA cli_foreign CASCADE");
        }
    }

    @Test
    void theTargetDefaultsToDatabaseUrlFromTheEnvironmentThenDotEnvInTheGuidesForm() throws Exception {
        String guideForm = migration.targetUrl().substring("jdbc:".length());
        Cli.Result fromEnvironment = Cli.run(Map.of("DATABASE_URL", guideForm), dir, "import-users", "--from",
                migration.sourceUrl());
        assertThat(fromEnvironment.exit()).as(fromEnvironment.toString()).isZero();
        assertThat(fromEnvironment.outLines()).containsExactly("users: read=1 imported=1 already=0 updated=0 rejected=0");

        Files.writeString(dir.resolve(".env"), "DATABASE_URL=" + guideForm + "\n");
        Cli.Result fromDotEnv = Cli.run(Map.of(), dir, "import-users", "--from", migration.sourceUrl());
        assertThat(fromDotEnv.exit()).as(fromDotEnv.toString()).isZero();
        assertThat(fromDotEnv.outLines()).containsExactly("users: read=1 imported=0 already=1 updated=0 rejected=0");
    }

    @Test
    void legacyColumnsWithOtherNamesAreMapped() {
        try (Migration renamed = Migration.create("cli_columns")) {
            renamed.legacy("ALTER TABLE users RENAME TO members");
            renamed.legacy("ALTER TABLE members CHANGE hashed_password pw VARCHAR(255)");
            renamed.legacy("ALTER TABLE members CHANGE real_name full_name VARCHAR(200)");
            renamed.legacy("INSERT INTO members (id, full_name, email, pw, is_active, created_at) VALUES (?, ?, ?, ?,"
                    + " 1, '2024-01-01 00:00:00')", uuid(9), "Mapped", "mapped@example.com",
                    LegacyHashes.bcrypt2y("testpassword123"));
            Cli.Result run = renamed.importUsers("--users-table", "members", "--column", "password_hash=pw",
                    "--column", "real_name=full_name");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.outLines()).containsExactly("users: read=1 imported=1 already=0 updated=0 rejected=0");
            assertThat(renamed.usersByEmail().get("mapped@example.com").get("real_name")).isEqualTo("Mapped");
        }
    }

    private static void assertUsage(Cli.Result result, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message);
        assertThat(result.out()).doesNotContain("users:");
    }
}
