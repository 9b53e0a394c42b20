package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Account;
import dev.latchkey.core.Administration;
import dev.latchkey.core.FieldError;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.SessionNotFoundException;
import dev.latchkey.core.UserDetails;
import dev.latchkey.core.UserId;
import dev.latchkey.core.UserNotFoundException;
import dev.latchkey.core.UserPage;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.UserSearch;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The administration endpoints, for callers whose access token carries the administrator role
 * ({@code LatchkeyConfig.adminRole()}, default {@code admin}); the OpenAPI document mounts them at
 * {@code /api/admin/*}:
 * <ul>
 * <li>{@code GET /users?query=&role=&page=0&size=20}: users newest first, {@code query} matched in
 *     the email or name, {@code role} their role; {@code {"items": [...], "page", "size", "total"}}
 * <li>{@code GET /users/{id}}: the user with {@code "sessions"}, their usable sessions
 * <li>{@code POST /users/{id}/disable} and {@code POST /users/{id}/enable}: the user as changed;
 *     disabling ends every session of the user at once
 * <li>{@code PUT /users/{id}/roles} with {@code {"roles": [...]}}: the user with exactly those
 *     roles; a role removed so refuses the user's access tokens at once
 * <li>{@code PUT /users/{id}/roles/{role}} and {@code DELETE /users/{id}/roles/{role}}: the user
 *     with one role granted or removed
 * <li>{@code DELETE /sessions/{id}}: ends any user's session at once
 * </ul>
 * The caller is checked before the path: without a token (or with a bad one) every path and method
 * answers the same 401 as every protected endpoint; with a token lacking the role, 403; then an
 * unknown route 404, a wrong method 405, an unknown user or session 404. The query is decoded
 * strictly: a {@code %} not followed by two hex digits, or bytes that are not UTF-8, answer 400. Every call is published as an
 * {@code AdminAction} event naming the administrator.
 *
 * <p>Programmatically: {@code new LatchkeyAdminServlet(latchkey)}. From {@code web.xml}: the
 * {@link Latchkey} comes from the servlet context attribute named by the init parameter
 * {@code latchkey} (default {@code dev.latchkey.core.Latchkey}).
 */
public final class LatchkeyAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The largest body {@code PUT /users/{id}/roles} takes (64 role names of 64 characters fit). */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /** The default page size of {@code GET /users}. */
    public static final int DEFAULT_PAGE_SIZE = 20;

    /**
     * Every route, relative to the mount ({@code {id}} and {@code {role}} stand for one path
     * segment), with its methods ({@code GET} routes answer {@code HEAD} too); the OpenAPI
     * document's tests keep the two the same.
     */
    static final Map<String, List<String>> ROUTES = Map.of(
            "/users", List.of("GET"),
            "/users/{id}", List.of("GET"),
            "/users/{id}/disable", List.of("POST"),
            "/users/{id}/enable", List.of("POST"),
            "/users/{id}/roles", List.of("PUT"),
            "/users/{id}/roles/{role}", List.of("PUT", "DELETE"),
            "/sessions/{id}", List.of("DELETE"));

    private static final String ID = "([^/]+)";
    private static final Pattern USERS = Pattern.compile("/users");
    private static final Pattern USER = Pattern.compile("/users/" + ID);
    private static final Pattern DISABLE = Pattern.compile("/users/" + ID + "/disable");
    private static final Pattern ENABLE = Pattern.compile("/users/" + ID + "/enable");
    private static final Pattern ROLES = Pattern.compile("/users/" + ID + "/roles");
    private static final Pattern ROLE = Pattern.compile("/users/" + ID + "/roles/" + ID);
    private static final Pattern SESSION = Pattern.compile("/sessions/" + ID);

    private transient Latchkey latchkey;

    /** For web.xml: configured in {@link #init(ServletConfig)}. */
    public LatchkeyAdminServlet() {
    }

    /** The administration endpoints over a Latchkey. */
    public LatchkeyAdminServlet(Latchkey latchkey) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (latchkey != null) {
            return;
        }
        latchkey = ContextLatchkey.find(config.getServletContext(), config.getInitParameter("latchkey"),
                "LatchkeyAdminServlet");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // An InvalidTokenException here is the caller's: a token that passed, of a user who is gone.
        Errors.answering(response, true, () -> route(request, response));
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Who asks comes first: without a good token every path and method gets the same 401, and
        // without the role the same 403, so the routes tell a stranger nothing.
        Optional<VerifiedAccessToken> caller = Authentication.authenticate(latchkey, request, response);
        if (caller.isEmpty()) {
            return;
        }
        Administration admin = latchkey.admin(caller.get());
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        Matcher m;
        if (USERS.matcher(path).matches()) {
            requireMethod(method, "GET");
            Json.write(response, 200, users(request, admin));
        } else if ((m = DISABLE.matcher(path)).matches()) {
            requireMethod(method, "POST");
            Json.write(response, 200, JsonViews.user(admin.disable(userId(m.group(1)))));
        } else if ((m = ENABLE.matcher(path)).matches()) {
            requireMethod(method, "POST");
            Json.write(response, 200, JsonViews.user(admin.enable(userId(m.group(1)))));
        } else if ((m = ROLES.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            UserId id = userId(m.group(1));
            Json.Body body = Json.read(request, MAX_BODY_BYTES, true);
            List<String> roles = body.requiredStrings("roles");
            body.requireValid();
            Json.write(response, 200, JsonViews.user(admin.setRoles(id, roles)));
        } else if ((m = ROLE.matcher(path)).matches()) {
            requireMethod(method, "PUT", "DELETE");
            UserId id = userId(m.group(1));
            Account changed = method.equals("PUT") ? admin.grantRole(id, m.group(2)) : admin.removeRole(id, m.group(2));
            Json.write(response, 200, JsonViews.user(changed));
        } else if ((m = USER.matcher(path)).matches()) {
            requireMethod(method, "GET");
            UserDetails details = admin.user(userId(m.group(1)));
            ObjectNode answer = JsonViews.user(details.account());
            answer.set("sessions", JsonViews.sessions(details.sessions(), null));
            Json.write(response, 200, answer);
        } else if ((m = SESSION.matcher(path)).matches()) {
            requireMethod(method, "DELETE");
            admin.endSession(sessionId(m.group(1)));
            Json.write(response, 200, JsonViews.message("Session ended"));
        } else {
            throw new HttpProblem(404, "Not found");
        }
    }

    private static ObjectNode users(HttpServletRequest request, Administration admin) {
        Map<String, List<String>> parameters = queryParameters(request.getQueryString());
        List<FieldError> errors = new ArrayList<>();
        int page = intParameter(parameters, "page", 0, errors);
        int size = intParameter(parameters, "size", DEFAULT_PAGE_SIZE, errors);
        String query = single(parameters, "query", errors);
        String role = single(parameters, "role", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        UserPage result = admin.users(new UserSearch(query, role == null || role.isEmpty() ? null : role), page, size);
        ObjectNode answer = Json.object();
        ArrayNode users = answer.putArray("items");
        result.users().forEach(user -> users.add(JsonViews.user(user)));
        answer.put("page", result.page());
        answer.put("size", result.size());
        answer.put("total", result.total());
        return answer;
    }

    /**
     * The query's parameters, decoded here rather than by the container: containers differ on a
     * percent sign not followed by two hex digits or on bytes that are not UTF-8 (one fails, one
     * substitutes), and either is the caller's mistake, a 400.
     */
    static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            int c = encoded.codePointAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new HttpProblem(400, "The query has a % not followed by two hexadecimal digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                // What the container let through unencoded is written back as UTF-8, a whole code point at a time.
                byte[] raw = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(c) - 1;
            }
        }
        return Json.strictUtf8(bytes.toByteArray(), "The query is not percent-encoded UTF-8");
    }

    private static String single(Map<String, List<String>> parameters, String name, List<FieldError> errors) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given once"));
            return null;
        }
        return values.get(0);
    }

    private static int intParameter(Map<String, List<String>> parameters, String name, int absent,
            List<FieldError> errors) {
        String value = single(parameters, name, errors);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be a whole number"));
            return absent;
        }
    }

    private static UserId userId(String text) {
        try {
            return UserId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserNotFoundException();
        }
    }

    private static SessionId sessionId(String text) {
        try {
            return SessionId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SessionNotFoundException();
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String ok : allowed) {
            if (ok.equals(method) || (ok.equals("GET") && method.equals("HEAD"))) {
                return;
            }
        }
        String allow = String.join(", ", allowed);
        throw new HttpProblem(405, "Method not allowed", allow.equals("GET") ? "GET, HEAD" : allow);
    }
}
