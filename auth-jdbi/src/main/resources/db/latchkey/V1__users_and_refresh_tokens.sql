-- Latchkey schema, version 1: the guide's tables and indexes, on PostgreSQL 15 or later.
-- Flyway or Liquibase can apply this file as it is (classpath:db/latchkey); so can
-- dev.latchkey.jdbi.LatchkeySchema#migrate, which records the version it applied.

CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    real_name     varchar(100) NOT NULL CHECK (length(real_name) BETWEEN 1 AND 100),
    email         varchar(254) NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    phone_number  varchar(32)  CHECK (phone_number IS NULL OR length(phone_number) BETWEEN 3 AND 32),
    password_hash varchar(100) NOT NULL CHECK (password_hash ~ '^\$2[aby]\$\d\d\$'),
    is_active     boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

-- The guide's index, made unique on lower(email): emails compare case-insensitively.
CREATE UNIQUE INDEX idx_users_email ON users (lower(email));

-- One row per session (one login on one device), with the hash of its current refresh token.
CREATE TABLE refresh_tokens (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      bytea       NOT NULL CHECK (octet_length(token_hash) = 32),
    device_name     varchar(100),
    ip_address      inet        NOT NULL,
    user_agent      varchar(512),
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz NOT NULL,
    last_ip_address inet        NOT NULL,
    expires_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    end_reason      varchar(32),
    CHECK (expires_at > created_at),
    CHECK (last_used_at >= created_at),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CHECK (end_reason IN ('LOGOUT', 'REVOKED', 'REVOKE_ALL', 'PASSWORD_CHANGED', 'REFRESH_TOKEN_REUSE',
                          'ACCOUNT_DISABLED'))
);

CREATE UNIQUE INDEX idx_refresh_tokens_token ON refresh_tokens (token_hash);
CREATE INDEX idx_refresh_tokens_user_id ON refresh_tokens (user_id, created_at DESC);
-- The revocation feed reads recent ends; clean-up reads old ends and expiries.
CREATE INDEX idx_refresh_tokens_ended_at ON refresh_tokens (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX idx_refresh_tokens_expires_at ON refresh_tokens (expires_at);

-- Refresh tokens that rotation replaced, so that presenting one again is recognised as reuse.
CREATE TABLE refresh_token_replaced (
    token_hash  bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    session_id  uuid        NOT NULL REFERENCES refresh_tokens (id) ON DELETE CASCADE,
    replaced_at timestamptz NOT NULL
);

CREATE INDEX idx_refresh_token_replaced_session ON refresh_token_replaced (session_id);

-- Tells listening nodes that sessions ended, so their verifiers refuse those access tokens soon.
CREATE FUNCTION latchkey_notify_sessions_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('latchkey_sessions_ended', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER refresh_tokens_ended
    AFTER UPDATE OF ended_at ON refresh_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION latchkey_notify_sessions_ended();
