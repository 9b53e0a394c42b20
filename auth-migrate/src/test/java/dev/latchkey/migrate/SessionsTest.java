package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.instant;
import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The guide's refresh_tokens: which are imported, skipped or rejected, and what is stored of them. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class SessionsTest {

    private static final String LONGEST = "L".repeat(4096);
    private Migration migration;

    @TempDir
    Path dir;

    @BeforeEach
    void legacyRows() {
        migration = Migration.create("sessions");
        String hash = LegacyHashes.bcrypt2b("testpassword123");
        migration.user(uuid(1), "Active", "active@example.com", null, hash, 1, "2024-01-01 00:00:00");
        migration.user(uuid(2), "Inactive", "inactive@example.com", null, hash, 0, "2024-01-01 00:00:00");
        migration.user(uuid(3), "Rejected", "rejected@example.com", null, "5f4dcc3b5aa765d61d8327deb882cf99", 1, null);
        migration.user(uuid(4), "Other", "other@example.com", null, hash, 1, "2024-01-01 00:00:00");
        String future = "2099-01-01 00:00:00";
        String created = "2024-05-01 10:00:00";
        migration.session(uuid(1), "tok-one", "iPhone 15", "203.0.113.5", "Mozilla/5.0 (iPhone)", future, 0, created);
        migration.session(uuid(1), "tok-revoked", "Old", "203.0.113.5", "UA", future, 1, created);
        migration.session(uuid(1), "tok-expired", "Old", "203.0.113.5", "UA", "2021-01-01 00:00:00", 0,
                "2020-01-01 00:00:00");
        migration.session(uuid(2), "tok-inactive", "Mac", "203.0.113.6", "UA", future, 0, created);
        migration.session(uuid(3), "tok-rejected-user", "Mac", "203.0.113.6", "UA", future, 0, created);
        migration.session(UUID.randomUUID().toString(), "tok-unknown-user", "Mac", "203.0.113.6", "UA", future, 0,
                created);
        migration.session(uuid(4), "bad token", "Mac", "203.0.113.7", "UA", future, 0, created);
        migration.session(uuid(4), "T".repeat(4097), "Mac", "203.0.113.7", "UA", future, 0, created);
        migration.session(uuid(4), "tok-bad-ip", "Mac", "not-an-ip", "UA", future, 0, created);
        migration.session(uuid(4), "tok-long-device", "D".repeat(150), "203.0.113.8", "UA", future, 0, created);
        migration.session(uuid(4), "tok-ipv6", "Pixel", "2001:db8::1", "UA", future, 0, created);
        migration.session(uuid(4), LONGEST, "Longest", "203.0.113.9", "UA", future, 0, created);
        migration.session(uuid(1).toUpperCase(), "tok-upper-user", "Upper", "203.0.113.10", null, future, 0, null);
    }

    @AfterEach
    void drop() {
        migration.close();
    }

    @Test
    void onlyLiveSessionsOfImportedActiveUsersComeAlongAsTheHashOfTheirToken() throws Exception {
        Path rejects = dir.resolve("r.jsonl");
        Cli.Result dry = migration.importUsers("--with-sessions", "--dry-run");
        Cli.Result run = migration.importUsers("--with-sessions", "--reject-file", rejects.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        List<String> expected = List.of("users: read=4 imported=3 already=0 updated=0 rejected=1",
                "sessions: read=13 imported=5 already=0 skipped=5 rejected=3");
        assertThat(run.outLines()).isEqualTo(expected);
        assertThat(dry.outLines()).containsExactly("dry run: nothing written", expected.get(0), expected.get(1));
        assertThat(run.err()).contains("device_info longer than 100 characters: cut");

        String file = Files.readString(rejects);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(rejects)))
                .as("the reject file lists emails").isEqualTo("rw-------");
        assertThat(file).contains("\"table\":\"refresh_tokens\"").contains("\"reason\":\"invalid_ip\"");
        assertThat(file.lines().filter(l -> l.contains("\"reason\":\"invalid_token\""))).hasSize(2);
        assertThat(file).doesNotContain("bad token").doesNotContain("TTTT").doesNotContain("tok-");

        List<Map<String, Object>> sessions = migration.query("SELECT * FROM refresh_tokens ORDER BY device_name");
        assertThat(sessions).hasSize(5);
        Map<String, Object> iphone = migration.query("SELECT *, host(ip_address) AS ip, host(last_ip_address) AS"
                + " last_ip FROM refresh_tokens WHERE device_name = 'iPhone 15'").get(0);
        assertThat((byte[]) iphone.get("token_hash")).isEqualTo(RefreshTokenHash.of("tok-one").toBytes());
        assertThat(iphone.get("user_id")).isEqualTo(UUID.fromString(uuid(1)));
        assertThat(iphone.get("ip")).isEqualTo("203.0.113.5");
        assertThat(iphone.get("last_ip")).isEqualTo("203.0.113.5");
        assertThat(iphone.get("user_agent")).isEqualTo("Mozilla/5.0 (iPhone)");
        assertThat(instant(iphone.get("created_at"))).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(iphone.get("last_used_at")).isEqualTo(iphone.get("created_at"));
        assertThat(instant(iphone.get("expires_at"))).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(iphone.get("ended_at")).isNull();
        assertThat(migration.query("SELECT device_name FROM refresh_tokens WHERE token_hash = ?",
                RefreshTokenHash.of("tok-long-device").toBytes()).get(0).get("device_name")).isEqualTo("D".repeat(100));
        assertThat(migration.query("SELECT 1 FROM refresh_tokens WHERE token_hash = ?",
                RefreshTokenHash.of(LONGEST).toBytes())).hasSize(1);

        Cli.Result again = migration.importUsers("--with-sessions");
        assertThat(again.outLines()).containsExactly("users: read=4 imported=0 already=3 updated=0 rejected=1",
                "sessions: read=13 imported=0 already=5 skipped=5 rejected=3");
        assertThat(migration.query("SELECT count(*) AS n FROM refresh_tokens").get(0).get("n")).isEqualTo(5L);
    }

    @Test
    void aDeltaRunThatDisablesAUserOrChangesTheirPasswordEndsTheirOpenSessions() throws Exception {
        // Between the first run and the cut-over, the old backend may still disable a user or take a
        // new password: the delta run must then end their sessions, as Latchkey's own disabling and
        // password change do, not leave them refreshing.
        assertThat(migration.importUsers("--with-sessions").exit()).isEqualTo(1);
        assertThat(migration.query("SELECT count(*) AS n FROM refresh_tokens WHERE user_id IN (?, ?)"
                + " AND ended_at IS NULL", UUID.fromString(uuid(1)), UUID.fromString(uuid(4))).get(0).get("n"))
                .isEqualTo(5L);
        long epochBefore = (Long) migration.query("SELECT session_epoch FROM users WHERE id = ?",
                UUID.fromString(uuid(1))).get(0).get("session_epoch");

        migration.legacy("UPDATE users SET is_active = 0 WHERE id = ?", uuid(1));
        migration.legacy("UPDATE users SET hashed_password = ? WHERE id = ?",
                LegacyHashes.bcrypt2b("a-new-password-1"), uuid(4));
        Cli.Result delta = migration.importUsers("--with-sessions");

        assertThat(delta.outLines().get(0)).isEqualTo("users: read=4 imported=0 already=1 updated=2 rejected=1");
        assertThat(migration.query("SELECT DISTINCT end_reason FROM refresh_tokens WHERE user_id = ?",
                UUID.fromString(uuid(1)))).extracting(r -> r.get("end_reason")).containsExactly("ACCOUNT_DISABLED");
        assertThat(migration.query("SELECT DISTINCT end_reason FROM refresh_tokens WHERE user_id = ?",
                UUID.fromString(uuid(4)))).extracting(r -> r.get("end_reason")).containsExactly("PASSWORD_CHANGED");
        assertThat((Long) migration.query("SELECT session_epoch FROM users WHERE id = ?",
                UUID.fromString(uuid(1))).get(0).get("session_epoch")).as("logins in flight are cut off too")
                .isGreaterThan(epochBefore);
        assertThat(migration.importUsers("--with-sessions").outLines().get(0))
                .isEqualTo("users: read=4 imported=0 already=3 updated=0 rejected=1");
    }
}
