package dev.latchkey.migrate;

/**
 * The statements the import runs on the target, each whole. The staging tables are temporary:
 * they live in the import's own session and vanish with it.
 */
final class TargetSql {

    /**
     * Which legacy rows were imported, and what they held then: tells {@code already} from
     * {@code updated}. No foreign key: checking one per row would cost as much as writing the user,
     * and a row whose user was deleted since counts for nothing (the user is imported again).
     */
    static final String CREATE_IMPORTED_USERS = """
            CREATE TABLE IF NOT EXISTS latchkey_imported_users (
                id                   uuid        PRIMARY KEY,
                fingerprint          bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
                password_fingerprint bytea       NOT NULL CHECK (octet_length(password_fingerprint) = 32),
                imported_at          timestamptz NOT NULL)""";

    static final String EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    // Stand-ins for a dry run on a target whose schema does not exist yet: empty, as the real run would find it.
    static final String DRY_USERS = """
            CREATE TEMP TABLE users (id uuid PRIMARY KEY, email text NOT NULL, is_active boolean NOT NULL)""";
    static final String DRY_IMPORTED_USERS = """
            CREATE TEMP TABLE latchkey_imported_users (
                id uuid PRIMARY KEY, fingerprint bytea NOT NULL, password_fingerprint bytea NOT NULL,
                imported_at timestamptz NOT NULL)""";
    static final String DRY_REFRESH_TOKENS = "CREATE TEMP TABLE refresh_tokens (token_hash bytea PRIMARY KEY)";

    static final String CREATE_USER_STAGE = """
            CREATE TEMP TABLE latchkey_import_users (
                seq                  bigint      NOT NULL,
                raw_id               text        NOT NULL,
                id                   uuid        NOT NULL,
                real_name            text        NOT NULL,
                email                text        NOT NULL,
                email_key            text        NOT NULL,
                raw_email            text        NOT NULL,
                phone_number         text,
                password_hash        text        NOT NULL,
                is_active            boolean     NOT NULL,
                created_at           timestamptz NOT NULL,
                fingerprint          bytea       NOT NULL,
                password_fingerprint bytea       NOT NULL,
                outcome              text,
                reason               text,
                detail               text,
                hash_changed         boolean)""";
    static final String COPY_USER_STAGE = """
            COPY latchkey_import_users (seq, raw_id, id, real_name, email, email_key, raw_email, phone_number,
                                        password_hash, is_active, created_at, fingerprint, password_fingerprint)
            FROM STDIN""";
    static final String INDEX_USER_STAGE = """
            ALTER TABLE latchkey_import_users ADD PRIMARY KEY (seq);
            CREATE INDEX ON latchkey_import_users (id);
            CREATE INDEX ON latchkey_import_users (email_key);
            ANALYZE latchkey_import_users""";

    /** Rows sharing an id (ids compare as UUIDs, so case does not tell them apart). */
    static final String DUPLICATE_IDS = """
            UPDATE latchkey_import_users s
            SET outcome = 'rejected', reason = 'duplicate_id',
                detail = 'rows with this id: ' || array_to_string(g.ids[1:10], ', ')
                         || CASE WHEN g.n > 10 THEN ' and ' || (g.n - 10) || ' more' ELSE '' END
            FROM (SELECT seq, count(*) OVER whole AS n, array_agg(raw_id) OVER whole AS ids
                  FROM latchkey_import_users
                  WINDOW whole AS (PARTITION BY id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                 ) g
            WHERE s.seq = g.seq AND g.n > 1""";

    /** Rows whose emails are equal ignoring case; the parameter is the policy's name. */
    static final String DUPLICATE_EMAILS = """
            UPDATE latchkey_import_users s
            SET outcome = 'rejected', reason = 'duplicate_email',
                detail = 'same email, ignoring case, as ' || array_to_string((array_remove(g.ids, s.raw_id))[1:10], ', ')
                         || CASE WHEN g.n > 11 THEN ' and ' || (g.n - 11) || ' more' ELSE '' END
                         || CASE WHEN g.policy = 'reject' THEN '' ELSE '; kept ' || g.keeper END
            FROM (SELECT seq, p.policy, count(*) OVER whole AS n, array_agg(raw_id) OVER whole AS ids,
                         first_value(raw_id) OVER ranked AS keeper, row_number() OVER ranked AS rank
                  FROM latchkey_import_users, (SELECT ?::text AS policy) p
                  WHERE outcome IS NULL
                  WINDOW whole AS (PARTITION BY email_key ORDER BY seq
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
                         ranked AS (PARTITION BY email_key
                                    ORDER BY CASE WHEN p.policy = 'keep-newest' THEN created_at END DESC NULLS LAST,
                                             created_at, seq)
                 ) g
            WHERE s.seq = g.seq AND g.n > 1 AND (g.policy = 'reject' OR g.rank > 1)""";

