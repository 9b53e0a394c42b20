package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The guide's backup file, written by the real mariadb-dump, imported without any MySQL server. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class DumpSourceTest {

    private Migration migration;

    @TempDir
    Path dir;

    @BeforeEach
    void legacyRows() {
        migration = Migration.create("dump");
        String hash = LegacyHashes.bcrypt2b("testpassword123");
        migration.user(uuid(1).toUpperCase(), "홍길동 😀", " hong@example.com", "", hash, 1, "2024-01-02 03:04:05");
        migration.user(uuid(2), "O'Brien; DROP TABLE users; --", "obrien@example.com", "010-1111-2222", hash, 0,
                "0000-00-00 00:00:00");
        migration.user(uuid(3), "Tab\tand\nnewline \\ backslash", "tab@example.com", null, hash, null, null);
        migration.user("junk", "Junk", "junk@example.com", null, hash, 1, null);
        migration.user(uuid(5), "Md5", "md5@example.com", null, "5f4dcc3b5aa765d61d8327deb882cf99", 1, null);
        migration.session(uuid(1).toUpperCase(), "legacy-token-1", "iPhone", "192.0.2.1", "Safari",
                "2099-01-01 00:00:00", 0, "2024-01-01 00:00:00");
        migration.session(uuid(1), "legacy-token-2", "Old", "192.0.2.1", "Safari", "2020-01-01 00:00:00", 0,
                "2019-01-01 00:00:00");
    }

    @AfterEach
    void drop() {
        migration.close();
    }

    @Test
    void aPlainDumpImportsTheSameRowsAsTheLiveDatabaseAndAGzipDumpToo() throws Exception {
        Path dump = dir.resolve("backup_mysql.sql");
        migration.dump(dump);
        Cli.Result fromDump = Cli.run("import-users", "--from-dump", dump.toString(), "--to", migration.targetUrl(),
                "--with-sessions");
        assertThat(fromDump.exit()).as(fromDump.toString()).isEqualTo(1);
        assertThat(fromDump.outLines()).containsExactly(
                "users: read=5 imported=3 already=0 updated=0 rejected=2",
                "sessions: read=2 imported=1 already=0 skipped=1 rejected=0");
        assertThat(migration.usersByEmail().get("hong@example.com").get("real_name")).isEqualTo("홍길동 😀");
        assertThat(migration.usersByEmail().get("tab@example.com").get("real_name"))
                .isEqualTo("Tab\tand\nnewline \\ backslash");
        assertThat(migration.usersByEmail().get("obrien@example.com").get("is_active")).isEqualTo(false);

        // The live database holds the same values: every row is already there.
        Cli.Result live = migration.importUsers("--with-sessions");
        assertThat(live.outLines()).containsExactly(
                "users: read=5 imported=0 already=3 updated=0 rejected=2",
                "sessions: read=2 imported=0 already=1 skipped=1 rejected=0");

        Path gzip = dir.resolve("backup_mysql.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(dump, out);
        }
        Cli.Result fromGzip = Cli.run("import-users", "--from-dump", gzip.toString(), "--to", migration.targetUrl(),
                "--with-sessions", "--dry-run");
        assertThat(fromGzip.outLines()).containsExactly("dry run: nothing written",
                "users: read=5 imported=0 already=3 updated=0 rejected=2",
                "sessions: read=2 imported=0 already=1 skipped=1 rejected=0");
    }

    @Test
    void aDumpThatDoesNotParseIsAnInputErrorNamingTheLineAndWritesNoUser() throws Exception {
        Path dump = dir.resolve("backup_mysql.sql");
        migration.dump(dump);
        String text = Files.readString(dump);
        int cut = text.indexOf("INSERT INTO `users`");
        Path broken = dir.resolve("broken.sql");
        Files.writeString(broken, text.substring(0, text.indexOf("'", cut + 40) + 3) + "\n");
        Cli.Result run = Cli.run("import-users", "--from-dump", broken.toString(), "--to", migration.targetUrl());
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("does not parse at line \\d+");
        assertThat(run.out()).isEmpty();
        assertThat(migration.query("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void aDumpWithoutTheUsersTableOrAMissingFileIsAnInputError() throws IOException {
        Path empty = dir.resolve("empty.sql");
        Files.writeString(empty, "-- MariaDB dump\nCREATE TABLE `other` (`id` int);\n");
        Cli.Result run = Cli.run("import-users", "--from-dump", empty.toString(), "--to", migration.targetUrl());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("has no CREATE TABLE for users");
        Cli.Result missing = Cli.run("import-users", "--from-dump", dir.resolve("nope.sql").toString(), "--to",
                migration.targetUrl());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Cannot read the dump");
    }
}
