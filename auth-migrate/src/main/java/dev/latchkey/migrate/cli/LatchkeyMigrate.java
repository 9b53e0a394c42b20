package dev.latchkey.migrate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code latchkey-migrate} command: {@code java -jar latchkey-migrate.jar import-users …}.
 * Messages for people go to standard error; the summary lines are the last lines of standard output.
 * Exit status: 0 every row imported or already there, 1 some rows rejected, 2 usage or
 * configuration error, 3 a database could not be reached or failed on the way.
 */
@Command(name = "latchkey-migrate", mixinStandardHelpOptions = true, versionProvider = LatchkeyMigrate.Version.class,
        description = "Moves users and sessions from the backend Latchkey replaces into Latchkey's PostgreSQL.",
        subcommands = {ImportUsersCommand.class, CommandLine.HelpCommand.class})
public final class LatchkeyMigrate implements Runnable {

    /** Every row imported or already there. */
    public static final int OK = 0;
    /** Finished; some rows rejected. */
    public static final int REJECTED = 1;
    /** Usage or configuration error. */
    public static final int USAGE = 2;
    /** A database could not be reached or failed on the way. */
    public static final int FAILED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    LatchkeyMigrate() {
    }

    /** Runs the command with this process's arguments, environment and working directory, and exits. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int status = run(args, out, err, System.getenv(), Path.of(""), System.console() != null);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command and returns its exit status.
     *
     * @param environment the environment to find {@code DATABASE_URL} in
     * @param workingDirectory where {@code .env} is looked for
     * @param terminal whether standard error is a terminal (a progress bar) or not (a line every few seconds)
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment,
            Path workingDirectory, boolean terminal) {
        CommandLine commandLine = new CommandLine(new LatchkeyMigrate(), new Factory(environment, workingDirectory,
                terminal));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("latchkey-migrate: unexpected failure: " + e);
            e.printStackTrace(cmd.getErr());
            return FAILED;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: import-users");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LatchkeyMigrate.class.getPackage().getImplementationVersion();
            return new String[] {"latchkey-migrate " + (version == null ? "(development build)" : version)};
        }
    }

    /** Hands the subcommand what it must not look up globally. */
    private record Factory(Map<String, String> environment, Path workingDirectory, boolean terminal)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ImportUsersCommand.class) {
                return type.cast(new ImportUsersCommand(environment, workingDirectory, terminal));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
