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

/**
 * {@link LoginThrottle} on the {@code login_throttle} table, shared by every node of a service. An
 * acquisition is one call of the schema's {@code latchkey_throttle_acquire} function, which takes
 * its keys' advisory locks in one global order, creates the keys' rows if needed, applies
 * {@link AttemptWindow}'s rule and writes the new records, all inside the database: of any number of
 * racing nodes, at most a policy's number of attempts succeed, and no row stays locked while an
 * application server waits for a processor. Releases and resets take their key's lock too, so
 * racing logins queue and never deadlock.
 */
final class JdbiLoginThrottle implements LoginThrottle {

    private final Jdbi jdbi;

    JdbiLoginThrottle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now) {
        List<ThrottleKey> ordered = inKeyOrder(keys);
        Long wait = call(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT latchkey_throttle_acquire(CAST(:keys AS text[]), CAST(:maxAttempts AS integer[]),
                                                         CAST(:windows AS bigint[]), :at)""")
                .bindArray("keys", String.class, ordered.stream().map(ThrottleKey::name).toList())
                .bindArray("maxAttempts", Integer.class, ordered.stream().map(k -> k.policy().maxAttempts()).toList())
                .bindArray("windows", Long.class, ordered.stream()
                        .map(k -> k.policy().window().truncatedTo(ChronoUnit.MICROS).toNanos() / 1000).toList())
                .bind("at", Times.bindable(now))
                .mapTo(Long.class)
                .one()));
        return wait == null ? Optional.empty() : Optional.of(Duration.of(wait, ChronoUnit.MICROS));
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
