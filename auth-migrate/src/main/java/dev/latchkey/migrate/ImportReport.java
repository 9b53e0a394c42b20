package dev.latchkey.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an import did, or with {@code dryRun} what it would do.
 *
 * @param users the users' counts
 * @param sessions the sessions' counts, when sessions were imported
 * @param rejectReasons how many rows were rejected for each reason, users' and sessions' together
 * @param warnings how many rows were imported with a value changed, by kind of change
 * @param dryRun whether nothing was written
 */
public record ImportReport(UserCounts users, Optional<SessionCounts> sessions, Map<String, Long> rejectReasons,
        Map<String, Long> warnings, boolean dryRun) {

    /** Copies the maps, sorted by key. */
    public ImportReport {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(sessions, "sessions");
        rejectReasons = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rejectReasons));
        warnings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(warnings));
    }

    /** Whether any row, user or session, was rejected. */
    public boolean anyRejected() {
        return users.rejected() > 0 || sessions.map(s -> s.rejected() > 0).orElse(false);
    }

    /** The summary lines, exactly as the command prints them last on standard output. */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(users.summaryLine());
        sessions.ifPresent(s -> lines.add(s.summaryLine()));
        return List.copyOf(lines);
    }
}
