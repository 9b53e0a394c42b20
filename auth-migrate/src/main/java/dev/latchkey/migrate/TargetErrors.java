package dev.latchkey.migrate;

import java.sql.SQLException;

/**
 * Tells a target that cannot work from one that failed for a while. Bad credentials, a database
 * that does not exist, missing rights or a {@code users} table that is not Latchkey's are not
 * helped by running again: they are configuration errors (status 2), with a message that says what
 * to fix. Anything else — refused or broken connections, time-outs — may pass, and a re-run
 * resumes (status 3).
 */
final class TargetErrors {

    private TargetErrors() {
    }

    static ImportException classify(String what, String target, Throwable failure) {
        String state = sqlState(failure);
        String problem = state == null ? null : switch (state.substring(0, 2)) {
            case "28" -> "the target refused the user and password of " + target + " (SQLSTATE " + state + ")";
            case "3D" -> "the database named in " + target + " does not exist (SQLSTATE " + state + "); create it first";
            case "42" -> state.equals("42501")
                    ? "the target's user may not create or change tables in " + target + " (SQLSTATE 42501)"
                    : "the target " + target + " has tables that are not Latchkey's (SQLSTATE " + state + ": "
                            + firstLine(failure) + "); import into a database of its own or one Latchkey made";
            default -> null;
        };
        if (problem != null) {
            return new InvalidImportException(what + ": " + problem, failure);
        }
        return new ImportFailedException(what + " " + target + ": " + firstLine(failure)
                + "; run the same command again once it answers", failure);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String firstLine(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                return sql.getMessage().lines().findFirst().orElse("");
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
