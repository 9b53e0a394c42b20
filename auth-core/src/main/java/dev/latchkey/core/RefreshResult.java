package dev.latchkey.core;

import dev.latchkey.core.token.IssuedAccessToken;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful refresh.
 *
 * @param session the session refreshed
 * @param accessToken the new access token
 * @param refreshToken with rotation, the refresh token that replaces the one presented
 */
public record RefreshResult(DeviceSession session, IssuedAccessToken accessToken, Optional<String> refreshToken) {

    /** Checks all parts are present. */
    public RefreshResult {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Without the tokens. */
    @Override
    public String toString() {
        return "RefreshResult[session=" + session.id() + ", rotated=" + refreshToken.isPresent() + "]";
    }
}
