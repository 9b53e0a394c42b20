package dev.latchkey.servlet;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** Authenticates a request's Bearer token once, for the filter and the endpoints alike. */
final class Authentication {

    private Authentication() {
    }

    /**
     * The verified token of the request, or empty after writing the refusal (401 or 400). A token
     * the filter verified already is not verified again.
     */
    static Optional<VerifiedAccessToken> authenticate(Latchkey latchkey, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Object known = request.getAttribute(LatchkeyFilter.ACCESS_TOKEN_ATTRIBUTE);
        if (known instanceof VerifiedAccessToken token) {
            return Optional.of(token);
        }
        BearerToken.Outcome outcome = BearerToken.read(request);
        if (outcome instanceof BearerToken.Present present) {
            try {
                VerifiedAccessToken token = latchkey.verify(present.token());
                request.setAttribute(LatchkeyFilter.ACCESS_TOKEN_ATTRIBUTE, token);
                return Optional.of(token);
            } catch (InvalidTokenException e) {
                Errors.write(response, e, true);
                return Optional.empty();
            }
        }
        if (outcome instanceof BearerToken.Ambiguous ambiguous) {
            Errors.invalidRequest(response, ambiguous.why());
        } else if (outcome instanceof BearerToken.Malformed) {
            Errors.write(response, new InvalidTokenException(InvalidTokenException.Reason.MALFORMED), true);
        } else {
            Errors.notAuthenticated(response);
        }
        return Optional.empty();
    }
}
