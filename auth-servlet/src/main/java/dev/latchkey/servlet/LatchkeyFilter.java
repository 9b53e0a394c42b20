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
 * {@link VerifiedAccessToken} as a request attribute (see {@link #accessToken}).
 *
 * <p>Programmatically: {@code new LatchkeyFilter(latchkey, "/api/auth/*", "/health")} protects
 * every path it is mapped to except the open ones. From {@code web.xml}: the filter finds the
 * {@link Latchkey} in the servlet context attribute named by the init parameter {@code latchkey}
 * (default {@code dev.latchkey.core.Latchkey}), and reads the open paths from {@code open-paths}
 * (comma-separated). A path ending in {@code /*} opens everything below it.
 */
public final class LatchkeyFilter implements Filter {

    /** The request attribute that holds the {@link VerifiedAccessToken}. */
    public static final String ACCESS_TOKEN_ATTRIBUTE = VerifiedAccessToken.class.getName();
    /** The servlet context attribute a host puts its {@link Latchkey} in, for web.xml set-ups. */
    public static final String LATCHKEY_ATTRIBUTE = Latchkey.class.getName();

    private Latchkey latchkey;
    private List<String> openPaths;

    /** For web.xml: configured in {@link #init}. */
    public LatchkeyFilter() {
    }

    /**
     * A filter for a host that builds its servlet context in code.
     *
     * @param openPaths paths (relative to the context) that pass without a token
     */
    public LatchkeyFilter(Latchkey latchkey, String... openPaths) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
        this.openPaths = checkPaths(Arrays.asList(openPaths));
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
        String attribute = Optional.ofNullable(config.getInitParameter("latchkey")).orElse(LATCHKEY_ATTRIBUTE);
        Object found = config.getServletContext().getAttribute(attribute);
        if (!(found instanceof Latchkey configured)) {
            throw new ServletException("LatchkeyFilter needs a Latchkey in the servlet context attribute '"
                    + attribute + "'");
        }
        latchkey = configured;
        List<String> paths = new ArrayList<>();
        String open = config.getInitParameter("open-paths");
        if (open != null) {
            for (String path : open.split(",")) {
                if (!path.isBlank()) {
                    paths.add(path.strip());
                }
            }
        }
        openPaths = checkPaths(paths);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (isOpen(pathOf(request))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<VerifiedAccessToken> token = Authentication.authenticate(latchkey, request, response);
        if (token.isPresent()) {
            chain.doFilter(new AuthenticatedRequest(request, new LatchkeyPrincipal(token.get())), response);
        }
    }

    private boolean isOpen(String path) {
        for (String open : openPaths) {
            if (open.endsWith("/*")) {
                String base = open.substring(0, open.length() - 2);
                if (path.equals(base) || path.startsWith(base + "/")) {
                    return true;
                }
            } else if (path.equals(open)) {
                return true;
            }
        }
        return false;
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    private static List<String> checkPaths(List<String> paths) {
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("An open path starts with '/': " + path);
            }
        }
        return List.copyOf(paths);
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

        /** Latchkey's tokens carry no roles: no role is granted. */
        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }
}
