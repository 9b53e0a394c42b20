package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.user.User;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class LatchkeySchemaTest {

    private static final String SCHEMA = "latchkey_jdbi_schema";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private PostgresStorage storage;
    private Jdbi jdbi;

    @BeforeEach
    void emptySchema() {
        TestPostgres.recreateSchema(SCHEMA);
        storage = PostgresStorage.create(TestPostgres.dataSource(SCHEMA));
        jdbi = storage.jdbi();
    }

    private List<String> names(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("schema", SCHEMA).mapTo(String.class).list());
    }

    @Test
    void anEmptyDatabaseGetsTheSchemaAndItsVersionIsRecorded() {
        assertThat(storage.schema().currentVersion()).isZero();

        assertThat(storage.schema().migrate()).isEqualTo(LatchkeySchema.latestVersion());

        assertThat(storage.schema().currentVersion()).isEqualTo(7);
        assertThat(names("SELECT table_name FROM information_schema.tables WHERE table_schema = :schema"))
                .containsExactlyInAnyOrder("users", "refresh_tokens", "refresh_token_replaced", "login_throttle",
                        "one_time_tokens", "latchkey_schema_version");
    }

    @Test
    void applyingTheSchemaTwiceChangesNothing() {
        storage.schema().migrate();
        User user = Fixtures.user("keep@example.com", NOW);
        storage.users().create(user);

        assertThat(storage.schema().migrate()).isEqualTo(LatchkeySchema.latestVersion());

        assertThat(storage.users().findById(user.id())).contains(user);
        int recorded = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM latchkey_schema_version")
                .mapTo(Integer.class).one());
        assertThat(recorded).isEqualTo(LatchkeySchema.latestVersion());
    }

    @Test
    void nodesStartingTogetherApplyTheSchemaOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PostgresStorage node = PostgresStorage.create(TestPostgres.dataSource(SCHEMA));
                results.add(pool.submit(() -> node.schema().migrate()));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(LatchkeySchema.latestVersion());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theGuidesIndexesAndTheFeedAndCleanUpIndexesExist() {
        storage.schema().migrate();

        assertThat(names("SELECT indexname FROM pg_indexes WHERE schemaname = :schema")).contains(
                "idx_users_email", "idx_refresh_tokens_user_id", "idx_refresh_tokens_token",
                "idx_refresh_tokens_ended_at", "idx_refresh_tokens_expires_at", "idx_refresh_token_replaced_session",
                "idx_login_throttle_forget_after", "idx_users_roles_revoked_at", "idx_users_roles",
                "idx_one_time_tokens_user_purpose", "idx_one_time_tokens_expires_at");
        assertThat(names("SELECT indexdef FROM pg_indexes WHERE schemaname = :schema AND indexname = 'idx_users_email'"))
                .singleElement().asString().contains("UNIQUE").contains("lower");
    }

    @Test
    void sessionPagesKeepRoomForHotRefreshes() {
        storage.schema().migrate();

        assertThat(names("""
                SELECT array_to_string(reloptions, ',') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = :schema AND c.relname = 'refresh_tokens'""")).containsExactly("fillfactor=80");
    }

    @Test
    void columnsHaveTheirPostgresTypes() {
        storage.schema().migrate();

        assertThat(names("""
                SELECT column_name || ':' || udt_name FROM information_schema.columns
                WHERE table_schema = :schema AND table_name = 'refresh_tokens'""")).contains(
                "id:uuid", "user_id:uuid", "token_hash:bytea", "ip_address:inet", "last_ip_address:inet",
                "created_at:timestamptz", "expires_at:timestamptz", "ended_at:timestamptz");
        assertThat(names("""
                SELECT column_name || ':' || udt_name FROM information_schema.columns
                WHERE table_schema = :schema AND table_name = 'users'""")).contains("id:uuid", "created_at:timestamptz",
                "legacy_password:bool", "roles:_text", "roles_version:int8", "roles_revoked_at:timestamptz",
                "email_verified:bool");
        assertThat(names("""
                SELECT column_name || ':' || udt_name FROM information_schema.columns
                WHERE table_schema = :schema AND table_name = 'one_time_tokens'""")).containsExactlyInAnyOrder(
                "token_hash:bytea", "purpose:text", "user_id:uuid", "email:varchar", "created_at:timestamptz",
                "expires_at:timestamptz");
        assertThat(names("""
                SELECT column_name || ':' || character_maximum_length FROM information_schema.columns
                WHERE table_schema = :schema AND table_name = 'users' AND column_name = 'password_hash'"""))
                .containsExactly("password_hash:255");
    }

    @Test
    void constraintsRefuseDataThatWouldBeUnsafe() {
        storage.schema().migrate();
        User user = Fixtures.user("c@example.com", NOW);
        storage.users().create(user);

        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(
                "INSERT INTO users (id, real_name, email, password_hash) VALUES (gen_random_uuid(), 'x', 'y@z', 'plain')")))
                .as("a password that is not a bcrypt hash").isInstanceOf(UnableToExecuteStatementException.class);
        for (String unknown : List.of("5f4dcc3b5aa765d61d8327deb882cf99", "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuR",
                "$argon2d$v=19$m=256,t=2,p=1$c29tZXNhbHQ$x", "pbkdf2_sha1$1000$salt$x", "$pbkdf2-sha512$1000$s$x",
                "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "$1$salt$qJH7.N4xYta3aEG/dfqo/0", "x$2b$05$")) {
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO users (id, real_name, email,"
                    + " password_hash, legacy_password) VALUES (gen_random_uuid(), 'x', 'y@z', ?, true)", unknown)))
                    .as(unknown).isInstanceOf(UnableToExecuteStatementException.class);
        }
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO users (id, real_name, email,"
                + " password_hash) VALUES (gen_random_uuid(), 'x', 'y@z', ?)", "$argon2id$" + "A".repeat(246))))
                .as("a hash of 256 characters").isInstanceOf(UnableToExecuteStatementException.class);
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("""
                INSERT INTO refresh_tokens (id, user_id, token_hash, ip_address, created_at, last_used_at,
                    last_ip_address, expires_at) VALUES (gen_random_uuid(), ?, '\\x00', '1.2.3.4', now(), now(),
                    '1.2.3.4', now() + interval '1 day')""", user.id().value())))
                .as("a token hash that is not 32 bytes").isInstanceOf(UnableToExecuteStatementException.class);
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("""
                INSERT INTO refresh_tokens (id, user_id, token_hash, ip_address, created_at, last_used_at,
                    last_ip_address, expires_at, ended_at, end_reason) VALUES (gen_random_uuid(), ?,
                    decode(repeat('ab', 32), 'hex'), '1.2.3.4', now(), now(), '1.2.3.4', now() + interval '1 day',
                    now(), 'BORED')""", user.id().value())))
                .as("an unknown end reason").isInstanceOf(UnableToExecuteStatementException.class);
    }

    @Test
    void deletingAUserDeletesTheirSessionsAndReplacedTokens() {
        storage.schema().migrate();
        User user = Fixtures.user("gone@example.com", NOW);
        storage.users().create(user);
        var session = Fixtures.session(user.id(), NOW, Duration.ofDays(7));
        storage.sessions().create(session);

        jdbi.useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", user.id().value()));

        assertThat(storage.sessions().findById(session.id())).isEmpty();
    }

    @Test
    void aSessionOfAnUnknownUserIsRefused() {
        storage.schema().migrate();
        assertThatThrownBy(() -> storage.sessions().create(Fixtures.session(UserId.random(), NOW, Duration.ofDays(1))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.sessions().findById(SessionId.random())).isEmpty();
    }

    @Test
    void theConnectionCheckReportsTheServerVersion() {
        LatchkeySchema.ConnectionCheck check = storage.schema().testConnection();

        assertThat(check.reachable()).isTrue();
        assertThat(check.serverVersion()).hasValueSatisfying(v -> assertThat(v).matches("\\d+.*"));
        assertThat(check.problem()).isEmpty();
    }

    @Test
    void aDatabaseAtVersionThreeUpgradesKeepingItsUsersAsRegisteredOnesAndTakesImportedHashes() throws Exception {
        // Version 3 as the previous Latchkey left it, applied from the files the jar ships.
        jdbi.useTransaction(h -> {
            h.execute("CREATE TABLE latchkey_schema_version (version integer PRIMARY KEY, description text NOT NULL,"
                    + " applied_at timestamptz NOT NULL DEFAULT now())");
            for (String file : List.of("V1__users_and_refresh_tokens.sql", "V2__refresh_tokens_fillfactor.sql",
                    "V3__session_epoch_and_login_throttle.sql")) {
                try (InputStream in = LatchkeySchema.class.getClassLoader()
                        .getResourceAsStream(LatchkeySchema.LOCATION + "/" + file);
                        Statement statement = h.getConnection().createStatement()) {
                    statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            h.execute("INSERT INTO latchkey_schema_version (version, description)"
                    + " VALUES (1, 'v1'), (2, 'v2'), (3, 'v3')");
            h.execute("INSERT INTO users (id, real_name, email, password_hash, session_epoch) VALUES"
                    + " ('6f1c2b1e-8f4e-4a59-9a39-2f4c1b1d0a01', 'Old', 'old@example.com',"
                    + " '$2b$04$qb8V5SEKODwFLZZZMfcUKuJZu5X6nWVkIhcJ/IPEPrrRipRss43Lq', 2)");
        });
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO users (id, real_name, email,"
                + " password_hash) VALUES (gen_random_uuid(), 'x', 'y@z', ?)", LegacyVectors.ARGON2_LIBRARIES.get(0)
                .hash()))).as("version 3 refuses an Argon2 hash").isInstanceOf(UnableToExecuteStatementException.class);

        assertThat(storage.schema().migrate()).isEqualTo(7);

        User old = storage.users().findByEmail("old@example.com").orElseThrow();
        assertThat(old.emailVerified()).as("a user from before verification is not locked out").isTrue();
        assertThat(old.roles()).as("an upgraded user has no roles").isEmpty();
        assertThat(old.rolesVersion()).isZero();
        assertThat(old.legacyPassword()).isFalse();
        assertThat(old.sessionEpoch()).isEqualTo(2);
        assertThat(old.passwordHash()).isEqualTo("$2b$04$qb8V5SEKODwFLZZZMfcUKuJZu5X6nWVkIhcJ/IPEPrrRipRss43Lq");
        User imported = new User(UserId.random(), "Imported", "imported@example.com", null,
                LegacyVectors.LONGEST_ARGON2, true, NOW, 0, true);
        storage.users().create(imported);
        assertThat(storage.users().findById(imported.id())).contains(imported);
        assertThat(storage.users().replacePasswordHash(imported.id(), imported.passwordHash(), old.passwordHash()))
                .isTrue();
        assertThat(storage.users().findById(imported.id()).orElseThrow().legacyPassword()).isFalse();
    }

    @Test
    void dropAndRecreateLeavesAnEmptySchemaAtTheLatestVersion() {
        storage.schema().migrate();
        storage.users().create(new User(UserId.random(), "Imported", "imported@example.com", null,
                LegacyVectors.PASSLIB.get(0).hash(), true, NOW, 0, true));

        assertThat(storage.schema().dropAndRecreate()).isEqualTo(LatchkeySchema.latestVersion());

        assertThat(storage.users().findByEmail("imported@example.com")).isEmpty();
        assertThat(names("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = :schema AND table_name = 'users' AND column_name = 'legacy_password'"""))
                .containsExactly("legacy_password");
    }

    @Test
    void theSqlTheJarShipsIsWhatFlywayWouldFind() {
        for (String file : List.of("V1__users_and_refresh_tokens.sql", "V2__refresh_tokens_fillfactor.sql",
                "V3__session_epoch_and_login_throttle.sql", "V4__legacy_passwords.sql", "V5__throttle_key_locks.sql")) {
            assertThat(LatchkeySchema.class.getClassLoader().getResource(LatchkeySchema.LOCATION + "/" + file))
                    .as(file).isNotNull();
        }
    }

    @Test
    void aDatabaseAtVersionTwoUpgradesKeepingItsUsersAndSessions() throws Exception {
        // Version 2 as an earlier Latchkey left it, applied from the files the jar ships.
        jdbi.useTransaction(h -> {
            h.execute("CREATE TABLE latchkey_schema_version (version integer PRIMARY KEY, description text NOT NULL,"
                    + " applied_at timestamptz NOT NULL DEFAULT now())");
            for (String file : List.of("V1__users_and_refresh_tokens.sql", "V2__refresh_tokens_fillfactor.sql")) {
                try (InputStream in = LatchkeySchema.class.getClassLoader()
                        .getResourceAsStream(LatchkeySchema.LOCATION + "/" + file);
                        Statement statement = h.getConnection().createStatement()) {
                    statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            h.execute("INSERT INTO latchkey_schema_version (version, description) VALUES (1, 'v1'), (2, 'v2')");
            h.execute("INSERT INTO users (id, real_name, email, password_hash) VALUES"
                    + " ('6f1c2b1e-8f4e-4a59-9a39-2f4c1b1d0a01', 'Old', 'old@example.com',"
                    + " '$2b$04$qb8V5SEKODwFLZZZMfcUKuJZu5X6nWVkIhcJ/IPEPrrRipRss43Lq')");
        });

        assertThat(storage.schema().migrate()).isEqualTo(LatchkeySchema.latestVersion());

        User old = storage.users().findByEmail("old@example.com").orElseThrow();
        assertThat(old.sessionEpoch()).isZero();
        assertThat(storage.users().advanceSessionEpoch(old.id())).isTrue();
        assertThat(storage.users().findById(old.id()).orElseThrow().sessionEpoch()).isEqualTo(1);
        Session interrupted = Fixtures.session(old.id(), NOW, Duration.ofDays(7)).endedAt(NOW,
                EndReason.LOGIN_INTERRUPTED);
        storage.sessions().create(interrupted);
        assertThat(storage.sessions().findById(interrupted.id())).contains(interrupted);
    }
}
