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
