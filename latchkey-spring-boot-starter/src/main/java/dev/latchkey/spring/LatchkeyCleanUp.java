package dev.latchkey.spring;

import dev.latchkey.core.Latchkey;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes, on a thread of its own, sessions that expired or were ended long enough ago, throttle
 * records whose attempts have all left their window and expired reset and verification links, in
 * small batches; stops when closed.
 */
public final class LatchkeyCleanUp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LatchkeyCleanUp.class.getName());

    private final ScheduledExecutorService executor;

    /** Starts the clean-up: first after one {@code interval}, then every {@code interval}. */
    public LatchkeyCleanUp(Latchkey latchkey, Duration interval, Duration keepFinishedSessions) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("latchkey.clean-up-interval must be positive, was " + interval);
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-clean-up");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                latchkey.cleanUp(keepFinishedSessions);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Latchkey clean-up failed (tried again in " + interval + "): " + e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the clean-up; a run under way is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
