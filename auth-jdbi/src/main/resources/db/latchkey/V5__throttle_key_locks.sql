-- Latchkey schema, version 5.
--
-- A key's throttle row is only ever touched under that key's transaction-scoped advisory lock, and
-- an acquisition takes its keys' locks in one global order (by the key's 64-bit hash) before it
-- touches any row. Version 3's function locked rows in key order, but a row it had just created
-- was already held while it waited for an earlier existing one; racing successful logins of one
-- account from one address (which delete and re-create the account-and-address row) could then
-- deadlock, and PostgreSQL broke the cycle by failing one of them. Keys whose hashes collide
-- merely share a lock.

-- Takes the advisory locks of keys, in ascending hash order.
CREATE FUNCTION latchkey_throttle_lock(keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h bigint;
BEGIN
    FOR h IN SELECT DISTINCT hashtextextended(k, 0) FROM unnest(keys) AS k ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(h);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION latchkey_throttle_acquire(keys text[], max_attempts integer[], windows_us bigint[],
                                                     at timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    recent  timestamptz[];
    window_ interval;
    wait    bigint;
    longest bigint := 0;
BEGIN
    PERFORM latchkey_throttle_lock(keys);
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

-- Gives back the attempt made at "at" against one key.
CREATE FUNCTION latchkey_throttle_release(key_ text, at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM latchkey_throttle_lock(ARRAY[key_]);
    UPDATE login_throttle
    SET attempts = attempts[1 : array_position(attempts, at) - 1]
                   || attempts[array_position(attempts, at) + 1 : cardinality(attempts)]
    WHERE key = key_ AND at = ANY (attempts);
END
$$;

-- Forgets every attempt against one key.
CREATE FUNCTION latchkey_throttle_reset(key_ text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM latchkey_throttle_lock(ARRAY[key_]);
    DELETE FROM login_throttle WHERE key = key_;
END
$$;
