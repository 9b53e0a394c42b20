package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.throttle.AttemptWindow;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link LoginThrottle} on the {@code login_throttle} table, shared by every node of a service. Each
 * acquisition is one transaction that creates the keys' rows if needed, locks them in key order
 * (so racing acquisitions on overlapping keys queue instead of deadlocking), applies
 * {@link AttemptWindow} and writes the new records: of any number of racing nodes, at most a
 * policy's number of attempts succeed.
 */
final class JdbiLoginThrottle implements LoginThrottle {

    private final Jdbi jdbi;

    JdbiLoginThrottle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now) {
        Map<String, ThrottleKey> byName = inKeyOrder(keys);
        return call(() -> jdbi.inTransaction(h -> {
            Map<String, List<Instant>> records = lock(h, byName.keySet(), now);
            Duration longest = Duration.ZERO;
            for (ThrottleKey key : byName.values()) {
                Duration wait = AttemptWindow.waitBeforeNext(records.get(key.name()), key.policy(), now);
                if (wait.compareTo(longest) > 0) {
                    longest = wait;
                }
            }
            if (!longest.isZero()) {
                return Optional.of(longest);
            }
            Map<String, List<Instant>> next = new LinkedHashMap<>();
            for (ThrottleKey key : byName.values()) {
                next.put(key.name(), AttemptWindow.plus(records.get(key.name()), key.policy(), now));
            }
            write(h, next, byName, now);
            return Optional.<Duration>empty();
        }));
    }

    @Override
    public void release(List<ThrottleKey> keys, Instant acquiredAt) {
        Map<String, ThrottleKey> byName = inKeyOrder(keys);
        StorageErrors.run(() -> jdbi.useTransaction(h -> {
            Map<String, List<Instant>> records = lock(h, byName.keySet(), null);
            Map<String, List<Instant>> next = new LinkedHashMap<>();
            records.forEach((name, attempts) -> next.put(name, AttemptWindow.minus(attempts, acquiredAt)));
            write(h, next, byName, acquiredAt);
        }));
    }

    @Override
    public void reset(ThrottleKey key) {
        StorageErrors.run(() -> jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_throttle WHERE key = :key")
                .bind("key", key.name())
                .execute()));
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

    /** The keys by name, in the order rows are created and locked. */
    private static Map<String, ThrottleKey> inKeyOrder(List<ThrottleKey> keys) {
        Map<String, ThrottleKey> byName = new LinkedHashMap<>();
        keys.stream().sorted(Comparator.comparing(ThrottleKey::name)).forEach(k -> byName.putIfAbsent(k.name(), k));
        return byName;
    }

    /**
     * Locks the keys' rows in key order and returns their attempts; with {@code createAt}, first
     * creates the missing rows (empty), so that there is a row to lock.
     */
    private static Map<String, List<Instant>> lock(Handle h, Set<String> names, Instant createAt) {
        List<String> ordered = new ArrayList<>(names);
        if (createAt != null) {
            h.createUpdate("""
                            INSERT INTO login_throttle (key, attempts, forget_after)
                            SELECT k, '{}', :now FROM unnest(CAST(:keys AS text[])) WITH ORDINALITY AS t(k, n)
                            ORDER BY n
                            ON CONFLICT (key) DO NOTHING""")
                    .bindArray("keys", String.class, ordered)
                    .bind("now", Times.bindable(createAt))
                    .execute();
        }
        Map<String, List<Instant>> records = new HashMap<>();
        for (String name : ordered) {
            records.put(name, List.of());
        }
        h.createQuery("""
                        SELECT key, attempts FROM login_throttle WHERE key = ANY(CAST(:keys AS text[]))
                        ORDER BY key COLLATE "C" FOR UPDATE""")
                .bindArray("keys", String.class, ordered)
                .map((rs, ctx) -> Map.entry(rs.getString("key"), instants(rs.getArray("attempts"))))
                .forEach(e -> records.put(e.getKey(), e.getValue()));
        return records;
    }

    private static void write(Handle h, Map<String, List<Instant>> next, Map<String, ThrottleKey> byName,
            Instant now) {
        PreparedBatch batch = h.prepareBatch("""
                UPDATE login_throttle SET attempts = CAST(CAST(:attempts AS text[]) AS timestamptz[]),
                                          forget_after = :forgetAfter
                WHERE key = :key""");
        next.forEach((name, attempts) -> {
            Instant forget = AttemptWindow.forgettableAt(attempts, byName.get(name).policy());
            batch.bind("key", name)
                    .bindArray("attempts", String.class, attempts.stream().map(Instant::toString).toList())
                    .bind("forgetAfter", Times.bindable(forget.equals(Instant.MIN) ? now : forget))
                    .add();
        });
        batch.execute();
    }

    private static List<Instant> instants(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Timestamp[] values = (Timestamp[]) array.getArray();
        List<Instant> instants = new ArrayList<>(values.length);
        for (Timestamp value : values) {
            instants.add(value.toInstant());
        }
        return List.copyOf(instants);
    }
}
