package dev.latchkey.jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code timestamptz}, independent of the JVM's and the server's time zones. */
final class Times {

    /** Earlier than any session: stands in for "no idle timeout" ({@link Instant#MIN} has no SQL form). */
    static final OffsetDateTime NO_IDLE_CUTOFF = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private Times() {
    }

    static OffsetDateTime bindable(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static OffsetDateTime idleCutoff(Instant cutoff) {
        OffsetDateTime bound = cutoff.isBefore(NO_IDLE_CUTOFF.toInstant()) ? NO_IDLE_CUTOFF : bindable(cutoff);
        return bound;
    }
}