    static final String ID_TAKEN = """
            UPDATE latchkey_import_users s
            SET outcome = 'rejected', reason = 'id_taken',
                detail = 'a user with this id exists in Latchkey and was not imported'
            WHERE s.outcome IS NULL
              AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.id)
              AND NOT EXISTS (SELECT 1 FROM latchkey_imported_users i WHERE i.id = s.id)""";

    static final String EMAIL_TAKEN = """
            UPDATE latchkey_import_users s
            SET outcome = 'rejected', reason = 'email_taken', detail = 'the email belongs to Latchkey user ' || u.id
            FROM users u
            WHERE s.outcome IS NULL AND lower(u.email) = s.email_key AND u.id <> s.id""";

    /**
     * Rows imported before: {@code already} if unchanged since, {@code updated} if changed (noting
     * whether the legacy hash changed). Rows left undecided after this are the ones to import:
     * marking them would rewrite every staged row of a first import for nothing.
     */
    static final String ALREADY_OR_UPDATED = """
            UPDATE latchkey_import_users s
            SET outcome = CASE WHEN i.fingerprint = s.fingerprint THEN 'already' ELSE 'updated' END,
                hash_changed = i.password_fingerprint <> s.password_fingerprint
            FROM latchkey_imported_users i
            WHERE s.outcome IS NULL AND i.id = s.id AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.id)""";

    static final String USER_OUTCOMES = """
            SELECT coalesce(outcome, 'imported'), count(*) FROM latchkey_import_users GROUP BY 1""";

    static final String USER_REJECTS = """
            SELECT raw_id, raw_email, reason, detail FROM latchkey_import_users WHERE outcome = 'rejected' ORDER BY seq""";

    /** The last sequence number of the next batch to write, after the one given. */
    static final String NEXT_USER_BATCH = """
            SELECT max(seq) FROM (SELECT seq FROM latchkey_import_users
                                  WHERE seq > ? AND (outcome IS NULL OR outcome = 'updated')
                                  ORDER BY seq LIMIT ?) b""";

    static final String INSERT_USERS = """
            INSERT INTO users (id, real_name, email, phone_number, password_hash, is_active, created_at, legacy_password)
            SELECT id, real_name, email, phone_number, password_hash, is_active, created_at, true
            FROM latchkey_import_users
            WHERE seq > ? AND seq <= ? AND outcome IS NULL
            ORDER BY seq""";

    /**
     * The legacy values replace Latchkey's; the password hash only if the legacy hash changed, so
     * that a hash Latchkey upgraded at a login is never put back.
     */
    static final String UPDATE_USERS = """
            UPDATE users u
            SET real_name = s.real_name, email = s.email, phone_number = s.phone_number, is_active = s.is_active,
                password_hash = CASE WHEN s.hash_changed THEN s.password_hash ELSE u.password_hash END,
                legacy_password = CASE WHEN s.hash_changed THEN true ELSE u.legacy_password END
            FROM latchkey_import_users s
            WHERE u.id = s.id AND s.seq > ? AND s.seq <= ? AND s.outcome = 'updated'""";

    /**
     * An updated user whom the legacy backend disabled, or whose legacy password changed, loses
     * every open session, as Latchkey's own disabling and password change do: the sessions end (which
     * tells every node's verifier) and the session epoch moves, so a login in flight is cut off too.
     * The sessions are locked in the order of their ids, as the services' own statements lock them,
     * so an import beside running services does not deadlock with their refreshes.
     */
    static final String END_SESSIONS_OF_UPDATED_USERS = """
            WITH changed AS (
                SELECT id, CASE WHEN NOT is_active THEN 'ACCOUNT_DISABLED' ELSE 'PASSWORD_CHANGED' END AS reason
                FROM latchkey_import_users
                WHERE seq > ? AND seq <= ? AND outcome = 'updated' AND (NOT is_active OR hash_changed)),
            epoch AS (
                UPDATE users u SET session_epoch = u.session_epoch + 1 FROM changed c WHERE u.id = c.id),
            locked AS (
                SELECT t.id AS locked_id, c.reason FROM refresh_tokens t JOIN changed c ON t.user_id = c.id
                WHERE t.ended_at IS NULL ORDER BY t.id FOR UPDATE OF t)
            UPDATE refresh_tokens t SET ended_at = now(), end_reason = l.reason
            FROM locked l
            WHERE t.id = l.locked_id AND t.ended_at IS NULL""";

