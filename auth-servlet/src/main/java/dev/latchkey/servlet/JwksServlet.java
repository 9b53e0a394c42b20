package dev.latchkey.servlet;

import dev.latchkey.core.Latchkey;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves the public JWK set at {@code /.well-known/jwks.json}, so other services can verify
 * access tokens signed with an asymmetric key with any JWT library. With HS256 the set is empty:
 * a shared secret is never published.
 */
public final class JwksServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient Latchkey latchkey;

    /** For web.xml: the Latchkey comes from the servlet context attribute {@code dev.latchkey.core.Latchkey}. */
    public JwksServlet() {
    }

    /** Serves this Latchkey's keys. */
    public JwksServlet(Latchkey latchkey) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
    }

    @Override
    public void init() throws ServletException {
        if (latchkey == null) {
            Object found = getServletContext().getAttribute(LatchkeyFilter.LATCHKEY_ATTRIBUTE);
            if (!(found instanceof Latchkey configured)) {
                throw new ServletException("JwksServlet needs a Latchkey in the servlet context");
            }
            latchkey = configured;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET")) {
            Errors.write(response, new HttpProblem(405, "Method not allowed", "GET"));
            return;
        }
        byte[] body = latchkey.publicJwkSet().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
