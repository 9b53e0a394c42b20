package dev.latchkey.example;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Whatever the container answers by itself (a malformed request, an unmapped path, a crash) is
 * JSON too: {@code {"detail": "…"}} with the standard reason phrase, never an HTML page or a stack
 * trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        int status = code;
        if (code == HttpStatus.INTERNAL_SERVER_ERROR_500 && timedOut(cause)) {
            // A body read that failed because the client was too slow (the minimum data rate or the
            // idle time-out) is the client's doing, not a server error.
            status = HttpStatus.REQUEST_TIMEOUT_408;
            response.setStatus(status);
        }
        String reason = HttpStatus.getMessage(status);
        byte[] body = ("{\"detail\":\"" + (reason == null ? "Error" : reason) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
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
