package dev.latchkey.migrate;

/**
 * What happened to the legacy users; {@code read} is always the sum of the other four.
 *
 * @param read rows read from the source
 * @param imported users written for the first time (or that a dry run would write)
 * @param already users imported before whose legacy row has not changed since
 * @param updated users imported before whose legacy row changed since, written again
 * @param rejected rows not imported, each with a reason
 */
public record UserCounts(long read, long imported, long already, long updated, long rejected) {

    /** Checks that every row read is accounted for. */
    public UserCounts {
        if (read != imported + already + updated + rejected || Math.min(Math.min(imported, already),
                Math.min(updated, rejected)) < 0) {
            throw new IllegalStateException("Users do not add up: read=" + read + " imported=" + imported
                    + " already=" + already + " updated=" + updated + " rejected=" + rejected);
        }
    }

    /** The summary line, exactly as the command prints it last. */
    public String summaryLine() {
        return "users: read=" + read + " imported=" + imported + " already=" + already + " updated=" + updated
                + " rejected=" + rejected;
    }
}
