package dev.latchkey.core.mail;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends mail off the request thread and retries what fails: a failed send is logged and tried
 * again after a delay that doubles each time (by default 5 attempts, the first retry after 5 s),
 * then given up with an error in the log. A request never waits for a mail server and never fails
 * because of one. Close it on shutdown when it made its own threads.
 *
 * <pre>{@code
 * MailDelivery delivery = MailDelivery.builder(new SmtpMailSender(settings)).build();
 * }</pre>
 */
public final class MailDelivery implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.latchkey.core.mail");

    private final MailSender sender;
    private final int attempts;
    private final Duration firstRetryDelay;
    private final ScheduledExecutorService executor;
    private final boolean ownExecutor;
    private final Duration shutdownGrace;

    private MailDelivery(Builder b) {
        this.sender = b.sender;
        this.attempts = b.attempts;
        this.firstRetryDelay = b.firstRetryDelay;
        this.ownExecutor = b.executor == null;
        this.shutdownGrace = b.shutdownGrace;
        this.executor = ownExecutor ? daemonThreads() : b.executor;
    }

    /** A builder over the host's sender. */
    public static Builder builder(MailSender sender) {
        return new Builder(sender);
    }

    /** Sends {@code mail} on the delivery threads, retrying as configured; returns at once. */
    public void send(Mail mail) {
        Objects.requireNonNull(mail, "mail");
        execute(() -> attempt(mail, 1));
    }

    /**
     * Runs {@code job} on the delivery threads and returns at once: Latchkey prepares a mail there
     * (looks the user up, stores the token), so that a request does the same work whether or not
     * a mail goes out. A job that fails is logged.
     */
    public void execute(Runnable job) {
        Objects.requireNonNull(job, "job");
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "Preparing a mail failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.ERROR, "Mail delivery is shut down; a mail was not sent");
        }
    }

    private void attempt(Mail mail, int attempt) {
        try {
            sender.send(mail);
        } catch (MailSendException | RuntimeException e) {
            if (attempt >= attempts) {
                LOG.log(Level.ERROR, "Giving up sending " + mail + " after " + attempt + " attempts: " + e.getMessage(), e);
                return;
            }
            Duration delay = firstRetryDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
            LOG.log(Level.WARNING, "Sending " + mail + " failed (attempt " + attempt + " of " + attempts
                    + "), retrying in " + delay.toMillis() + " ms: " + e.getMessage());
            try {
                executor.schedule(() -> attempt(mail, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                LOG.log(Level.ERROR, "Mail delivery is shut down; " + mail + " was not sent");
            }
        }
    }

    /**
     * Stops the threads it made (a host's own executor is left alone): mails waiting to be sent are
     * still sent, for up to the shutdown grace (default 10 s); retries due later, and whatever the
     * grace did not cover, are given up and counted in the log, never dropped silently.
     */
    @Override
    public void close() {
        if (!ownExecutor) {
            return;
        }
        ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) executor;
        long laterRetries = pool.getQueue().stream()
                .filter(job -> job instanceof Delayed delayed && delayed.getDelay(TimeUnit.MILLISECONDS) > 0).count();
        pool.shutdown();
        long unsent = laterRetries;
        try {
            if (!pool.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                unsent += pool.shutdownNow().size() + pool.getActiveCount();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unsent += pool.shutdownNow().size();
        }
        if (unsent > 0) {
            LOG.log(Level.ERROR, "Mail delivery closed with " + unsent + " mail(s) or retries not done: those mails"
                    + " were not sent (a user may ask for the link again)");
        }
    }

    private static ScheduledExecutorService daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, job -> {
            Thread thread = new Thread(job, "latchkey-mail-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        // On close, a retry due later is given up (and counted) rather than waited for.
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return pool;
    }

    /** Builds a {@link MailDelivery}. */
    public static final class Builder {
        private final MailSender sender;
        private int attempts = 5;
        private Duration firstRetryDelay = Duration.ofSeconds(5);
        private ScheduledExecutorService executor;
        private Duration shutdownGrace = Duration.ofSeconds(10);

        private Builder(MailSender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
        }

        /** How many times a mail is tried in all, from 1 to 20 (default 5). */
        public Builder attempts(int value) {
            if (value < 1 || value > 20) {
                throw new IllegalArgumentException("attempts must be from 1 to 20, was " + value);
            }
            this.attempts = value;
            return this;
        }

        /** The delay before the first retry, doubling for each next one, from 1 ms to 1 hour (default 5 s). */
        public Builder firstRetryDelay(Duration value) {
            Objects.requireNonNull(value, "firstRetryDelay");
            if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("firstRetryDelay must be from 1 ms to 1 hour, was " + value);
            }
            this.firstRetryDelay = value;
            return this;
        }

        /**
         * How long {@link #close()} lets the mails waiting to be sent go out, from 0 to 5 minutes
         * (default 10 s).
         */
        public Builder shutdownGrace(Duration value) {
            Objects.requireNonNull(value, "shutdownGrace");
            if (value.isNegative() || value.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("shutdownGrace must be from 0 to 5 minutes, was " + value);
            }
            this.shutdownGrace = value;
            return this;
        }

        /** The threads to send on (default: two daemon threads of its own). */
        public Builder executor(ScheduledExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** The delivery. */
        public MailDelivery build() {
            return new MailDelivery(this);
        }
    }
}
