-- The statement auth-jdbi runs for a refresh with rotation (one CTE: replace the hash, remember the
-- old one), on the sessions RefreshLoad seeds. pgbench cannot keep each session's current token,
-- so it finds it by session id through bench_map (g -> id) and derives the successor in SQL.
\set g random(1, :rows)
WITH cur AS (
    SELECT token_hash FROM refresh_tokens WHERE id = (SELECT id FROM bench_map WHERE g = :g)
), rotated AS (
    UPDATE refresh_tokens SET token_hash = sha256(refresh_tokens.token_hash), last_used_at = now(),
                              last_ip_address = CAST('198.51.100.20' AS inet)
    FROM cur
    WHERE refresh_tokens.token_hash = cur.token_hash AND ended_at IS NULL AND expires_at > now()
      AND last_used_at >= '1970-01-01'
    RETURNING refresh_tokens.*, cur.token_hash AS old_hash
), remembered AS (
    INSERT INTO refresh_token_replaced (token_hash, session_id, replaced_at) SELECT old_hash, id, now() FROM rotated
)
SELECT id, user_id, token_hash, device_name, host(ip_address), user_agent, created_at, last_used_at,
       host(last_ip_address), expires_at, ended_at, end_reason FROM rotated;
