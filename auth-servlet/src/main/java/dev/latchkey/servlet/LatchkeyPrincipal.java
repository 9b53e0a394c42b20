package dev.latchkey.servlet;

import dev.latchkey.core.token.VerifiedAccessToken;
import java.security.Principal;
import java.util.Objects;

/**
 * The user behind a verified access token, as {@code HttpServletRequest.getUserPrincipal()}
 * returns it. Its name is the user id.
 *
 * @param token the verified access token
 */
public record LatchkeyPrincipal(VerifiedAccessToken token) implements Principal {

    /** Checks the token is present. */
    public LatchkeyPrincipal {
        Objects.requireNonNull(token, "token");
    }

    /** The user id. */
    @Override
    public String getName() {
        return token.userId().toString();
    }
}
