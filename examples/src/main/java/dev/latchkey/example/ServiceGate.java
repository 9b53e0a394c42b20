package dev.latchkey.example;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What every request meets before it is routed, whatever its path: every answer is marked
 * {@code X-Content-Type-Options: nosniff}; {@code TRACE} (which {@code HttpServlet} answers by
 * echoing the request, {@code Authorization} header and all), {@code TRACK} and {@code CONNECT}
 * are refused with 501, as methods the service implements for no resource (RFC 9110 §15.6.2);
 * and a request for {@code *} (asterisk form, RFC 9112 §3.2.4) is 501 for {@code OPTIONS} and
 * 400 for any other method, which may not use that form. The answers are JSON like every other.
 */
final class ServiceGate extends Handler.Wrapper {

    private static final Set<String> NOT_IMPLEMENTED = Set.of("TRACE", "TRACK", "CONNECT");

    ServiceGate(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(JsonErrorHandler.NOSNIFF);
        // Method names are case-sensitive, but some servers match them without case: refuse every spelling.
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (NOT_IMPLEMENTED.contains(method)) {
            JsonErrorHandler.write(response, HttpStatus.NOT_IMPLEMENTED_501, method + " is not supported", callback);
            return true;
        }
        if ("*".equals(request.getHttpURI().getPath())) {
            if (method.equals("OPTIONS")) {
                JsonErrorHandler.write(response, HttpStatus.NOT_IMPLEMENTED_501, "OPTIONS * is not supported",
                        callback);
            } else {
                JsonErrorHandler.write(response, HttpStatus.BAD_REQUEST_400, "Bad request target", callback);
            }
            return true;
        }
        return super.handle(request, response, callback);
    }
}
