package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Latchkey;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 on a free loopback port, wired as a host would wire Latchkey: the endpoints
 * at {@code /api/auth/*}, the filter on {@code /api/*} (the endpoints open), a protected resource
 * of the host's at {@code /api/notes}, and the JWK set.
 */
final class TestServer implements AutoCloseable {

    private final Server server;
    private final URI base;

    TestServer(Latchkey latchkey, LatchkeyServlet endpoints) throws Exception {
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // Large enough for the attack suite's oversized tokens (up to ~270 KB) to reach Latchkey's own size check.
        config.setRequestHeaderSize(1024 * 1024);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(endpoints), "/api/auth/*");
        context.addServlet(new ServletHolder(new JwksServlet(latchkey)), "/.well-known/jwks.json");
        context.addServlet(new ServletHolder(new NotesServlet()), "/api/notes");
        context.addFilter(new FilterHolder(new LatchkeyFilter(latchkey, "/api/auth/*")), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    URI base() {
        return base;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
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
