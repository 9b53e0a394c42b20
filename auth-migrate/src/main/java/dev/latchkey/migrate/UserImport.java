package dev.latchkey.migrate;

import dev.latchkey.jdbi.PostgresStorage;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Imports the users (and, if asked, the sessions) of the backend Latchkey replaces into Latchkey's
 * PostgreSQL schema:
 *
 * <pre>{@code
 * ImportReport report = UserImport.builder()
 *         .source(ImportSource.database("mysql://root:secret@127.0.0.1:3306/jupyter_platform"))
 *         .target("postgresql://latchkey:secret@127.0.0.1:5432/latchkey")
 *         .rejectFile(Path.of("rejects.jsonl"))
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Every legacy row is read from one snapshot and checked; the rows that pass are staged on the
 * target, where duplicates, emails already taken and rows imported before are decided for all rows
 * at once; then users are written in batches, one transaction each. Imported users keep their id
 * and their legacy password hash, which Latchkey verifies at their next login and replaces by its
 * own. Running an import again changes nothing that has not changed in the legacy rows since, and
 * an import that failed half-way resumes.
 */
public final class UserImport {

    private final Builder settings;

    private UserImport(Builder settings) {
        this.settings = settings;
    }

    /** A new import's settings, every one at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the import.
     *
     * @return what was done, or for a dry run what would be
     * @throws InvalidImportException if a setting or the input is wrong
     * @throws ImportFailedException if a database cannot be reached or fails on the way
     */
    public ImportReport run() {
        Instant start = settings.clock.instant();
        ImportProgress progress = settings.progress;
        if (!settings.dryRun) {
            migrateSchema(settings.target);
        }
        Map<String, Long> warnings = new TreeMap<>();
        Map<String, Long> skipReasons = new TreeMap<>();
        try (TargetDatabase target = TargetDatabase.open(settings.target);
                RejectLog rejects = new RejectLog(settings.rejectFile)) {
            if (settings.dryRun) {
                target.standInsForMissingTables();
            } else {
                target.createImportTable();
            }
            UserRowCheck userCheck = new UserRowCheck(settings.sourceZone, start);
            SessionRowCheck sessionCheck = new SessionRowCheck(settings.sourceZone, start);
            long usersRead = 0;
            long sessionsRead = 0;
            long sessionsSkippedEarly = 0;
            long sessionsRejectedEarly = 0;
            try (LegacyReader reader = settings.source.open()) {
                long[] counted = new long[4];
                try (CopyStream stage = target.stageUsers()) {
                    reader.readUsers(settings.columns, row -> {
                        counted[0]++;
                        UserRowCheck.Result result = userCheck.check(row);
                        if (result instanceof UserRowCheck.Staged staged) {
                            stageUser(stage, counted[0], staged.user());
                        } else {
                            rejects.add(((UserRowCheck.Rejected) result).reject());
                        }
                        if (counted[0] % 10_000 == 0) {
                            progress.reading("users", counted[0]);
                        }
                    });
                    finish(stage, "users");
                }
                usersRead = counted[0];
                progress.reading("users", usersRead);
                if (settings.withSessions) {
                    try (CopyStream stage = target.stageSessions()) {
                        reader.readSessions(row -> {
                            counted[1]++;
                            SessionRowCheck.Result result = sessionCheck.check(row);
                            if (result instanceof SessionRowCheck.Staged staged) {
                                stageSession(stage, counted[1], staged.session());
                            } else if (result instanceof SessionRowCheck.Skipped skipped) {
                                counted[2]++;
                                skipReasons.merge(skipped.why(), 1L, Long::sum);
                            } else {
                                counted[3]++;
                                rejects.add(((SessionRowCheck.Rejected) result).reject());
                            }
                            if (counted[1] % 10_000 == 0) {
                                progress.reading("sessions", counted[1]);
                            }
                        });
                        finish(stage, "sessions");
                    }
                    sessionsRead = counted[1];
                    sessionsSkippedEarly = counted[2];
                    sessionsRejectedEarly = counted[3];
                    progress.reading("sessions", sessionsRead);
                }
            }
            userCheck.warnings().forEach((k, v) -> warnings.merge(k, v, Long::sum));
            sessionCheck.warnings().forEach((k, v) -> warnings.merge(k, v, Long::sum));

            Map<String, Long> userOutcomes = target.decideUsers(settings.duplicatePolicy);
            target.userRejects(rejects::add);
            long imported = userOutcomes.getOrDefault("imported", 0L);
            long updated = userOutcomes.getOrDefault("updated", 0L);
            long usersRejected = usersRead - userOutcomes.values().stream().mapToLong(Long::longValue).sum()
                    + userOutcomes.getOrDefault("rejected", 0L);
            if (!settings.dryRun) {
                long written = target.writeUsers(settings.batchSize, start, imported + updated, progress);
                if (written != imported + updated) {
                    throw new IllegalStateException("Wrote " + written + " users, but decided to write "
                            + (imported + updated));
                }
            }
            UserCounts users = new UserCounts(usersRead, imported, userOutcomes.getOrDefault("already", 0L), updated,
                    usersRejected);

            Optional<SessionCounts> sessions = Optional.empty();
            if (settings.withSessions) {
                Map<String, Long> sessionOutcomes = target.decideSessions(skipReasons);
                target.sessionRejects(rejects::add);
                long sessionsImported = sessionOutcomes.getOrDefault("imported", 0L);
                if (!settings.dryRun) {
                    target.writeSessions(settings.batchSize, sessionsImported, progress);
                }
                sessions = Optional.of(new SessionCounts(sessionsRead, sessionsImported,
                        sessionOutcomes.getOrDefault("already", 0L),
                        sessionsSkippedEarly + sessionOutcomes.getOrDefault("skipped", 0L),
                        sessionsRejectedEarly + sessionOutcomes.getOrDefault("rejected", 0L)));
            }
            skipReasons.forEach((k, v) -> warnings.merge("session skipped: " + k, v, Long::sum));
            return new ImportReport(users, sessions, rejects.reasons(), warnings, settings.dryRun);
        }
    }

    private static void stageUser(CopyStream stage, long seq, StagedUser user) {
        try {
            stage.number(seq).text(user.rawId()).text(user.id().toString()).text(user.realName()).text(user.email())
                    .text(user.email().toLowerCase(java.util.Locale.ROOT)).text(user.rawEmail())
                    .text(user.phoneNumber()).text(user.passwordHash()).bool(user.active()).time(user.createdAt())
                    .bytes(user.fingerprint()).bytes(user.passwordFingerprint()).endRow();
        } catch (SQLException e) {
            throw new ImportFailedException("The target failed while staging users: " + e.getMessage(), e);
        }
    }

    private static void stageSession(CopyStream stage, long seq, StagedSession session) {
        try {
            stage.number(seq).text(session.rawId()).text(session.userId().toString()).bytes(session.tokenHash())
                    .text(session.deviceName()).text(session.ipAddress()).text(session.userAgent())
                    .time(session.createdAt()).time(session.expiresAt()).endRow();
        } catch (SQLException e) {
            throw new ImportFailedException("The target failed while staging sessions: " + e.getMessage(), e);
        }
    }

    private static void finish(CopyStream stage, String table) {
        try {
            stage.finish();
        } catch (SQLException e) {
            throw new ImportFailedException("The target failed while staging " + table + ": " + e.getMessage(), e);
        }
    }

    private static void migrateSchema(ConnectionUrl target) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(target.jdbcUrl());
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("The target URL is not a PostgreSQL JDBC URL: " + target.redacted(), e);
        }
        target.user().ifPresent(dataSource::setUser);
        target.password().ifPresent(dataSource::setPassword);
        try {
            PostgresStorage.create(dataSource).schema().migrate();
        } catch (RuntimeException e) {
            throw TargetErrors.classify("Cannot create or upgrade Latchkey's schema on the target", target.redacted(),
                    e);
        }
    }

    /**
     * The settings of an import. Each setter checks its value at once; {@link #source} and
     * {@link #target} are required.
     */
    public static final class Builder {

        /** The default number of users written per transaction. */
        public static final int DEFAULT_BATCH_SIZE = 1000;

        private ImportSource source;
        private ConnectionUrl target;
        private boolean dryRun;
        private Path rejectFile;
        private ZoneId sourceZone = ZoneOffset.UTC;
        private DuplicateEmailPolicy duplicatePolicy = DuplicateEmailPolicy.REJECT;
        private boolean withSessions;
        private LegacyColumns columns = LegacyColumns.guide();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Clock clock = Clock.systemUTC();
        private ImportProgress progress = ImportProgress.NONE;

        private Builder() {
        }

        /** Where the legacy rows are read. */
        public Builder source(ImportSource value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /**
         * Latchkey's PostgreSQL: {@code postgresql://user:pass@host:5432/db} or
         * {@code jdbc:postgresql:…}.
         *
         * @throws InvalidImportException if the URL has neither form
         */
        public Builder target(String url) {
            this.target = ConnectionUrl.target(url, "--to");
            return this;
        }

        /** Whether to read and decide everything but write nothing to the target (default false). */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /** Where to list every rejected row, one JSON object a line (default: nowhere). */
        public Builder rejectFile(Path file) {
            this.rejectFile = file;
            return this;
        }

        /** The time zone legacy DATETIME values are in (default UTC). */
        public Builder sourceTimeZone(ZoneId zone) {
            this.sourceZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** What happens to rows whose emails are equal ignoring case (default: all rejected). */
        public Builder onDuplicateEmail(DuplicateEmailPolicy policy) {
            this.duplicatePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Whether to import the legacy refresh tokens too (default false). */
        public Builder withSessions(boolean value) {
            this.withSessions = value;
            return this;
        }

        /**
         * The legacy users table (default {@code users}), optionally {@code schema.table}.
         *
         * @throws InvalidImportException if the name is no plain SQL identifier
         */
        public Builder usersTable(String table) {
            this.columns = columns.withUsersTable(table);
            return this;
        }

        /**
         * Reads one of Latchkey's user fields from another legacy column: {@code id},
         * {@code real_name}, {@code email}, {@code phone_number}, {@code password_hash} (default
         * column {@code hashed_password}), {@code is_active} or {@code created_at}.
         *
         * @throws InvalidImportException for an unknown field or a name that is no plain SQL identifier
         */
        public Builder column(String latchkeyColumn, String legacyColumn) {
            this.columns = columns.with(latchkeyColumn, legacyColumn);
            return this;
        }

        /**
         * How many users each transaction writes (default {@value #DEFAULT_BATCH_SIZE}).
         *
         * @throws InvalidImportException unless from 1 to 100,000
         */
        public Builder batchSize(int value) {
            if (value < 1 || value > 100_000) {
                throw new InvalidImportException("--batch-size must be from 1 to 100000, was " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** The clock that says when the import starts (default: the system's). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Hears how far the import is (default: nobody). */
        public Builder progress(ImportProgress value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * The import.
         *
         * @throws InvalidImportException if the source or the target is missing
         */
        public UserImport build() {
            if (source == null) {
                throw new InvalidImportException("A source is required: --from SOURCE_URL or --from-dump FILE");
            }
            if (target == null) {
                throw new InvalidImportException("A target is required: --to TARGET_URL, or DATABASE_URL in the"
                        + " environment or .env");
            }
            Builder copy = new Builder();
            copy.source = source;
            copy.target = target;
            copy.dryRun = dryRun;
            copy.rejectFile = rejectFile;
            copy.sourceZone = sourceZone;
            copy.duplicatePolicy = duplicatePolicy;
            copy.withSessions = withSessions;
            copy.columns = columns;
            copy.batchSize = batchSize;
            copy.clock = clock;
            copy.progress = progress;
            return new UserImport(copy);
        }
    }
}
