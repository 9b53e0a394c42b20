package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.instant;
import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A legacy backend that already followed the guide on PostgreSQL: the same tables, read with a snapshot too. */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class PostgresSourceTest {

    private Migration migration;
    private String legacySchema;

    @BeforeEach
    void legacyRows() throws SQLException {
        migration = Migration.create("pgsource");
        legacySchema = migration.name() + "_legacy";
        TestPostgres.recreateSchema(legacySchema);
        String hash = LegacyHashes.bcrypt2b("testpassword123");
        try (Connection c = TestPostgres.dataSource(legacySchema).getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE users (id varchar(36) PRIMARY KEY, real_name varchar(100), email varchar(255),
                        phone_number varchar(20), hashed_password varchar(255), is_active boolean,
                        created_at timestamp, updated_at timestamp)""");
            s.execute("""
                    CREATE TABLE refresh_tokens (id serial PRIMARY KEY, user_id varchar(36), token varchar(512),
                        device_info varchar(255), ip_address varchar(45), user_agent text, expires_at timestamptz,
                        is_revoked boolean, created_at timestamptz)""");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?::timestamp)")) {
                insert(p, uuid(1), "이영희", "lee@example.com", "", hash, true, "2024-03-01 09:00:00");
                insert(p, uuid(2), "Off", "off@example.com", null, hash, false, "2024-03-01 09:00:00");
                insert(p, uuid(3), "Null", "null@example.com", null, hash, null, null);
                insert(p, uuid(4), "Bad", "bad", null, hash, true, null);
            }
            s.execute("INSERT INTO refresh_tokens (user_id, token, device_info, ip_address, user_agent, expires_at,"
                    + " is_revoked, created_at) VALUES ('" + uuid(1) + "', 'pg-token', 'Firefox', '198.51.100.1',"
                    + " 'UA', '2099-01-01 00:00:00+09', false, '2024-03-01 00:00:00+09')");
        }
    }

    private static void insert(PreparedStatement p, String id, String name, String email, String phone, String hash,
            Boolean active, String created) throws SQLException {
        p.setString(1, id);
        p.setString(2, name);
        p.setString(3, email);
        p.setString(4, phone);
        p.setString(5, hash);
        p.setObject(6, active);
        p.setString(7, created);
        p.executeUpdate();
    }

    @AfterEach
    void drop() {
        migration.target("DROP SCHEMA " + legacySchema + " CASCADE");
        migration.close();
    }

    @Test
    void usersAndSessionsComeFromAPostgresqlSource() {
        String jdbc = TestPostgres.url().orElseThrow();
        String source = jdbc.substring("jdbc:".length()) + (jdbc.contains("?") ? "&" : "?") + "currentSchema="
                + legacySchema;
        Cli.Result run = Cli.run("import-users", "--from", source, "--to", migration.targetUrl(), "--with-sessions",
                "--source-time-zone", "Asia/Seoul");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("users: read=4 imported=3 already=0 updated=0 rejected=1",
                "sessions: read=1 imported=1 already=0 skipped=0 rejected=0");
        var users = migration.usersByEmail();
        assertThat(users.get("lee@example.com").get("real_name")).isEqualTo("이영희");
        assertThat(instant(users.get("lee@example.com").get("created_at")))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(users.get("off@example.com").get("is_active")).isEqualTo(false);
        assertThat(users.get("null@example.com").get("is_active")).isEqualTo(false);
        assertThat(instant(migration.query("SELECT created_at FROM refresh_tokens").get(0).get("created_at")))
                .as("a timestamptz keeps its own offset").isEqualTo(Instant.parse("2024-02-29T15:00:00Z"));
    }
}
