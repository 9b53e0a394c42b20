package dev.latchkey.core;

import java.util.Objects;

/**
 * An access or refresh token was refused. {@link #getMessage()} is the same for every reason, so
 * that it can be shown to a client; {@link #reason()} is for logs, metrics and tests.
 */
public final class InvalidTokenException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Not a well-formed token of the expected kind (size, segments, encoding, JSON, claims). */
        MALFORMED,
        /** A header Latchkey refuses: algorithm or key not configured, {@code typ}, {@code crit}, {@code jku}/{@code x5u}/{@code jwk}. */
        UNSUPPORTED,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** Past its expiry (beyond the clock-skew leeway). */
        EXPIRED,
        /** Before its {@code nbf} or {@code iat} (beyond the leeway). */
        NOT_YET_VALID,
        /** Issued by someone else ({@code iss}). */
        WRONG_ISSUER,
        /** Meant for someone else ({@code aud}). */
        WRONG_AUDIENCE,
        /** Its session was ended (logout, revoke-all, password change, reuse detection). */
        REVOKED,
        /** A refresh token that Latchkey does not know. */
        UNKNOWN
    }

    /** The message every refused token carries. */
    public static final String MESSAGE = "Could not validate credentials";

    private final Reason reason;

    /** Creates the exception for a reason. */
    public InvalidTokenException(Reason reason) {
        super(MESSAGE);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "InvalidTokenException[" + reason + "]";
    }
}
