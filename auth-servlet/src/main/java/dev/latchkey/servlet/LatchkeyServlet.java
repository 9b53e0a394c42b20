package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Account;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.SessionNotFoundException;
import dev.latchkey.core.token.IssuedAccessToken;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.Registration;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints of Latchkey's HTTP contract, mounted wherever the host likes (its OpenAPI document,
 * {@link OpenApiDocument}, uses {@code /api/auth/*}): {@code POST /register}, {@code POST /login},
 * {@code POST /refresh}, {@code POST /logout}, {@code POST /revoke-all-tokens}, {@code GET /me},
 * {@code GET /sessions}, {@code DELETE /sessions/{id}}, {@code POST /change-password}, and account
 * recovery: {@code POST /forgot-password}, {@code POST /reset-password}, {@code POST /verify-email},
 * {@code POST /resend-verification}. It
 * translates HTTP to {@link Latchkey} calls and their results back, and decides nothing itself. The
 * bodies, answers and statuses are those of {@link OpenApiDocument}.
 *
 * <p>Programmatically: {@code new LatchkeyServlet(latchkey)} or
 * {@code LatchkeyServlet.builder(latchkey).trustedProxies("10.0.0.0/8").build()}. From
 * {@code web.xml}: the {@link Latchkey} comes from the servlet context attribute named by the init
 * parameter {@code latchkey} (default {@code dev.latchkey.core.Latchkey}); init parameters
 * {@code trusted-proxies} (comma-separated addresses or CIDR blocks) and {@code max-body-bytes}.
 */
public final class LatchkeyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The default body size limit: 64 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private transient Latchkey latchkey;
    private transient ClientAddresses addresses;
    private int maxBodyBytes;

    /** For web.xml: configured in {@link #init(ServletConfig)}. */
    public LatchkeyServlet() {
    }

    /** The endpoints over a Latchkey, trusting no proxy, with a 64 KiB body limit. */
    public LatchkeyServlet(Latchkey latchkey) {
        this(latchkey, List.of(), DEFAULT_MAX_BODY_BYTES);
    }

    private LatchkeyServlet(Latchkey latchkey, List<String> trustedProxies, int maxBodyBytes) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
        this.addresses = new ClientAddresses(trustedProxies);
        this.maxBodyBytes = checkMaxBody(maxBodyBytes);
    }

    /** A builder for the options. */
    public static Builder builder(Latchkey latchkey) {
        return new Builder(latchkey);
    }

    /**
     * Checks trusted-proxy entries as {@link Builder#trustedProxies} does, before any
     * {@link Latchkey} exists: for a host that validates its configuration first.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP address or a CIDR
     *     block whose prefix length fits it
     */
    public static void checkTrustedProxies(String... proxies) {
        new ClientAddresses(List.of(proxies));
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (latchkey != null) {
            return;
        }
        latchkey = ContextLatchkey.find(config.getServletContext(), config.getInitParameter("latchkey"),
                "LatchkeyServlet");
        String proxies = config.getInitParameter("trusted-proxies");
        addresses = new ClientAddresses(proxies == null || proxies.isBlank()
                ? List.of() : Arrays.asList(proxies.split(",")));
        String max = config.getInitParameter("max-body-bytes");
        maxBodyBytes = checkMaxBody(max == null ? DEFAULT_MAX_BODY_BYTES : Integer.parseInt(max.strip()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Errors.answering(response, false, () -> route(request, response));
    }

    /**
     * Every route the servlet serves, relative to its mount: the path ({@code {id}} stands for one
     * path segment) and its method ({@code GET} routes answer {@code HEAD} too). Anything else under
     * the mount is 404, another method on these paths 405. Each one is an operation of
     * {@link OpenApiDocument}, whose tests keep the two the same.
     */
    static final Map<String, String> ROUTES = routes(
            "/register", "POST",
            "/login", "POST",
            "/refresh", "POST",
            "/logout", "POST",
            "/revoke-all-tokens", "POST",
            "/me", "GET",
            "/sessions", "GET",
            "/sessions/{id}", "DELETE",
            "/change-password", "POST",
            "/forgot-password", "POST",
            "/reset-password", "POST",
            "/verify-email", "POST",
            "/resend-verification", "POST");

    private static final String SESSION_PREFIX = "/sessions/";

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String route = ROUTES.containsKey(path) ? path
                : path.startsWith(SESSION_PREFIX) && path.indexOf('/', SESSION_PREFIX.length()) < 0 ? "/sessions/{id}"
                : null;
        if (route == null) {
            throw new HttpProblem(404, "Not found");
        }
        requireMethod(request.getMethod(), ROUTES.get(route));
        switch (route) {
            case "/register" -> register(request, response);
            case "/login" -> login(request, response);
            case "/refresh" -> refresh(request, response);
            case "/logout" -> asCaller(request, response, caller -> logout(request, response, caller));
            case "/revoke-all-tokens" -> asCaller(request, response, caller -> revokeAll(response, caller));
            case "/me" -> asCaller(request, response, caller -> Json.write(response, 200, user(latchkey.currentUser(caller))));
            case "/sessions" -> asCaller(request, response, caller -> sessions(response, caller));
            case "/sessions/{id}" -> {
                String id = path.substring(SESSION_PREFIX.length());
                asCaller(request, response, caller -> endSession(response, caller, id));
            }
            case "/change-password" -> asCaller(request, response, caller -> changePassword(request, response, caller));
            case "/forgot-password" -> forgotPassword(request, response);
            case "/reset-password" -> resetPassword(request, response);
            case "/verify-email" -> verifyEmail(request, response);
            case "/resend-verification" -> asCaller(request, response, caller -> resendVerification(request, response,
                    caller));
            default -> throw new IllegalStateException("No handler for the route " + route);
        }
    }

    private static Map<String, String> routes(String... pathsAndMethods) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndMethods.length; i += 2) {
            routes.put(pathsAndMethods[i], pathsAndMethods[i + 1]);
        }
        return Collections.unmodifiableMap(routes);
    }

    private void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        Registration registration = new Registration(body.requiredString("real_name"), body.requiredString("email"),
                body.string("phone_number"), body.requiredString("password"));
        body.requireValid();
        Json.write(response, 201, user(latchkey.register(registration, client(request), languages(request))));
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String email = body.requiredString("email");
        String password = body.requiredString("password");
        String deviceName = body.string("device_name");
        body.requireValid();
        LoginResult login = latchkey.login(email, password, deviceName, client(request));
        ObjectNode answer = Json.object();
        answer.put("access_token", login.accessToken().value());
        answer.put("refresh_token", login.refreshToken());
        answer.put("token_type", "bearer");
        answer.put("expires_in", login.accessToken().expiresInSeconds());
        answer.set("user", user(login.account()));
        Json.write(response, 200, answer);
    }

    private void refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String refreshToken = body.requiredString("refresh_token");
        body.requireValid();
        RefreshResult refreshed = latchkey.refresh(refreshToken, client(request));
        ObjectNode answer = Json.object();
        IssuedAccessToken access = refreshed.accessToken();
        answer.put("access_token", access.value());
        refreshed.refreshToken().ifPresent(token -> answer.put("refresh_token", token));
        answer.put("token_type", "bearer");
        answer.put("expires_in", access.expiresInSeconds());
        Json.write(response, 200, answer);
    }

    /** An endpoint that needs the caller's verified access token. */
    @FunctionalInterface
    private interface CallerHandler {
        void handle(VerifiedAccessToken caller) throws IOException;
    }

    /** Runs {@code handler} for an authenticated caller; otherwise the refusal is written already. */
    private void asCaller(HttpServletRequest request, HttpServletResponse response, CallerHandler handler)
            throws IOException {
        Optional<VerifiedAccessToken> caller = Authentication.authenticate(latchkey, request, response);
        if (caller.isPresent()) {
            try {
                handler.handle(caller.get());
            } catch (InvalidTokenException refused) {
                // The token passed, but what it stands for is gone (its user was deleted): a Bearer refusal too.
                Errors.write(response, refused, true);
            }
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response, VerifiedAccessToken caller)
            throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, false);
        String refreshToken = body.string("refresh_token");
        body.requireValid();
        latchkey.logout(caller, refreshToken);
        Json.write(response, 200, message("Successfully logged out"));
    }

    private void revokeAll(HttpServletResponse response, VerifiedAccessToken caller) throws IOException {
        int revoked = latchkey.revokeAll(caller);
        ObjectNode answer = message("Logged out of every device");
        answer.put("revoked_sessions", revoked);
        Json.write(response, 200, answer);
    }

    private void sessions(HttpServletResponse response, VerifiedAccessToken caller) throws IOException {
        Json.write(response, 200, JsonViews.sessions(latchkey.sessions(caller), caller.sessionId()));
    }

    private void endSession(HttpServletResponse response, VerifiedAccessToken caller, String id) throws IOException {
        SessionId sessionId;
        try {
            sessionId = SessionId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new SessionNotFoundException();
        }
        latchkey.endSession(caller, sessionId);
        Json.write(response, 200, message("Session ended"));
    }

    private void changePassword(HttpServletRequest request, HttpServletResponse response, VerifiedAccessToken caller)
            throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String current = body.requiredString("current_password");
        String next = body.requiredString("new_password");
        body.requireValid();
        latchkey.changePassword(caller, current, next, client(request));
        Json.write(response, 200, message("Password changed; every other session was ended"));
    }

    /** The one answer to every accepted reset request, whether or not the account exists. */
    static final String RESET_REQUESTED = "If an account with this email exists, a link to reset its password is on its way";

    private void forgotPassword(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String email = body.requiredString("email");
        body.requireValid();
        latchkey.requestPasswordReset(email, client(request), languages(request));
        Json.write(response, 202, message(RESET_REQUESTED));
    }

    private void resetPassword(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String token = body.requiredString("token");
        String next = body.requiredString("new_password");
        body.requireValid();
        latchkey.resetPassword(token, next, client(request));
        Json.write(response, 200, message("Password reset; every session was ended, log in with the new password"));
    }

    private void verifyEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.Body body = Json.read(request, maxBodyBytes, true);
        String token = body.requiredString("token");
        body.requireValid();
        Json.write(response, 200, user(latchkey.verifyEmail(token, client(request))));
    }

    private void resendVerification(HttpServletRequest request, HttpServletResponse response,
            VerifiedAccessToken caller) throws IOException {
        latchkey.sendVerificationEmail(caller, client(request), languages(request));
        Json.write(response, 202, message("If the email is not verified yet, a new link is on its way"));
    }

    /**
     * The languages of {@code Accept-Language}, best first (RFC 9110 §12.5.4), read here rather
     * than by the container, which answers its own locale for a missing, {@code *} or malformed
     * header: none of those names the reader's language, so the mail's default applies.
     */
    static List<Locale> languages(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank() || header.length() > 1024) {
            return List.of();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<Locale> languages = new ArrayList<>();
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() > 0 && !range.getRange().startsWith("*")) {
                languages.add(Locale.forLanguageTag(range.getRange()));
            }
        }
        return languages;
    }

    private ClientInfo client(HttpServletRequest request) {
        return addresses.client(request);
    }

    private static void requireMethod(String method, String allowed) {
        // HEAD is GET without the body (RFC 9110 §9.3.2); the container drops the body it writes.
        boolean head = allowed.equals("GET") && method.equals("HEAD");
        if (!allowed.equals(method) && !head) {
            throw new HttpProblem(405, "Method not allowed", allowed.equals("GET") ? "GET, HEAD" : allowed);
        }
    }

    private static ObjectNode user(Account user) {
        return JsonViews.user(user);
    }

    private static ObjectNode message(String text) {
        return JsonViews.message(text);
    }

    private static int checkMaxBody(int value) {
        if (value < 1024) {
            throw new IllegalArgumentException("max-body-bytes must be at least 1024, was " + value);
        }
        return value;
    }

    /** Options for {@link LatchkeyServlet}. */
    public static final class Builder {
        private final Latchkey latchkey;
        private List<String> trustedProxies = List.of();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder(Latchkey latchkey) {
            this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
        }

        /**
         * Proxies (addresses or CIDR blocks) whose {@code Forwarded}/{@code X-Forwarded-For}
         * headers name the client. None by default.
         */
        public Builder trustedProxies(String... proxies) {
            this.trustedProxies = List.of(proxies);
            new ClientAddresses(this.trustedProxies);
            return this;
        }

        /** The largest request body accepted (default 64 KiB; at least 1 KiB); larger gets 413. */
        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = checkMaxBody(value);
            return this;
        }

        /** The servlet. */
        public LatchkeyServlet build() {
            return new LatchkeyServlet(latchkey, trustedProxies, maxBodyBytes);
        }
    }
}
