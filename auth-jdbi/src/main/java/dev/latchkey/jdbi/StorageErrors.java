package dev.latchkey.jdbi;

import dev.latchkey.core.StorageUnavailableException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns Jdbi's and the driver's exceptions into auth-core's: nothing from JDBC crosses the module
 * boundary. A data or integrity error (SQLSTATE classes 22 and 23) is a bug in the caller and
 * becomes an {@link IllegalStateException}; everything else — refused or broken connections,
 * time-outs, cancellations, shutdowns, serialisation failures — means the store is unavailable.
 */
final class StorageErrors {

    /** How often a statement chosen as a deadlock's victim runs before the failure is reported. */
    static final int DEADLOCK_ATTEMPTS = 3;

    private StorageErrors() {
    }

    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /**
     * As {@link #call}, running the work again (up to {@value #DEADLOCK_ATTEMPTS} times in all) when
     * PostgreSQL rolled it back to break a deadlock: for a single statement, which a deadlock
     * rolls back whole and which may simply run again.
     */
    static <T> T callRetryingDeadlocks(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (JdbiException e) {
                if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
                    throw translate(e);
                }
            }
        }
    }

    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    static RuntimeException translate(JdbiException e) {
        Optional<SQLException> sql = sqlException(e);
        String state = sql.map(SQLException::getSQLState).orElse(null);
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return new IllegalStateException("The database refused a write from Latchkey: " + state, e);
        }
        return new StorageUnavailableException("The database is unavailable"
                + (state == null ? "" : " (SQLSTATE " + state + ")"), e);
    }

    /** Whether the statement gave up waiting for a lock ({@code lock_timeout}, SQLSTATE 55P03). */
    static boolean isLockTimeout(JdbiException e) {
        return sqlException(e).map(SQLException::getSQLState).filter("55P03"::equals).isPresent();
    }

    /** Whether PostgreSQL rolled the statement back to break a deadlock (SQLSTATE 40P01). */
    static boolean isDeadlock(JdbiException e) {
        return sqlException(e).map(SQLException::getSQLState).filter("40P01"::equals).isPresent();
    }

    /** Whether the failure is a unique violation of the named constraint or index. */
    static boolean isUniqueViolation(JdbiException e, String constraint) {
        return sqlException(e)
                .filter(s -> "23505".equals(s.getSQLState()))
                .filter(PSQLException.class::isInstance)
                .map(s -> ((PSQLException) s).getServerErrorMessage())
                .map(ServerErrorMessage::getConstraint)
                .filter(constraint::equals)
                .isPresent();
    }

    private static Optional<SQLException> sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
