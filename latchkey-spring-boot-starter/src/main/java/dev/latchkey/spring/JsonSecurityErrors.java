package dev.latchkey.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals in Latchkey's error format, as the endpoints answer them:
 * {@code {"detail": "…"}}; a 401 with {@code WWW-Authenticate: Bearer realm="latchkey"}, and
 * {@code error="invalid_token"} when a token was sent and refused (RFC 6750 §3.1); a 403 for a valid
 * token that may not do this.
 */
final class JsonSecurityErrors {

    static final String REALM = "latchkey";
    static final String NOT_AUTHENTICATED = "Not authenticated";
    static final String INVALID_TOKEN = "Could not validate credentials";
    static final String FORBIDDEN = "Not allowed";

    private JsonSecurityErrors() {
    }

    /** 401 (or 400 for what Spring Security calls an invalid request, such as a token sent twice). */
    static final class EntryPoint implements AuthenticationEntryPoint {
        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException {
            if (e instanceof OAuth2AuthenticationException oauth) {
                String code = oauth.getError().getErrorCode();
                response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"" + code + "\"");
                boolean malformed = code.equals("invalid_request");
                write(response, malformed ? 400 : 401, malformed ? "Malformed credentials" : INVALID_TOKEN);
            } else {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
                write(response, 401, NOT_AUTHENTICATED);
            }
        }
    }

    /** 403. */
    static final class DeniedHandler implements AccessDeniedHandler {
        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
                throws IOException {
            write(response, 403, FORBIDDEN);
        }
    }

    private static void write(HttpServletResponse response, int status, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // The messages are fixed ASCII texts without quotes or backslashes: nothing to escape.
        byte[] body = ("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
