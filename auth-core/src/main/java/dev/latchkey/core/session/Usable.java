package dev.latchkey.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The one rule for whether a session may still be used, with the instants it is judged at. A
 * session is usable when it has not been ended, its absolute expiry lies after {@code now}, and
 * (with an idle timeout) it was last used at or after {@code idleCutoff}.
 *
 * <p>Storage adapters translate it into their query as it stands, for example
 * {@code ended_at IS NULL AND expires_at > :now AND last_used_at >= :idleCutoff}, so that the
 * check and the update are one atomic step; the rule itself is decided here only.
 *
 * @param now the instant to judge at
 * @param idleCutoff the earliest acceptable last use ({@link Instant#MIN} without an idle timeout)
 */
public record Usable(Instant now, Instant idleCutoff) {

    /** Checks both instants are present. */
    public Usable {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(idleCutoff, "idleCutoff");
    }

    /** Whether the session is usable at {@link #now()}. */
    public boolean test(Session session) {
        return !session.isEnded()
                && session.expiresAt().isAfter(now)
                && !session.lastUsedAt().isBefore(idleCutoff);
    }
}