    static final String RECORD_IMPORTED_USERS = """
            INSERT INTO latchkey_imported_users (id, fingerprint, password_fingerprint, imported_at)
            SELECT id, fingerprint, password_fingerprint, ?
            FROM latchkey_import_users
            WHERE seq > ? AND seq <= ? AND (outcome IS NULL OR outcome = 'updated')
            ON CONFLICT (id) DO UPDATE
            SET fingerprint = excluded.fingerprint, password_fingerprint = excluded.password_fingerprint,
                imported_at = excluded.imported_at""";

    static final String CREATE_SESSION_STAGE = """
            CREATE TEMP TABLE latchkey_import_sessions (
                seq         bigint      NOT NULL,
                raw_id      text,
                user_id     uuid        NOT NULL,
                token_hash  bytea       NOT NULL,
                device_name text,
                ip_address  inet        NOT NULL,
                user_agent  text,
                created_at  timestamptz NOT NULL,
                expires_at  timestamptz NOT NULL,
                outcome     text,
                reason      text,
                detail      text)""";
    static final String COPY_SESSION_STAGE = """
            COPY latchkey_import_sessions (seq, raw_id, user_id, token_hash, device_name, ip_address, user_agent,
                                           created_at, expires_at)
            FROM STDIN""";
    static final String INDEX_SESSION_STAGE = """
            ALTER TABLE latchkey_import_sessions ADD PRIMARY KEY (seq);
            CREATE INDEX ON latchkey_import_sessions (token_hash);
            ANALYZE latchkey_import_sessions""";

    static final String DUPLICATE_TOKENS = """
            UPDATE latchkey_import_sessions s
            SET outcome = 'rejected', reason = 'duplicate_token',
                detail = 'rows holding this token: ' || array_to_string(g.ids[1:10], ', ')
            FROM (SELECT seq, count(*) OVER whole AS n, array_agg(coalesce(raw_id, 'NULL')) OVER whole AS ids
                  FROM latchkey_import_sessions
                  WINDOW whole AS (PARTITION BY token_hash ORDER BY seq
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                 ) g
            WHERE s.seq = g.seq AND g.n > 1""";

    /**
     * Sessions of users who are not imported and active are skipped: users imported in this run
     * (or found already imported) and active in the legacy row, or, for users this run did not
     * import, imported before and active in Latchkey.
     */
    static final String SESSION_USER_NOT_IMPORTED = """
            UPDATE latchkey_import_sessions s
            SET outcome = 'skipped', reason = 'user not imported or not active'
            WHERE s.outcome IS NULL
              AND NOT EXISTS (SELECT 1 FROM latchkey_import_users u
                              WHERE u.id = s.user_id AND coalesce(u.outcome, 'imported') <> 'rejected' AND u.is_active)
              AND (EXISTS (SELECT 1 FROM latchkey_import_users u
                           WHERE u.id = s.user_id AND coalesce(u.outcome, 'imported') <> 'rejected')
                   OR NOT EXISTS (SELECT 1 FROM latchkey_imported_users i JOIN users x ON x.id = i.id
                                  WHERE i.id = s.user_id AND x.is_active))""";

    static final String SESSION_ALREADY = """
            UPDATE latchkey_import_sessions s
            SET outcome = 'already'
            WHERE s.outcome IS NULL AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.token_hash = s.token_hash)""";

    static final String SESSION_IMPORTED = "UPDATE latchkey_import_sessions SET outcome = 'imported' WHERE outcome IS NULL";

    static final String SESSION_OUTCOMES = "SELECT outcome, count(*) FROM latchkey_import_sessions GROUP BY outcome";

    static final String SESSION_SKIPS = """
            SELECT reason, count(*) FROM latchkey_import_sessions WHERE outcome = 'skipped' GROUP BY reason""";

    static final String SESSION_REJECTS = """
            SELECT raw_id, reason, detail, user_id FROM latchkey_import_sessions WHERE outcome = 'rejected' ORDER BY seq""";

    static final String NEXT_SESSION_BATCH = """
            SELECT max(seq) FROM (SELECT seq FROM latchkey_import_sessions
                                  WHERE seq > ? AND outcome = 'imported' ORDER BY seq LIMIT ?) b""";

    /** A new session per legacy token, last used when it was created, from the address it was created from. */
    static final String INSERT_SESSIONS = """
            INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address, user_agent, created_at,
                                        last_used_at, last_ip_address, expires_at)
            SELECT gen_random_uuid(), user_id, token_hash, device_name, ip_address, user_agent, created_at,
                   created_at, ip_address, expires_at
            FROM latchkey_import_sessions
            WHERE seq > ? AND seq <= ? AND outcome = 'imported'
            ORDER BY seq
            ON CONFLICT (token_hash) DO NOTHING""";

    private TargetSql() {
    }
}
