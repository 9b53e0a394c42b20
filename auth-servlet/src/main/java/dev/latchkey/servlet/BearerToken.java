package dev.latchkey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the access token from a request as RFC 6750 §2.1 says: the {@code Authorization} header
 * with the {@code Bearer} scheme (compared case-insensitively). Tokens in the query string are not
 * accepted (§2.3 is off), and a request that tries two ways, or sends two headers, is refused.
 */
final class BearerToken {

    /** What a request carries. */
    sealed interface Outcome {
    }

    /** No token at all (no header, or another scheme): 401 without an error code. */
    record Missing() implements Outcome {
    }

    /** A token to verify. */
    record Present(String token) implements Outcome {
    }

    /** A malformed Bearer credential: 401 {@code invalid_token}. */
    record Malformed() implements Outcome {
    }

    /** An ambiguous request (two headers, or a query-string token): 400 {@code invalid_request}. */
    record Ambiguous(String why) implements Outcome {
    }

    // RFC 6750 §2.1 b64token.
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private BearerToken() {
    }

    static Outcome read(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1) {
            return new Ambiguous("Send one Authorization header");
        }
        if (hasQueryToken(request.getQueryString())) {
            return new Ambiguous("Access tokens are not accepted in the query string");
        }
        if (headers.isEmpty()) {
            return new Missing();
        }
        String header = headers.get(0).strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return new Missing();
        }
        String token = space < 0 ? "" : header.substring(space + 1).strip();
        return B64TOKEN.matcher(token).matches() ? new Present(token) : new Malformed();
    }

    private static boolean hasQueryToken(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (name.equals("access_token")) {
                return true;
            }
        }
        return false;
    }
}
