package dev.latchkey.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of legacy user row of the import's table, from MariaDB into PostgreSQL, through the command. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class UserRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "testpassword123";
    private static final String KIM = "A1B2C3D4-0000-4000-8000-000000000001";
    private static final String KIM_NAME = "김철수 🎉 Ñandú";

    private final String bcrypt = LegacyHashes.bcrypt2b(PASSWORD);
    private final Map<String, String> expectedReasons = new HashMap<>();
    private Migration migration;

    @TempDir
    Path dir;

    @BeforeEach
    void legacyRows() {
        migration = Migration.create("rows");
        migration.user(KIM, KIM_NAME, "  kim@example.com  ", "", bcrypt, 1, "2024-03-01 12:00:00");
        rejected("invalid_id", "junk", "Junk", "junk@example.com");
        rejected("invalid_id", "{a1b2c3d4-0000-4000-8000-000000000003}", "Braces", "braces@example.com");
        rejected("invalid_id", "", "Empty", "empty-id@example.com");
        migration.user(null, "Null id", "null-id@example.com", null, bcrypt, 1, "2024-01-01 00:00:00");
        expectedReasons.put("null-id@example.com", "invalid_id");
        rejected("invalid_email", uuid(6), "No address", "not-an-email");
        rejected("duplicate_email", uuid(7), "Dup one", "dup@example.com");
        rejected("duplicate_email", uuid(8), "Dup two", "DUP@Example.com");
        migration.user(uuid(10), "No hash", "nohash@example.com", null, null, 1, "2024-01-01 00:00:00");
        expectedReasons.put("nohash@example.com", "no_password");
        migration.user(uuid(11), "Empty hash", "emptyhash@example.com", null, "", 1, "2024-01-01 00:00:00");
        expectedReasons.put("emptyhash@example.com", "no_password");
        migration.user(uuid(12), "Md5", "md5@example.com", null, "5f4dcc3b5aa765d61d8327deb882cf99", 1, null);
        expectedReasons.put("md5@example.com", "unsupported_hash");
        migration.user(uuid(13), "Sha1", "sha1@example.com", null, "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", 1, null);
        expectedReasons.put("sha1@example.com", "unsupported_hash");
        migration.user(uuid(14), "Crypt", "crypt@example.com", null, "$1$saltsalt$qjXMvOEVOWbeTfoGnNMKW.", 1, null);
        expectedReasons.put("crypt@example.com", "unsupported_hash");
        migration.user(uuid(15), "Passlib", "passlib@example.com", "+82 10-1234-5678",
                LegacyVectors.PASSLIB.get(0).hash(), 1, "2024-01-01 00:00:00");
        migration.user(uuid(16), "Django", "django@example.com", null, LegacyVectors.DJANGO.get(0).hash(), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(17), "Argon", "argon@example.com", null, LegacyHashes.argon2id(PASSWORD), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(18), "Zero", "inactive0@example.com", null, bcrypt, 0, "2024-01-01 00:00:00");
        migration.user(uuid(19), "Null", "inactivenull@example.com", null, bcrypt, null, "2024-01-01 00:00:00");
        migration.user(uuid(20), "Two", "active2@example.com", null, bcrypt, 2, "2024-01-01 00:00:00");
        migration.user(uuid(21), "Zero date", "zerodate@example.com", null, bcrypt, 1, "0000-00-00 00:00:00");
        migration.user(uuid(22), "Null date", "nulldate@example.com", null, bcrypt, 1, null);
        migration.user(uuid(23), null, "nullname@example.com", null, bcrypt, 1, null);
        expectedReasons.put("nullname@example.com", "invalid_name");
        migration.user(uuid(24), "x".repeat(101), "longname@example.com", null, bcrypt, 1, null);
        expectedReasons.put("longname@example.com", "invalid_name");
        migration.user(uuid(25), "Long phone", "longphone@example.com", "1".repeat(40), bcrypt, 1, null);
        expectedReasons.put("longphone@example.com", "invalid_phone");
        migration.user(uuid(26).toUpperCase(), "가".repeat(100), "hundred@example.com", null, bcrypt, 1, null);
    }

    @AfterEach
    void drop() {
        migration.close();
    }

    @Test
    void aDryRunPredictsTheImportWhichStoresEveryKindOfRowAsTheTableSays() throws IOException {
        Path dryRejects = dir.resolve("dry.jsonl");
        Cli.Result dry = migration.importUsers("--dry-run", "--reject-file", dryRejects.toString());
        String summary = "users: read=25 imported=10 already=0 updated=0 rejected=15";
        assertThat(dry.exit()).as(dry.toString()).isEqualTo(1);
        assertThat(dry.outLines()).containsExactly("dry run: nothing written", summary);
        assertThat(migration.targetHas("users")).as("a dry run creates no table").isFalse();
        assertThat(migration.targetHas("latchkey_schema_version")).isFalse();

        Path rejects = dir.resolve("rejects.jsonl");
        Instant before = Instant.now();
        Cli.Result run = migration.importUsers("--reject-file", rejects.toString());
        Instant after = Instant.now();
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.lastLine()).isEqualTo(summary);
        assertThat(run.outLines()).containsExactly(summary);
        assertThat(run.err()).contains("warning: 1 × email trimmed")
                .contains("warning: 3 × created_at zero, invalid or NULL: import start time used")
                .contains("duplicate_email=2").contains("invalid_id=4");
        assertThat(Files.readAllLines(rejects)).hasSameElementsAs(Files.readAllLines(dryRejects));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(rejects)) {
            assertThat(line).doesNotContain(bcrypt).doesNotContain("5f4dcc3b5aa765d61d8327deb882cf99")
                    .doesNotContain("qjXMvOEVOWbeTfoGnNMKW").doesNotContain("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8");
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("table").asText()).isEqualTo("users");
            lines.add(node);
        }
        Map<String, String> reasons = new HashMap<>();
        lines.forEach(n -> reasons.put(n.get("email").asText(), n.get("reason").asText()));
        assertThat(reasons).containsAllEntriesOf(expectedReasons).hasSize(expectedReasons.size());
        assertThat(detail(lines, "md5@example.com")).isEqualTo("hex MD5 digest");
        assertThat(detail(lines, "sha1@example.com")).isEqualTo("hex SHA-1 digest");
        assertThat(detail(lines, "crypt@example.com")).isEqualTo("unknown prefix $1$");
        assertThat(detail(lines, "dup@example.com")).contains(uuid(8)).doesNotContain(uuid(7));
        assertThat(detail(lines, "DUP@Example.com")).contains(uuid(7));
        assertThat(lines).anySatisfy(n -> assertThat(n.get("id").isNull()).isTrue());

        Map<String, Map<String, Object>> users = migration.usersByEmail();
        assertThat(users).hasSize(10);
        Map<String, Object> kim = users.get("kim@example.com");
        assertThat(kim.get("id")).isEqualTo(UUID.fromString(KIM));
        assertThat(kim.get("email")).isEqualTo("kim@example.com");
        assertThat(kim.get("real_name")).isEqualTo(KIM_NAME);
        assertThat(kim.get("phone_number")).isNull();
        assertThat(kim.get("password_hash")).isEqualTo(bcrypt);
        assertThat(kim.get("legacy_password")).isEqualTo(true);
        assertThat(kim.get("is_active")).isEqualTo(true);
        assertThat(instant(kim.get("created_at"))).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(users.get("passlib@example.com").get("phone_number")).isEqualTo("+82 10-1234-5678");
        assertThat(users.get("passlib@example.com").get("password_hash")).isEqualTo(LegacyVectors.PASSLIB.get(0).hash());
        assertThat(users.get("inactive0@example.com").get("is_active")).isEqualTo(false);
        assertThat(users.get("inactivenull@example.com").get("is_active")).isEqualTo(false);
        assertThat(users.get("active2@example.com").get("is_active")).isEqualTo(true);
        assertThat(users.get("hundred@example.com").get("real_name")).isEqualTo("가".repeat(100));
        assertThat(users.get("hundred@example.com").get("id")).isEqualTo(UUID.fromString(uuid(26)));
        for (String email : List.of("zerodate@example.com", "nulldate@example.com")) {
            assertThat(instant(users.get(email).get("created_at"))).isBetween(before.minusSeconds(1), after);
        }
        assertThat(migration.query("SELECT count(*) AS n FROM latchkey_imported_users").get(0).get("n")).isEqualTo(10L);
    }

    @Test
    void aSecondRunChangesNothingAChangedRowIsUpdatedAndAnUpgradedHashIsNeverPutBack() {
        String summary = "users: read=25 imported=10 already=0 updated=0 rejected=15";
        assertThat(migration.importUsers().lastLine()).isEqualTo(summary);
        Cli.Result again = migration.importUsers();
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.lastLine()).isEqualTo("users: read=25 imported=0 already=10 updated=0 rejected=15");

        migration.legacy("UPDATE users SET real_name = 'Kim Chul-soo' WHERE id = ?", KIM);
        assertThat(migration.importUsers().lastLine())
                .isEqualTo("users: read=25 imported=0 already=9 updated=1 rejected=15");
        assertThat(migration.usersByEmail().get("kim@example.com").get("real_name")).isEqualTo("Kim Chul-soo");

        // The passlib user logged in to Latchkey meanwhile: the hash is Latchkey's own now.
        String upgraded = LegacyHashes.bcrypt2b(LegacyVectors.PASSLIB.get(0).password());
        migration.target("UPDATE users SET password_hash = '" + upgraded + "', legacy_password = false"
                + " WHERE email = 'passlib@example.com'");
        assertThat(migration.importUsers().lastLine())
                .isEqualTo("users: read=25 imported=0 already=10 updated=0 rejected=15");
        assertThat(migration.usersByEmail().get("passlib@example.com").get("password_hash")).isEqualTo(upgraded);

        migration.legacy("UPDATE users SET phone_number = '010-9999-0000' WHERE email = 'passlib@example.com'");
        assertThat(migration.importUsers().lastLine())
                .isEqualTo("users: read=25 imported=0 already=9 updated=1 rejected=15");
        Map<String, Object> passlib = migration.usersByEmail().get("passlib@example.com");
        assertThat(passlib.get("phone_number")).isEqualTo("010-9999-0000");
        assertThat(passlib.get("password_hash")).as("a hash upgraded at login stays").isEqualTo(upgraded);
        assertThat(passlib.get("legacy_password")).isEqualTo(false);

        // A password changed in the legacy backend after the first import is the newest password: it comes along.
        String changed = LegacyHashes.bcrypt2y("a new password");
        migration.legacy("UPDATE users SET hashed_password = ? WHERE email = 'passlib@example.com'", changed);
        assertThat(migration.importUsers().lastLine())
                .isEqualTo("users: read=25 imported=0 already=9 updated=1 rejected=15");
        passlib = migration.usersByEmail().get("passlib@example.com");
        assertThat(passlib.get("password_hash")).isEqualTo(changed);
        assertThat(passlib.get("legacy_password")).isEqualTo(true);
    }

    private void rejected(String reason, String id, String name, String email) {
        migration.user(id, name, email, null, bcrypt, 1, "2024-01-01 00:00:00");
        expectedReasons.put(email, reason);
    }

    private static String detail(List<JsonNode> lines, String email) {
        return lines.stream().filter(n -> n.get("email").asText().equals(email)).findFirst().orElseThrow()
                .get("detail").asText();
    }

    static String uuid(int n) {
        return String.format("a1b2c3d4-0000-4000-8000-%012d", n);
    }

    static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }
}
