package dev.latchkey.servlet;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.token.VerifiedAccessToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Protects a host's servlets: every request to a protected path must carry a valid
 * {@code Authorization: Bearer} access token, else it is answered 401 with JSON and
 * {@code WWW-Authenticate} (RFC 6750) and never reaches the host. An accepted request reaches it
 * with {@link HttpServletRequest#getUserPrincipal()} set to a {@link LatchkeyPrincipal} and the
 * {@link VerifiedAccessToken} as a request attribute (see {@link #accessToken});
 * {@link HttpServletRequest#isUserInRole(String)} answers from the token's roles.
 *
 * <p>Programmatically: {@code new LatchkeyFilter(latchkey, "/api/auth/*", "/health")} protects
 * every path it is mapped to except the open ones. From {@code web.xml}: the filter finds the
 * {@link Latchkey} in the servlet context attribute named by the init parameter {@code latchkey}
 * (default {@code dev.latchkey.core.Latchkey}), and reads the open paths from {@code open-paths}
 * (comma-separated). Map it for {@link jakarta.servlet.DispatcherType#REQUEST} dispatches.
 *
 * <p><b>Open paths</b> are relative to the context and come in two forms: an exact path
 * ({@code /health} opens {@code /health} only, not {@code /health/x} nor {@code /healthz}), and a
 * path ending in {@code /*} ({@code /api/auth/*} opens {@code /api/auth} and everything below it,
 * not {@code /api/authx}). Any other {@code *}, and any path no request could have (with
 * {@code ;}, {@code \}, {@code %}, {@code //} or a {@code .}/{@code ..} segment), is refused when
 * the filter is built.
 *
 * <p><b>The path it decides on</b> is the one the container dispatches on,
 * {@code getServletPath() + getPathInfo()}: decoded, normalised, without path parameters — never
 * the raw {@code getRequestURI()}, which is how {@code /api/auth/../notes} would pass as open and
 * then be served by {@code /api/notes}.
 *
 * <p><b>What it refuses</b> on every path it is mapped to, open ones included, before looking at
 * any token: a request the container and a check could read two ways is answered 400 with JSON
 * (Spring Security's {@code StrictHttpFirewall} rules): in the raw request URI, a {@code ;},
 * a {@code \}, a {@code //}, a {@code .} or {@code ..} segment, a character that is not
 * printable ASCII, or a percent-encoded {@code /}, {@code \}, {@code .}, {@code %}, {@code ;} or
 * control character; in the decoded path, the same and any {@code %} or control character.
 * {@code TRACE} and {@code TRACK} are answered 405 with JSON, so that no servlet behind the
 * filter echoes a request's {@code Authorization} header back.
 */
public final class LatchkeyFilter implements Filter {

    /** The request attribute that holds the {@link VerifiedAccessToken}. */
    public static final String ACCESS_TOKEN_ATTRIBUTE = VerifiedAccessToken.class.getName();
    /** The servlet context attribute a host puts its {@link Latchkey} in, for web.xml set-ups. */
    public static final String LATCHKEY_ATTRIBUTE = Latchkey.class.getName();

    private Latchkey latchkey;
    private OpenPaths openPaths;

    /** For web.xml: configured in {@link #init}. */
    public LatchkeyFilter() {
    }

    /**
     * A filter for a host that builds its servlet context in code.
     *
     * @param openPaths paths (relative to the context) that pass without a token: exact, or ending in {@code /*}
     * @throws IllegalArgumentException for an open path of another form, naming it
     */
    public LatchkeyFilter(Latchkey latchkey, String... openPaths) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
        this.openPaths = new OpenPaths(Arrays.asList(openPaths));
    }

    /** The verified access token of a request that passed the filter (or a Latchkey endpoint). */
    public static Optional<VerifiedAccessToken> accessToken(HttpServletRequest request) {
        Object token = request.getAttribute(ACCESS_TOKEN_ATTRIBUTE);
        return token instanceof VerifiedAccessToken verified ? Optional.of(verified) : Optional.empty();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (latchkey != null) {
            return;
        }
        latchkey = ContextLatchkey.find(config.getServletContext(), config.getInitParameter("latchkey"),
                "LatchkeyFilter");
        List<String> paths = new ArrayList<>();
        String open = config.getInitParameter("open-paths");
        if (open != null) {
            for (String path : open.split(",")) {
                if (!path.isBlank()) {
                    paths.add(path.strip());
                }
            }
        }
        openPaths = new OpenPaths(paths);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<HttpProblem> refusal = RequestFirewall.inspect(request);
        if (refusal.isPresent()) {
            Errors.write(response, refusal.get());
            return;
        }
        if (openPaths.contain(pathOf(request))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<VerifiedAccessToken> token = Authentication.authenticate(latchkey, request, response);
        if (token.isPresent()) {
            chain.doFilter(new AuthenticatedRequest(request, new LatchkeyPrincipal(token.get())), response);
        }
    }

    /** The path the container dispatches on: decoded, normalised, relative to the context. */
    private static String pathOf(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    /** The host's view of an authenticated request. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final LatchkeyPrincipal principal;

        AuthenticatedRequest(HttpServletRequest request, LatchkeyPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public String getAuthType() {
            return "BEARER";
        }

        /**
         * Whether the verified access token carries the role (names compared in lower case, as
         * Latchkey keeps them). No store is read: a removed role makes the token fail verification.
         */
        @Override
        public boolean isUserInRole(String role) {
            return principal.token().hasRole(role);
        }
    }
}
