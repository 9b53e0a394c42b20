-- Roles: what a user may do, carried in access tokens. Removing a role moves roles_version forward
-- and stamps roles_revoked_at; every node reads those rows (the revocation feed) and refuses the
-- user's access tokens issued under an older version, so a removal takes effect at once.
ALTER TABLE users ADD COLUMN roles text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(roles) <= 64 AND array_position(roles, NULL) IS NULL);
ALTER TABLE users ADD COLUMN roles_version bigint NOT NULL DEFAULT 0 CHECK (roles_version >= 0);
ALTER TABLE users ADD COLUMN roles_revoked_at timestamptz;

-- The feed reads the recent removals in time order.
CREATE INDEX idx_users_roles_revoked_at ON users (roles_revoked_at) WHERE roles_revoked_at IS NOT NULL;
-- Administrators list the holders of a role.
CREATE INDEX idx_users_roles ON users USING gin (roles);

CREATE TRIGGER users_roles_revoked
    AFTER UPDATE OF roles_revoked_at ON users
    FOR EACH STATEMENT EXECUTE FUNCTION latchkey_notify_sessions_ended();

-- A session an administrator ended.
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_end_reason_check;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_end_reason_check
    CHECK (end_reason IN ('LOGIN_INTERRUPTED', 'LOGOUT', 'REVOKED', 'REVOKE_ALL', 'PASSWORD_CHANGED',
                          'REFRESH_TOKEN_REUSE', 'ACCOUNT_DISABLED', 'ENDED_BY_ADMIN'));
