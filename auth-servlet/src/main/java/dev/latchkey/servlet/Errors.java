package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.AccessDeniedException;
import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.FieldError;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.LatchkeyException;
import dev.latchkey.core.SessionNotFoundException;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.ThrottledException;
import dev.latchkey.core.UserNotFoundException;
import dev.latchkey.core.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Every error answer, in one place: {@code {"detail": "…"}} with the status {@link OpenApiDocument}
 * gives each failure, never a stack trace or an HTML page.
 */
final class Errors {

    /** The realm named in {@code WWW-Authenticate}. */
    static final String REALM = "latchkey";

    private static final System.Logger LOG = System.getLogger(Errors.class.getName());
    private static final int STORAGE_RETRY_AFTER_SECONDS = 5;

    private Errors() {
    }

    /** Writes the answer for a failure from auth-core; {@code bearer} when a Bearer token was refused. */
    static void write(HttpServletResponse response, LatchkeyException e, boolean bearer) throws IOException {
        if (e instanceof ValidationException v) {
            ObjectNode body = detail(v.getMessage());
            ArrayNode errors = body.putArray("errors");
            for (FieldError error : v.errors()) {
                errors.addObject().put("field", error.field()).put("message", error.message());
            }
            Json.write(response, 400, body);
        } else if (e instanceof InvalidTokenException) {
            if (bearer) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
            }
            Json.write(response, 401, detail(InvalidTokenException.MESSAGE));
        } else if (e instanceof InvalidCredentialsException) {
            Json.write(response, 401, detail(InvalidCredentialsException.MESSAGE));
        } else if (e instanceof ThrottledException t) {
            response.setHeader("Retry-After", Long.toString(t.retryAfter().toSeconds()));
            Json.write(response, 429, detail(t.getMessage()));
        } else if (e instanceof DuplicateEmailException) {
            Json.write(response, 409, detail(e.getMessage()));
        } else if (e instanceof AccessDeniedException) {
            Json.write(response, 403, detail(e.getMessage()));
        } else if (e instanceof SessionNotFoundException || e instanceof UserNotFoundException) {
            Json.write(response, 404, detail(e.getMessage()));
        } else if (e instanceof StorageUnavailableException) {
            LOG.log(Level.WARNING, "Storage unavailable: " + e.getMessage());
            response.setHeader("Retry-After", Integer.toString(STORAGE_RETRY_AFTER_SECONDS));
            Json.write(response, 503, detail("Service temporarily unavailable; try again shortly"));
        } else {
            throw new IllegalStateException("Unmapped failure " + e.getClass().getName(), e);
        }
    }

    /** What a servlet does with one request. */
    @FunctionalInterface
    interface Handler {
        void handle() throws IOException;
    }

    /**
     * Runs a servlet's handling of one request and answers every failure as the contract says:
     * what the HTTP layer refused, what auth-core refused ({@code bearer}: whether an
     * {@link InvalidTokenException} is a refused Bearer token, with {@code WWW-Authenticate}), and a
     * bug as a 500.
     */
    static void answering(HttpServletResponse response, boolean bearer, Handler handler) throws IOException {
        try {
            handler.handle();
        } catch (HttpProblem problem) {
            write(response, problem);
        } catch (LatchkeyException failure) {
            write(response, failure, bearer && failure instanceof InvalidTokenException);
        } catch (RuntimeException bug) {
            internal(response, bug);
        }
    }

    /** Writes the answer for a request the HTTP layer refused. */
    static void write(HttpServletResponse response, HttpProblem problem) throws IOException {
        if (problem.allow() != null) {
            response.setHeader("Allow", problem.allow());
        }
        if (problem.bodyUnread()) {
            // The body was refused unread (or could not be read): say the connection ends, rather
            // than let a keep-alive client send its next request into a connection the container
            // is about to drop.
            response.setHeader("Connection", "close");
        }
        Json.write(response, problem.status(), detail(problem.getMessage()));
    }

    /** 401 for a request without any token (RFC 6750 §3.1: no error code). */
    static void notAuthenticated(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
        Json.write(response, 401, detail("Not authenticated"));
    }

    /** 400 for an ambiguous credential (RFC 6750 §3.1 {@code invalid_request}). */
    static void invalidRequest(HttpServletResponse response, String why) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\"");
        Json.write(response, 400, detail(why));
    }

    /** 500 for a bug: logged here, and nothing of it shown to the client. */
    static void internal(HttpServletResponse response, RuntimeException e) throws IOException {
        LOG.log(Level.ERROR, "Unexpected failure while serving a Latchkey endpoint", e);
        if (!response.isCommitted()) {
            response.reset();
            Json.write(response, 500, detail("Internal server error"));
        }
    }

    static ObjectNode detail(String message) {
        ObjectNode body = Json.object();
        body.put("detail", message);
        return body;
    }
}
