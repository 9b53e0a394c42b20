package dev.latchkey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Refuses a request before anything decides on its path, when the path could be read two ways:
 * by the container that routes it and by whoever checks it. The rules are those of Spring
 * Security's {@code StrictHttpFirewall}, which refuses rather than normalises because normalising
 * is where such readings part.
 *
 * <p>The raw request URI (as sent, before decoding) may hold printable ASCII only, and no
 * {@code ;} (path parameters), no {@code \}, no {@code //}, no {@code .} or {@code ..} segment,
 * and no percent-encoded {@code /}, {@code \}, {@code .}, {@code %}, {@code ;} or control
 * character. The decoded path the container dispatches on ({@code servletPath + pathInfo}) may
 * hold no {@code ;}, {@code \}, {@code %}, {@code //}, dot-segment, control character or Unicode
 * line or paragraph separator either. Such a request is answered 400.
 *
 * <p>{@code TRACE} and {@code TRACK} are answered 405: a container's TRACE echoes the request's
 * headers, its {@code Authorization} included, back into the page that sent it.
 */
final class RequestFirewall {

    private RequestFirewall() {
    }

    /** The refusal a request deserves, or empty when it may go on. */
    static Optional<HttpProblem> inspect(HttpServletRequest request) {
        return inspect(request.getMethod(), request.getRequestURI(), request.getServletPath(), request.getPathInfo());
    }

    /**
     * The refusal for a request with this method, raw request URI (context path included, query
     * string excluded) and decoded servlet path and path info, or empty when it may go on.
     */
    static Optional<HttpProblem> inspect(String method, String requestUri, String servletPath, String pathInfo) {
        if (method.equalsIgnoreCase("TRACE") || method.equalsIgnoreCase("TRACK")) {
            return Optional.of(new HttpProblem(405, "Method not allowed"));
        }
        String why = rawProblem(requestUri);
        if (why == null) {
            why = decodedProblem((servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo));
        }
        return why == null ? Optional.empty() : Optional.of(new HttpProblem(400, "Ambiguous request path: " + why));
    }

    /** Whether a decoded path (such as an open path) is one the firewall lets through. */
    static boolean admits(String decodedPath) {
        return decodedProblem(decodedPath) == null;
    }

    private static String rawProblem(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c > '~') {
                return "only printable ASCII characters may be sent";
            }
            if (c == '%') {
                int encoded = i + 2 < uri.length() ? hex(uri.charAt(i + 1), uri.charAt(i + 2)) : -1;
                if (encoded < 0) {
                    return "'%' must start an escape of two hexadecimal digits";
                }
                if (encoded < 0x20 || encoded == 0x7f || "/\\.%;".indexOf(encoded) >= 0) {
                    return "'/', '\\', '.', '%', ';' and control characters may not be percent-encoded";
                }
            }
        }
        return commonProblem(uri);
    }

    private static String decodedProblem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "control characters may not be sent";
            }
            if (c == '%') {
                return "'%' may not be encoded twice";
            }
        }
        return commonProblem(path);
    }

    /** The rules the raw and the decoded path share. */
    private static String commonProblem(String path) {
        if (path.indexOf(';') >= 0) {
            return "';' (path parameters) may not be sent";
        }
        if (path.indexOf('\\') >= 0) {
            return "'\\' may not be sent";
        }
        if (path.contains("//")) {
            return "'//' may not be sent";
        }
        if (!isNormalized(path)) {
            return "'.' and '..' segments may not be sent";
        }
        return null;
    }

    /** Whether no segment of the path is {@code .} or {@code ..}. */
    private static boolean isNormalized(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
