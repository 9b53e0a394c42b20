package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.throttle.AttemptWindow;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link LoginThrottle} on the {@code login_throttle} table, shared by every node of a service. An
 * acquisition is one call of the schema's {@code latchkey_throttle_acquire} function, which takes
 * its keys' advisory locks in one global order, creates the keys' rows if needed, applies
 * {@link AttemptWindow}'s rule and writes the new records, all inside the database: of any number of
 * racing nodes, at most a policy's number of attempts succeed, and no row stays locked while an
 * application server waits for a processor. Releases and resets take their key's lock too, so
 * racing logins queue and never deadlock. An acquisition that cannot have its locks within
 * {@link #LOCK_WAIT} — its key is under a burst — is refused for a second, as a throttled one is.
 */
final class JdbiLoginThrottle implements LoginThrottle {

    /**
     * The longest an acquisition waits for its keys' locks, below the shortest query time-out
     * (1 s). Attempts queue on a key only when many arrive at once; one that waits longer is refused
     * for {@link #BUSY_RETRY} rather than failed as a store error when processors are starved.
     */
    static final Duration LOCK_WAIT = Duration.ofMillis(500);

    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final Jdbi jdbi;

    JdbiLoginThrottle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now) {
        List<ThrottleKey> ordered = inKeyOrder(keys);
        try {
            // One statement in its own transaction, so the locks go when it ends; set_config runs
            // first (a volatile function keeps its subquery from being merged) and only for it.
            Long wait = jdbi.withHandle(h -> h.createQuery("""
                            SELECT latchkey_throttle_acquire(CAST(:keys AS text[]), CAST(:maxAttempts AS integer[]),
                                                             CAST(:windows AS bigint[]), :at)
                            FROM (SELECT set_config('lock_timeout', :lockWait, true)) AS lock_wait""")
                    .bindArray("keys", String.class, ordered.stream().map(ThrottleKey::name).toList())
                    .bindArray("maxAttempts", Integer.class, ordered.stream().map(k -> k.policy().maxAttempts()).toList())
                    .bindArray("windows", Long.class, ordered.stream()
                            .map(k -> k.policy().window().truncatedTo(ChronoUnit.MICROS).toNanos() / 1000).toList())
                    .bind("at", Times.bindable(now))
                    .bind("lockWait", LOCK_WAIT.toMillis() + "ms")
                    .mapTo(Long.class)
                    .one());
            return wait == null ? Optional.empty() : Optional.of(Duration.of(wait, ChronoUnit.MICROS));
        } catch (JdbiException e) {
            if (StorageErrors.isLockTimeout(e)) {
                // So many attempts queue on one key that it is under a burst: refuse this one briefly.
                return Optional.of(BUSY_RETRY);
            }
            throw StorageErrors.translate(e);
        }
    }

    @Override
    public void release(List<ThrottleKey> keys, Instant acquiredAt) {
        // Key by key, each one call: giving back need not be atomic across keys.
        for (ThrottleKey key : inKeyOrder(keys)) {
            StorageErrors.run(() -> jdbi.useHandle(h -> h.createQuery("SELECT latchkey_throttle_release(:key, :at)")
                    .bind("key", key.name())
                    .bind("at", Times.bindable(acquiredAt))
                    .mapTo(String.class)
                    .one()));
        }
    }

    @Override
    public void reset(ThrottleKey key) {
        StorageErrors.run(() -> jdbi.useHandle(h -> h.createQuery("SELECT latchkey_throttle_reset(:key)")
                .bind("key", key.name())
                .mapTo(String.class)
                .one()));
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        // A bounded batch; rows another transaction holds are left for the next call.
        return call(() -> jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM login_throttle WHERE key IN (
                            SELECT key FROM login_throttle WHERE forget_after <= :now
                            LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .bind("now", Times.bindable(now))
                .bind("limit", limit)
                .execute()));
    }

    /** The keys, one per name, in the order the function creates and locks their rows. */
    private static List<ThrottleKey> inKeyOrder(List<ThrottleKey> keys) {
        Map<String, ThrottleKey> byName = new LinkedHashMap<>();
        keys.stream().sorted(Comparator.comparing(ThrottleKey::name)).forEach(k -> byName.putIfAbsent(k.name(), k));
        return List.copyOf(byName.values());
    }
}
