package dev.latchkey.migrate;

/**
 * What happened to the legacy sessions (refresh tokens); {@code read} is always the sum of the
 * other four.
 *
 * @param read rows read from the source
 * @param imported sessions written (or that a dry run would write)
 * @param already sessions whose token was imported before
 * @param skipped rows left out on purpose: revoked, expired, or of a user who is not imported or
 *     not active
 * @param rejected rows not imported because a value cannot be kept, each with a reason
 */
public record SessionCounts(long read, long imported, long already, long skipped, long rejected) {

    /** Checks that every row read is accounted for. */
    public SessionCounts {
        if (read != imported + already + skipped + rejected || Math.min(Math.min(imported, already),
                Math.min(skipped, rejected)) < 0) {
            throw new IllegalStateException("Sessions do not add up: read=" + read + " imported=" + imported
                    + " already=" + already + " skipped=" + skipped + " rejected=" + rejected);
        }
    }

    /** The summary line, exactly as the command prints it last. */
    public String summaryLine() {
        return "sessions: read=" + read + " imported=" + imported + " already=" + already + " skipped=" + skipped
                + " rejected=" + rejected;
    }
}
