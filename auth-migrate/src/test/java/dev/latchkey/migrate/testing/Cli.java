package dev.latchkey.migrate.testing;

import dev.latchkey.migrate.cli.LatchkeyMigrate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the command in this JVM, as {@code java -jar latchkey-migrate.jar} would, capturing its output. */
public final class Cli {

    /** What a run printed and returned. */
    public record Result(int exit, String out, String err) {
        /** Standard output's lines. */
        public List<String> outLines() {
            return out.lines().toList();
        }

        /** Standard output's last line. */
        public String lastLine() {
            List<String> lines = outLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Runs with an empty environment in the current directory. */
    public static Result run(String... args) {
        return run(Map.of(), Path.of("."), args);
    }

    /** Runs with the given environment, {@code .env} looked for in {@code directory}. */
    public static Result run(Map<String, String> environment, Path directory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LatchkeyMigrate.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment,
                directory, false);
        return new Result(exit, out.toString(), err.toString());
    }
}
