package dev.latchkey.core;

import dev.latchkey.core.session.Session;
import dev.latchkey.core.token.IssuedAccessToken;
import dev.latchkey.core.user.User;
import java.util.Objects;

/**
 * A successful login: the new session and its two tokens.
 *
 * @param user who logged in
 * @param session the new session
 * @param accessToken the access token
 * @param refreshToken the session's refresh token (shown to the client once; only its hash is kept)
 */
public record LoginResult(User user, Session session, IssuedAccessToken accessToken, String refreshToken) {

    /** Checks all parts are present. */
    public LoginResult {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Without the tokens. */
    @Override
    public String toString() {
        return "LoginResult[user=" + user.id() + ", session=" + session.id() + "]";
    }
}
