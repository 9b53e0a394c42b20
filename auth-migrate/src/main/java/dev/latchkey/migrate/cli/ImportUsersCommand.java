package dev.latchkey.migrate.cli;

import dev.latchkey.migrate.DuplicateEmailPolicy;
import dev.latchkey.migrate.ImportException;
import dev.latchkey.migrate.ImportFailedException;
import dev.latchkey.migrate.ImportReport;
import dev.latchkey.migrate.ImportSource;
import dev.latchkey.migrate.InvalidImportException;
import dev.latchkey.migrate.UserImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code import-users}: reads the legacy users (and sessions) and writes them into Latchkey's schema. */
@Command(name = "import-users", mixinStandardHelpOptions = true, versionProvider = LatchkeyMigrate.Version.class,
        sortOptions = false,
        description = {"Imports the legacy backend's users (and, with --with-sessions, their refresh tokens) into"
                + " Latchkey's PostgreSQL schema, which is created or upgraded first. Running it again changes"
                + " nothing that has not changed since; a run that failed half-way resumes.",
            "",
            "The last line of standard output is",
            "  users: read=R imported=I already=A updated=U rejected=X",
            "(and with --with-sessions one more line: sessions: read=R imported=I already=A skipped=S rejected=X).",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every row imported or already there", "1:finished; some rows rejected (see --reject-file)",
            "2:usage or configuration error", "3:a database could not be reached or failed on the way (re-run to"
                + " resume)"})
final class ImportUsersCommand implements Callable<Integer> {

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final boolean terminal;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private From from;

    /** Exactly one source. */
    static final class From {
        @Option(names = "--from", paramLabel = "SOURCE_URL", required = true,
                description = "The legacy database: mysql://user:pass@host:3306/db, mariadb://…, jdbc:mariadb:…,"
                        + " jdbc:mysql:…, postgresql://… or jdbc:postgresql:…")
        String url;

        @Option(names = "--from-dump", paramLabel = "FILE", required = true,
                description = "A mysqldump or mariadb-dump file of the legacy database, plain or .gz")
        Path dump;
    }

    @Option(names = "--to", paramLabel = "TARGET_URL",
            description = "Latchkey's PostgreSQL: postgresql://user:pass@host:5432/db or jdbc:postgresql:…"
                    + " (default: DATABASE_URL from the environment, else from .env)")
    private String to;

    @Option(names = "--dry-run", description = "Read and decide everything, write nothing to the target")
    private boolean dryRun;

    @Option(names = "--reject-file", paramLabel = "FILE",
            description = "Lists every rejected row, one JSON object a line")
    private Path rejectFile;

    @Option(names = "--source-time-zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "The time zone of the legacy DATETIME values (default: ${DEFAULT-VALUE})")
    private String sourceTimeZone;

    @Option(names = "--on-duplicate-email", paramLabel = "reject|keep-oldest|keep-newest", defaultValue = "reject",
            description = "Rows whose emails are equal ignoring case: all rejected, or the oldest or newest kept"
                    + " (default: ${DEFAULT-VALUE})")
    private String onDuplicateEmail;

    @Option(names = "--with-sessions", description = "Also import the legacy refresh tokens")
    private boolean withSessions;

    @Option(names = "--users-table", paramLabel = "NAME", description = "The legacy users table (default: users)")
    private String usersTable;

    @Option(names = "--column", paramLabel = "latchkey=legacy", mapFallbackValue = "",
            description = "Reads a Latchkey column from a differently named legacy column; repeatable."
                    + " Columns: id, real_name, email, phone_number, password_hash, is_active, created_at")
    private LinkedHashMap<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Users written per transaction (default: ${DEFAULT-VALUE})")
    private int batchSize;

    ImportUsersCommand(Map<String, String> environment, Path workingDirectory, boolean terminal) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UserImport.Builder builder;
        try {
            builder = configure();
        } catch (InvalidImportException e) {
            err.println("latchkey-migrate import-users: " + e.getMessage());
            err.println("Try 'latchkey-migrate import-users --help' for the options.");
            return LatchkeyMigrate.USAGE;
        }
        ConsoleProgress progress = new ConsoleProgress(err, terminal);
        ImportReport report;
        try {
            report = builder.progress(progress).build().run();
        } catch (InvalidImportException e) {
            progress.done();
            err.println("latchkey-migrate import-users: " + e.getMessage());
            return LatchkeyMigrate.USAGE;
        } catch (ImportFailedException e) {
            progress.done();
            err.println("latchkey-migrate import-users: " + e.getMessage());
            err.println("Batches written so far stay written; run the same command again to resume.");
            return LatchkeyMigrate.FAILED;
        } catch (ImportException e) {
            progress.done();
            err.println("latchkey-migrate import-users: " + e.getMessage());
            return LatchkeyMigrate.FAILED;
        }
        progress.done();
        report.warnings().forEach((kind, n) -> err.println("warning: " + n + " × " + kind));
        if (!report.rejectReasons().isEmpty()) {
            StringBuilder reasons = new StringBuilder("rejected:");
            report.rejectReasons().forEach((reason, n) -> reasons.append(' ').append(reason).append('=').append(n));
            err.println(reasons);
            err.println(rejectFile != null ? "Every rejected row is listed in " + rejectFile + "."
                    : "Add --reject-file FILE to list every rejected row.");
        }
        if (report.dryRun()) {
            out.println("dry run: nothing written");
        }
        report.summaryLines().forEach(out::println);
        out.flush();
        return report.anyRejected() ? LatchkeyMigrate.REJECTED : LatchkeyMigrate.OK;
    }

    private UserImport.Builder configure() {
        UserImport.Builder builder = UserImport.builder()
                .source(source())
                .target(target())
                .dryRun(dryRun)
                .rejectFile(rejectFile)
                .sourceTimeZone(zone())
                .onDuplicateEmail(policy())
                .withSessions(withSessions)
                .batchSize(batchSize);
        if (usersTable != null) {
            builder.usersTable(usersTable);
        }
        columns.forEach(builder::column);
        return builder;
    }

    private ImportSource source() {
        return from.dump != null ? ImportSource.dump(from.dump) : ImportSource.database(from.url);
    }

    private String target() {
        if (to != null) {
            return to;
        }
        String fromEnvironment = environment.get("DATABASE_URL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String fromDotEnv = DotEnv.read(workingDirectory.resolve(".env")).get("DATABASE_URL");
        if (fromDotEnv != null && !fromDotEnv.isBlank()) {
            return fromDotEnv;
        }
        throw new InvalidImportException("No target: give --to TARGET_URL, or set DATABASE_URL in the environment or"
                + " in .env");
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(sourceTimeZone);
        } catch (DateTimeException e) {
            throw new InvalidImportException("--source-time-zone must be a time zone such as UTC or Asia/Seoul, was '"
                    + sourceTimeZone + "'");
        }
    }

    private DuplicateEmailPolicy policy() {
        return switch (onDuplicateEmail.toLowerCase(Locale.ROOT)) {
            case "reject" -> DuplicateEmailPolicy.REJECT;
            case "keep-oldest" -> DuplicateEmailPolicy.KEEP_OLDEST;
            case "keep-newest" -> DuplicateEmailPolicy.KEEP_NEWEST;
            default -> throw new InvalidImportException("--on-duplicate-email must be reject, keep-oldest or"
                    + " keep-newest, was '" + onDuplicateEmail + "'");
        };
    }
}
