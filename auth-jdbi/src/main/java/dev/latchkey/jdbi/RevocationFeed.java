package dev.latchkey.jdbi;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Tells this node's verifier which sessions other nodes ended. One background thread holds one
 * connection that {@code LISTEN}s on {@code latchkey_sessions_ended} (a trigger notifies on every
 * statement that ends sessions) and calls {@link Latchkey#syncEndedSessions()} when notified, and
 * at least every {@code pollInterval} in any case, so that a lost notification or a reconnect
 * misses nothing.
 *
 * <p><b>Delay.</b> Another node's logout is refused here typically within milliseconds of its
 * commit (the notification), and at the latest one {@code pollInterval} later; while the database
 * is unreachable, until one {@code pollInterval} after it returns.
 */
public final class RevocationFeed implements AutoCloseable {

    /** The notification channel. */
    public static final String CHANNEL = "latchkey_sessions_ended";

    private static final System.Logger LOG = System.getLogger(RevocationFeed.class.getName());

    private final DataSource dataSource;
    private final Latchkey latchkey;
    private final Duration pollInterval;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    private RevocationFeed(DataSource dataSource, Latchkey latchkey, Duration pollInterval) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
        if (pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 100 ms, was " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.thread = new Thread(this::run, "latchkey-revocation-feed");
        this.thread.setDaemon(true);
    }

    /** Starts a feed; {@link #close()} stops it. */
    static RevocationFeed start(DataSource dataSource, Latchkey latchkey, Duration pollInterval) {
        RevocationFeed feed = new RevocationFeed(dataSource, latchkey, pollInterval);
        feed.thread.start();
        return feed;
    }

    /** The longest a session ended elsewhere can go unnoticed here while the database is up. */
    public Duration pollInterval() {
        return pollInterval;
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoffMillis = 100;
                latchkey.syncEndedSessions();
                while (running) {
                    pg.getNotifications((int) pollInterval.toMillis());
                    if (running) {
                        latchkey.syncEndedSessions();
                    }
                }
            } catch (SQLException | LatchkeyException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "Revocation feed lost its connection; retrying: " + e.getMessage());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, pollInterval.toMillis());
            } finally {
                connection = null;
            }
        }
    }

    private void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread and releases its connection. */
    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                // Not close(): a pool's close() waits for the lock the thread holds while it waits for
                // notifications, up to a whole poll interval. abort() drops the socket at once; the
                // thread then closes the connection, and a pool discards it.
                c.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "Aborting the feed's connection failed", e);
            }
        }
        thread.interrupt();
        try {
            thread.join(pollInterval.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
