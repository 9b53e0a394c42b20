-- The transaction a refresh with rotation is for the database: replace the session's token hash and
-- remember the old one, in one statement, on the sessions run-refresh-http.sh seeds. pgbench cannot
-- keep each session's current token, so it finds the session by number through bench_map (g -> id)
-- and derives the successor in SQL.
\set g random(1, :rows)
WITH cur AS (
    SELECT token_hash FROM refresh_tokens WHERE id = (SELECT id FROM bench_map WHERE g = :g)
), rotated AS (
    UPDATE refresh_tokens s SET token_hash = sha256(s.token_hash), last_used_at = now(),
                                last_ip_address = CAST('127.0.0.1' AS inet)
    FROM users u, cur
    WHERE s.token_hash = cur.token_hash AND u.id = s.user_id AND u.is_active AND s.ended_at IS NULL
      AND s.expires_at > now() AND s.last_used_at >= '1970-01-01'
    RETURNING s.*, cur.token_hash AS old_hash, u.roles AS user_roles, u.roles_version AS user_roles_version
), remembered AS (
    INSERT INTO refresh_token_replaced (token_hash, session_id, replaced_at) SELECT old_hash, id, now() FROM rotated
)
SELECT id, user_id, token_hash, device_name, host(ip_address), user_agent, created_at, last_used_at,
       host(last_ip_address), expires_at, ended_at, end_reason, user_roles, user_roles_version FROM rotated;
