package dev.latchkey.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.UserId;
import dev.latchkey.jdbi.LatchkeySchema;
import dev.latchkey.servlet.LatchkeyFilter;
import dev.latchkey.servlet.OpenApiDocument;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The example's own servlets: what a host writes around Latchkey. */
final class ExampleServlets {

    static final ObjectMapper JSON = new ObjectMapper();

    private ExampleServlets() {
    }

    static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Whether the request's method is one of {@code allowed}; if not, answers 405 with {@code Allow}.
     * The servlets here route methods themselves: HttpServlet's defaults would answer OPTIONS with
     * TRACE in {@code Allow}, echo a TRACE, and send 405 and 501 without {@code Allow}.
     */
    static boolean methodAllowed(HttpServletRequest request, HttpServletResponse response, String... allowed)
            throws IOException {
        if (List.of(allowed).contains(request.getMethod())) {
            return true;
        }
        response.setHeader("Allow", String.join(", ", allowed));
        write(response, 405, detail("Method not allowed"));
        return false;
    }

    static ObjectNode detail(String message) {
        return JSON.createObjectNode().put("detail", message);
    }

    /**
     * {@code GET /api/notes}: the current user's notes; {@code POST /api/notes} with
     * {@code {"text": "…"}} adds one. Behind LatchkeyFilter: it only reads the user the filter
     * verified. (Notes live in memory: they are the host's data, not Latchkey's.)
     */
    static final class NotesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Map<UserId, List<String>> notes = new ConcurrentHashMap<>();

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (methodAllowed(request, response, "GET", "POST")) {
                if (request.getMethod().equals("GET")) {
                    doGet(request, response);
                } else {
                    doPost(request, response);
                }
            }
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UserId user = LatchkeyFilter.accessToken(request).orElseThrow().userId();
            ObjectNode body = JSON.createObjectNode();
            body.put("user_id", user.toString());
            ArrayNode list = body.putArray("notes");
            notes.getOrDefault(user, List.of()).forEach(list::add);
            write(response, 200, body);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UserId user = LatchkeyFilter.accessToken(request).orElseThrow().userId();
            JsonNode body;
            try {
                body = JSON.readTree(request.getInputStream().readNBytes(8 * 1024 + 1));
            } catch (IOException e) {
                write(response, 400, detail("Malformed JSON body"));
                return;
            }
            JsonNode text = body == null ? null : body.get("text");
            if (text == null || !text.isTextual() || text.asText().isBlank() || text.asText().length() > 1000) {
                write(response, 400, detail("text must be a string of 1 to 1000 characters"));
                return;
            }
            notes.computeIfAbsent(user, k -> new CopyOnWriteArrayList<>()).add(text.asText());
            write(response, 201, JSON.createObjectNode().put("text", text.asText()));
        }
    }

    /**
     * {@code GET /health}: 200 with the store's type and whether it answers, 503 when the database
     * does not; nothing more (no versions) for anyone who asks.
     */
    static final class HealthServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<LatchkeySchema.ConnectionCheck> check;

        /** For the in-memory store, {@code check} is null. */
        HealthServlet(Supplier<LatchkeySchema.ConnectionCheck> check) {
            this.check = check;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (methodAllowed(request, response, "GET", "HEAD")) {
                doGet(request, response);
            }
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode database = body.putObject("database");
            if (check == null) {
                body.put("status", "ok");
                database.put("type", "in-memory");
                write(response, 200, body);
                return;
            }
            LatchkeySchema.ConnectionCheck result = check.get();
            database.put("type", "postgresql");
            // Not the server's version: that would tell anyone which PostgreSQL flaws to try.
            database.put("reachable", result.reachable());
            body.put("status", result.reachable() ? "ok" : "unavailable");
            write(response, result.reachable() ? 200 : 503, body);
        }
    }

    /**
     * {@code GET /openapi.json}: auth-servlet's OpenAPI document of the endpoints, as the jar ships
     * it. Open to anyone (it is outside the filter's {@code /api/*}); cacheable, since it changes
     * only with a new version of the service.
     */
    static final class OpenApiServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient byte[] document = OpenApiDocument.bytes();

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!methodAllowed(request, response, "GET", "HEAD")) {
                return;
            }
            response.setStatus(200);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "public, max-age=300");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(document.length);
            if (request.getMethod().equals("GET")) {
                response.getOutputStream().write(document);
            }
        }
    }

    /** {@code GET /}: the web page; every other unmapped path is a JSON 404. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            if (!path.equals("/") && !path.equals("/index.html")) {
                write(response, 404, detail("Not found"));
                return;
            }
            if (!methodAllowed(request, response, "GET", "HEAD")) {
                return;
            }
            byte[] page;
            try (InputStream in = PageServlet.class.getResourceAsStream("/web/index.html")) {
                page = in.readAllBytes();
            }
            response.setStatus(200);
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            // Never inside another site's frame (clickjacking): CSP for current browsers, X-Frame-Options for older ones.
            response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                    + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(page.length);
            if (request.getMethod().equals("GET")) {
                response.getOutputStream().write(page);
            }
        }
    }
}
