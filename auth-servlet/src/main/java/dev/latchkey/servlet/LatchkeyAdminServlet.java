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
import java.io.IOException;
import java.util.ArrayList;
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
 *     the email or name, {@code role} their role; {@code {"users": [...], "page", "size", "total"}}
 * <li>{@code GET /users/{id}}: the user with {@code "sessions"}, their usable sessions
 * <li>{@code POST /users/{id}/disable} and {@code POST /users/{id}/enable}: the user as changed;
 *     disabling ends every session of the user at once
 * <li>{@code PUT /users/{id}/roles/{role}} and {@code DELETE /users/{id}/roles/{role}}: the user
 *     with the role granted or removed; a removal refuses the user's access tokens at once
 * <li>{@code DELETE /sessions/{id}}: ends any user's session at once
 * </ul>
 * Without a token (or with a bad one) the answer is the same 401 as every protected endpoint's; with
 * a token lacking the role, 403; an unknown user or session, 404. Every call is published as an
 * {@code AdminAction} event naming the administrator.
 *
 * <p>Programmatically: {@code new LatchkeyAdminServlet(latchkey)}. From {@code web.xml}: the
 * {@link Latchkey} comes from the servlet context attribute named by the init parameter
 * {@code latchkey} (default {@code dev.latchkey.core.Latchkey}).
 */
public final class LatchkeyAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

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
            "/users/{id}/roles/{role}", List.of("PUT", "DELETE"),
            "/sessions/{id}", List.of("DELETE"));

    private static final String ID = "([^/]+)";
    private static final Pattern USERS = Pattern.compile("/users");
    private static final Pattern USER = Pattern.compile("/users/" + ID);
    private static final Pattern DISABLE = Pattern.compile("/users/" + ID + "/disable");
    private static final Pattern ENABLE = Pattern.compile("/users/" + ID + "/enable");
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
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        Matcher m;
        if (USERS.matcher(path).matches()) {
            requireMethod(method, "GET");
            withAdmin(request, response, admin -> Json.write(response, 200, users(request, admin)));
        } else if ((m = DISABLE.matcher(path)).matches()) {
            requireMethod(method, "POST");
            String id = m.group(1);
            withAdmin(request, response, admin -> Json.write(response, 200, JsonViews.user(admin.disable(userId(id)))));
        } else if ((m = ENABLE.matcher(path)).matches()) {
            requireMethod(method, "POST");
            String id = m.group(1);
            withAdmin(request, response, admin -> Json.write(response, 200, JsonViews.user(admin.enable(userId(id)))));
        } else if ((m = ROLE.matcher(path)).matches()) {
            requireMethod(method, "PUT", "DELETE");
            String id = m.group(1);
            String role = m.group(2);
            withAdmin(request, response, admin -> {
                Account changed = method.equals("PUT")
                        ? admin.grantRole(userId(id), role) : admin.removeRole(userId(id), role);
                Json.write(response, 200, JsonViews.user(changed));
            });
        } else if ((m = USER.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String id = m.group(1);
            withAdmin(request, response, admin -> {
                UserDetails details = admin.user(userId(id));
                ObjectNode answer = JsonViews.user(details.account());
                answer.set("sessions", JsonViews.sessions(details.sessions(), null));
                Json.write(response, 200, answer);
            });
        } else if ((m = SESSION.matcher(path)).matches()) {
            requireMethod(method, "DELETE");
            String id = m.group(1);
            withAdmin(request, response, admin -> {
                admin.endSession(sessionId(id));
                Json.write(response, 200, JsonViews.message("Session ended"));
            });
        } else {
            throw new HttpProblem(404, "Not found");
        }
    }

    /** An endpoint for an administrator. */
    @FunctionalInterface
    private interface AdminHandler {
        void handle(Administration admin) throws IOException;
    }

    /** Runs {@code handler} for an authenticated administrator; otherwise the refusal is written already. */
    private void withAdmin(HttpServletRequest request, HttpServletResponse response, AdminHandler handler)
            throws IOException {
        Optional<VerifiedAccessToken> caller = Authentication.authenticate(latchkey, request, response);
        if (caller.isPresent()) {
            handler.handle(latchkey.admin(caller.get()));
        }
    }

    private static ObjectNode users(HttpServletRequest request, Administration admin) {
        List<FieldError> errors = new ArrayList<>();
        int page = intParameter(request, "page", 0, errors);
        int size = intParameter(request, "size", DEFAULT_PAGE_SIZE, errors);
        String query = single(request, "query", errors);
        String role = single(request, "role", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        UserPage result = admin.users(new UserSearch(query, role == null || role.isEmpty() ? null : role), page, size);
        ObjectNode answer = Json.object();
        ArrayNode users = answer.putArray("users");
        result.users().forEach(user -> users.add(JsonViews.user(user)));
        answer.put("page", result.page());
        answer.put("size", result.size());
        answer.put("total", result.total());
        return answer;
    }

    private static String single(HttpServletRequest request, String name, List<FieldError> errors) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return null;
        }
        if (values.length > 1) {
            errors.add(new FieldError(name, "must be given once"));
            return null;
        }
        return values[0];
    }

    private static int intParameter(HttpServletRequest request, String name, int absent, List<FieldError> errors) {
        String value = single(request, name, errors);
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
