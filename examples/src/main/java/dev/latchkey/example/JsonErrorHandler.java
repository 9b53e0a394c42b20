package dev.latchkey.example;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Whatever the container answers by itself (a malformed request, an unmapped path, a
 * {@code sendError} from a servlet, a crash) is JSON too: {@code {"detail": "…"}} with the
 * standard reason phrase, never an HTML page, a stack trace or an empty body, whatever the method.
 * The same instance serves the server (errors before any handler, such as a bad request line) and
 * the servlet context ({@code sendError} and exceptions from servlets).
 */
final class JsonErrorHandler extends ErrorHandler {

    /** On every answer: a browser must not read JSON (or anything else) as another type. */
    static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");

    /**
     * Jetty writes error bodies only for GET, POST and HEAD and leaves every other method's empty
     * (a PUT or an unknown method refused by a servlet, {@code PRI}): here every method gets one.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        int status = code;
        if (code == HttpStatus.INTERNAL_SERVER_ERROR_500 && timedOut(cause)) {
            // A body read that failed because the client was too slow (the minimum data rate or the
            // idle time-out) is the client's doing, not a server error.
            status = HttpStatus.REQUEST_TIMEOUT_408;
        }
        String reason = HttpStatus.getMessage(status);
        write(response, status, reason == null ? "Error" : reason, callback);
    }

    /** Answers {@code {"detail": detail}} with {@code status}. */
    static void write(Response response, int status, String detail, Callback callback) throws IOException {
        byte[] body = ExampleServlets.JSON.writeValueAsBytes(ExampleServlets.detail(detail));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(NOSNIFF);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean timedOut(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
