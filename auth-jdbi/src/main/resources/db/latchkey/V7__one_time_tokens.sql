-- Single-use tokens of password reset and email verification links. Only the SHA-256 hash of a
-- token is stored. A token is used up by deleting its row (DELETE ... RETURNING): of any number of
-- concurrent uses, exactly one gets the row. Issuing a token deletes the user's older ones of the
-- same purpose in the same transaction.
CREATE TABLE one_time_tokens (
    token_hash  bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    purpose     text        NOT NULL CHECK (purpose IN ('PASSWORD_RESET', 'EMAIL_VERIFICATION')),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       varchar(254) NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > created_at)
);

-- Replacing a user's tokens of one purpose, and forgetting them after a password change.
CREATE INDEX idx_one_time_tokens_user_purpose ON one_time_tokens (user_id, purpose);
-- The clean-up of expired tokens.
CREATE INDEX idx_one_time_tokens_expires_at ON one_time_tokens (expires_at);

-- Whether the user proved to receive mail at the address. Users stored before verification existed
-- (and users imported without the column) count as verified, so that nobody is locked out by the
-- upgrade; Latchkey stores new registrations as not verified.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true;
