package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Latchkey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * An embedded servlet container on a free loopback port (Jetty 12 unless told otherwise), wired as
 * a host would wire Latchkey: the endpoints at {@code /api/auth/*}, the administration at
 * {@code /api/admin/*} (behind the filter like any protected path), the filter on {@code /api/*}
 * (the endpoints open), a protected resource of the host's at {@code /api/notes}, and the JWK set.
 */
final class TestServer implements AutoCloseable {

    private final ServletContainer.Started started;

    TestServer(Latchkey latchkey, LatchkeyServlet endpoints) throws Exception {
        this(ServletContainer.JETTY, latchkey, endpoints);
    }

    TestServer(ServletContainer container, Latchkey latchkey, LatchkeyServlet endpoints) throws Exception {
        started = container.start(new ServletContainer.Webapp("", Map.of(
                "/api/auth/*", endpoints,
                "/api/admin/*", new LatchkeyAdminServlet(latchkey),
                "/.well-known/jwks.json", new JwksServlet(latchkey),
                "/api/notes", new NotesServlet()),
                new LatchkeyFilter(latchkey, "/api/auth/*"), "/api/*"));
    }

    URI base() {
        return started.base();
    }

    @Override
    public void close() {
        started.close();
    }

    /** The host's own protected resource: it only reads what the filter put on the request. */
    static final class NotesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ObjectNode body = Json.object();
            body.put("user", request.getUserPrincipal().getName());
            body.put("remote_user", request.getRemoteUser());
            body.put("session", LatchkeyFilter.accessToken(request).orElseThrow().sessionId().toString());
            body.put("is_admin", request.isUserInRole("admin"));
            body.putArray("notes");
            Json.write(response, 200, body);
        }
    }

    /** A public resource of the host's: answers whether the request carries a user. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ObjectNode body = Json.object();
            body.put("hello", "world");
            body.put("authenticated", request.getUserPrincipal() != null);
            Json.write(response, 200, body);
        }
    }
}
