-- The statement auth-jdbi runs for a refresh without rotation, on the sessions RefreshLoad seeds.
\set g random(1, :rows)
UPDATE refresh_tokens SET last_used_at = now(), last_ip_address = CAST('198.51.100.20' AS inet)
WHERE token_hash = sha256(convert_to(lpad(:g::text, 43, 'A'), 'UTF8'))
  AND ended_at IS NULL AND expires_at > now() AND last_used_at >= '1970-01-01'
RETURNING id, user_id, token_hash, device_name, host(ip_address), user_agent, created_at, last_used_at,
          host(last_ip_address), expires_at, ended_at, end_reason;
