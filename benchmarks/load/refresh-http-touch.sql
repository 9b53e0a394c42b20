-- The transaction a refresh without rotation is for the database, one statement a refresh (as auth-jdbi
-- wrote them before refreshes arriving together shared a statement), on the sessions run-refresh-http.sh
-- seeds: session g's refresh token is g left-padded with 'A' to 43 characters.
\set g random(1, :rows)
UPDATE refresh_tokens s SET last_used_at = now(), last_ip_address = CAST('127.0.0.1' AS inet)
FROM users u
WHERE s.token_hash = sha256(convert_to(lpad(:g::text, 43, 'A'), 'UTF8'))
  AND u.id = s.user_id AND u.is_active AND s.ended_at IS NULL AND s.expires_at > now()
  AND s.last_used_at >= '1970-01-01'
RETURNING s.id, s.user_id, s.token_hash, s.device_name, host(s.ip_address) AS ip_address, s.user_agent,
          s.created_at, s.last_used_at, host(s.last_ip_address) AS last_ip_address, s.expires_at, s.ended_at,
          s.end_reason, u.roles AS user_roles, u.roles_version AS user_roles_version;
