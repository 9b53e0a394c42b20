-- Latchkey schema, version 3.
--
-- users.session_epoch counts how many times every session of a user was ended at once (revoke-all,
-- password change, disabling). Latchkey moves it forward before it ends the sessions, and a login
-- reads it again after storing its session: a login that checked the password before such an end
-- never yields a usable session.
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0 CHECK (session_epoch >= 0);

-- A session a login stored, then ended itself because every session of the user ended meanwhile.
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_end_reason_check;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_end_reason_check
    CHECK (end_reason IN ('LOGIN_INTERRUPTED', 'LOGOUT', 'REVOKED', 'REVOKE_ALL', 'PASSWORD_CHANGED',
                          'REFRESH_TOKEN_REUSE', 'ACCOUNT_DISABLED'));

-- Password checks and registrations counted per key (account, account and address, address), shared
-- by every node: the newest attempts of each key inside its window, oldest first. A row can be
-- deleted once forget_after has passed; its attempts have all left the window by then.
CREATE TABLE login_throttle (
    key          varchar(400)  PRIMARY KEY,
    attempts     timestamptz[] NOT NULL,
    forget_after timestamptz   NOT NULL
);

CREATE INDEX idx_login_throttle_forget_after ON login_throttle (forget_after);

-- Reserves one attempt against every key, or none, in one call: the keys' rows are created if
-- missing and locked in key order inside the database, so that no client round trip happens while
-- they are held (a busy application server would otherwise hold a hot account's row while it waits
-- for the processor). The rule is auth-core's AttemptWindow, translated: an attempt counts while it
-- lies after at - window; a key whose counting attempts number max_attempts refuses until the
-- oldest of its newest max_attempts leaves the window; a reservation keeps only the newest
-- max_attempts. Returns NULL when reserved, else the longest wait in microseconds.
CREATE FUNCTION latchkey_throttle_acquire(keys text[], max_attempts integer[], windows_us bigint[],
                                          at timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    recent  timestamptz[];
    window_ interval;
    wait    bigint;
    longest bigint := 0;
BEGIN
    INSERT INTO login_throttle (key, attempts, forget_after)
        SELECT k, '{}', at FROM unnest(keys) AS k ORDER BY k COLLATE "C"
        ON CONFLICT (key) DO NOTHING;
    PERFORM 1 FROM login_throttle WHERE key = ANY (keys) ORDER BY key COLLATE "C" FOR UPDATE;
    FOR i IN 1 .. cardinality(keys) LOOP
        window_ := windows_us[i] * interval '1 microsecond';
        SELECT ARRAY(SELECT a FROM unnest(t.attempts) AS a WHERE a > at - window_ ORDER BY a)
            INTO recent FROM login_throttle t WHERE t.key = keys[i];
        IF cardinality(recent) >= max_attempts[i] THEN
            wait := (extract(epoch FROM recent[cardinality(recent) - max_attempts[i] + 1] + window_ - at)
                     * 1000000)::bigint;
            longest := greatest(longest, wait);
        END IF;
    END LOOP;
    IF longest > 0 THEN
        RETURN longest;
    END IF;
    FOR i IN 1 .. cardinality(keys) LOOP
        window_ := windows_us[i] * interval '1 microsecond';
        UPDATE login_throttle t
        SET attempts = ARRAY(SELECT a FROM (SELECT a FROM unnest(t.attempts || at) AS a
                                            WHERE a > at - window_ ORDER BY a DESC LIMIT max_attempts[i]) AS newest
                             ORDER BY a),
            forget_after = at + window_
        WHERE t.key = keys[i];
    END LOOP;
    RETURN NULL;
END
$$;
