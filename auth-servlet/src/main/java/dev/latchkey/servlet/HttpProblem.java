package dev.latchkey.servlet;

/**
 * A request the HTTP layer itself refuses before anything reaches auth-core: malformed JSON,
 * a body too large, the wrong content type or method, an unknown path.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow;

    HttpProblem(int status, String detail) {
        this(status, detail, null);
    }

    HttpProblem(int status, String detail, String allow) {
        super(detail, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    int status() {
        return status;
    }

    /** The {@code Allow} header for a 405, else null. */
    String allow() {
        return allow;
    }
}
