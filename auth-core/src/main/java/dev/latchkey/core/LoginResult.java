package dev.latchkey.core;

import dev.latchkey.core.token.IssuedAccessToken;
import java.util.Objects;

/**
 * A successful login: the new session and its two tokens.
 *
 * @param account who logged in
 * @param session the new session
 * @param accessToken the access token
 * @param refreshToken the session's refresh token (shown to the client once; only its hash is kept)
 */
public record LoginResult(Account account, DeviceSession session, IssuedAccessToken accessToken, String refreshToken) {

    /** Checks all parts are present. */
    public LoginResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Without the tokens. */
    @Override
    public String toString() {
        return "LoginResult[account=" + account.id() + ", session=" + session.id() + "]";
    }
}
