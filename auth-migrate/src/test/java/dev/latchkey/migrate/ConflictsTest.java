package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.instant;
import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rows that clash with each other or with Latchkey's users, and legacy times in another zone. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class ConflictsTest {

    private final String hash = LegacyHashes.bcrypt2b("testpassword123");
    private Migration migration;

    @TempDir
    Path dir;

    @BeforeEach
    void create() {
        migration = Migration.create("conflicts");
    }

    @AfterEach
    void drop() {
        migration.close();
    }

    private void duplicates() {
        migration.user(uuid(1), "Middle", "Same@example.com", null, hash, 1, "2023-06-01 00:00:00");
        migration.user(uuid(2), "Oldest", "same@example.com", null, hash, 1, "2022-01-01 00:00:00");
        migration.user(uuid(3), "Newest", "SAME@EXAMPLE.COM", null, hash, 1, "2024-01-01 00:00:00");
        migration.user(uuid(4), "Alone", "alone@example.com", null, hash, 1, "2024-01-01 00:00:00");
    }

    @Test
    void duplicateEmailsAreAllRejectedByDefault() throws Exception {
        duplicates();
        Path rejects = dir.resolve("r.jsonl");
        Cli.Result run = migration.importUsers("--reject-file", rejects.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lastLine()).isEqualTo("users: read=4 imported=1 already=0 updated=0 rejected=3");
        List<String> lines = Files.readAllLines(rejects);
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"reason\":\"duplicate_email\""));
        assertThat(lines.get(0)).contains(uuid(2) + ", " + uuid(3)).doesNotContain("kept");
    }

    @Test
    void keepOldestImportsTheFirstCreatedAndRejectsTheOthers() throws Exception {
        duplicates();
        Path rejects = dir.resolve("r.jsonl");
        Cli.Result run = migration.importUsers("--on-duplicate-email", "keep-oldest", "--reject-file",
                rejects.toString());
        assertThat(run.lastLine()).isEqualTo("users: read=4 imported=2 already=0 updated=0 rejected=2");
        assertThat(migration.usersByEmail().get("same@example.com").get("real_name")).isEqualTo("Oldest");
        assertThat(Files.readAllLines(rejects)).allSatisfy(l -> assertThat(l).contains("kept " + uuid(2)));
        assertThat(migration.importUsers("--on-duplicate-email", "keep-oldest").lastLine())
                .isEqualTo("users: read=4 imported=0 already=2 updated=0 rejected=2");
    }

    @Test
    void keepNewestImportsTheLastCreated() {
        duplicates();
        Cli.Result run = migration.importUsers("--on-duplicate-email", "KEEP-NEWEST");
        assertThat(run.lastLine()).isEqualTo("users: read=4 imported=2 already=0 updated=0 rejected=2");
        assertThat(migration.usersByEmail().get("same@example.com").get("real_name")).isEqualTo("Newest");
    }

    @Test
    void anEmailHeldByAnotherLatchkeyUserIsTakenAndNothingIsOverwritten() throws Exception {
        migration.user(uuid(1), "First", "first@example.com", null, hash, 1, "2024-01-01 00:00:00");
        assertThat(migration.importUsers().exit()).isZero();
        UUID native1 = UUID.randomUUID();
        migration.target("INSERT INTO users (id, real_name, email, password_hash) VALUES ('" + native1
                + "', 'Registered in Latchkey', 'Taken@Example.com', '" + LegacyHashes.bcrypt2b("x") + "')");
        migration.target("INSERT INTO users (id, real_name, email, password_hash) VALUES ('" + uuid(3)
                + "', 'Same id, not imported', 'other@example.com', '" + LegacyHashes.bcrypt2b("x") + "')");
        migration.user(uuid(2), "Legacy", "taken@example.com", null, hash, 1, "2024-01-01 00:00:00");
        migration.user(uuid(3), "Legacy three", "three@example.com", null, hash, 1, "2024-01-01 00:00:00");
        // A legacy table with a case-sensitive id (utf8mb4_bin, or no key at all) can hold one UUID twice.
        migration.legacy("ALTER TABLE users DROP INDEX uq_users_id");
        migration.user(uuid(4).toUpperCase(), "Upper", "upper@example.com", null, hash, 1, "2024-01-01 00:00:00");
        migration.user(uuid(4), "Lower", "lower@example.com", null, hash, 1, "2024-01-01 00:00:00");

        Path rejects = dir.resolve("r.jsonl");
        Cli.Result dry = migration.importUsers("--dry-run");
        Cli.Result run = migration.importUsers("--reject-file", rejects.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lastLine()).isEqualTo("users: read=5 imported=0 already=1 updated=0 rejected=4");
        assertThat(dry.outLines()).containsExactly("dry run: nothing written", run.lastLine());
        String file = Files.readString(rejects);
        assertThat(file).contains("\"reason\":\"email_taken\",\"detail\":\"the email belongs to Latchkey user "
                + native1 + "\"");
        assertThat(file).contains("\"reason\":\"id_taken\"");
        assertThat(file.lines().filter(l -> l.contains("duplicate_id"))).hasSize(2);
        assertThat(migration.usersByEmail().get("taken@example.com").get("real_name"))
                .isEqualTo("Registered in Latchkey");
        assertThat(migration.usersByEmail().get("other@example.com").get("real_name"))
                .isEqualTo("Same id, not imported");
    }

    @Test
    void legacyTimesAreReadInTheSourceTimeZone() {
        migration.user(uuid(1), "Seoul", "seoul@example.com", null, hash, 1, "2024-03-01 09:00:00");
        Cli.Result run = migration.importUsers("--source-time-zone", "Asia/Seoul");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(instant(migration.usersByEmail().get("seoul@example.com").get("created_at")))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }
}
