package dev.latchkey.migrate.cli;

import dev.latchkey.migrate.ImportProgress;
import java.io.PrintWriter;

/** Progress on standard error: a bar redrawn in place on a terminal, else a line every few seconds. */
final class ConsoleProgress implements ImportProgress {

    private static final long LINE_EVERY_NANOS = 3_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine = System.nanoTime();
    private boolean barShown;

    ConsoleProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void reading(String table, long rows) {
        if (terminal) {
            err.print("\rreading " + table + ": " + rows + " rows checked");
            err.flush();
            barShown = true;
        } else if (due()) {
            err.println("reading " + table + ": " + rows + " rows checked");
        }
    }

    @Override
    public void writing(String table, long done, long total) {
        if (terminal) {
            int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * done / total);
            err.print("\rwriting " + table + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + done
                    + "/" + total + "   ");
            err.flush();
            barShown = true;
        } else if (due() || done == total) {
            err.println("writing " + table + ": " + done + " of " + total);
        }
    }

    /** Ends the bar's line. */
    void done() {
        if (barShown) {
            err.println();
            barShown = false;
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (now - lastLine >= LINE_EVERY_NANOS) {
            lastLine = now;
            return true;
        }
        return false;
    }
}
