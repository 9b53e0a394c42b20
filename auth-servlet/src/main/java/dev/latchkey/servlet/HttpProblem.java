package dev.latchkey.servlet;

/**
 * A request the HTTP layer itself refuses before anything reaches auth-core: malformed JSON,
 * a body too large, the wrong content type or method, an unknown path.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow;
    private final boolean bodyUnread;

    HttpProblem(int status, String detail) {
        this(status, detail, null, false);
    }

    HttpProblem(int status, String detail, String allow) {
        this(status, detail, allow, false);
    }

    private HttpProblem(int status, String detail, String allow, boolean bodyUnread) {
        super(detail, null, false, false);
        this.status = status;
        this.allow = allow;
        this.bodyUnread = bodyUnread;
    }

    /** A refusal of a body that was not read to its end (too large, wrong type, cut off). */
    static HttpProblem bodyUnread(int status, String detail) {
        return new HttpProblem(status, detail, null, true);
    }

    int status() {
        return status;
    }

    /** Whether the body was left unread, so that the connection cannot carry another request. */
    boolean bodyUnread() {
        return bodyUnread;
    }

    /** The {@code Allow} header for a 405, else null. */
    String allow() {
        return allow;
    }
}
