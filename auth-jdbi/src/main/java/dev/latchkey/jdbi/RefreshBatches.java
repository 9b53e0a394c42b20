package dev.latchkey.jdbi;

import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * Refreshes that arrive while others are being written share one statement, and so one round trip
 * and one commit: group commit, done where the requests are. A refresh that finds a statement slot
 * free goes to the database at once, alone or with whatever has queued, so nothing waits for a batch
 * to fill; a refresh that arrives while every slot is busy queues and goes with the next statement.
 * At most {@code slots} statements are in flight, each with at most {@link #MAX_BATCH} refreshes.
 * The fewer the slots, the more refreshes share a statement under load: on two cores beside
 * PostgreSQL, one slot gave the most refreshes per second, two nearly as many, four and eight
 * fewer (benchmarks/README.md); two is the default, so that one statement waiting on a row lock
 * does not hold up every refresh.
 *
 * <p>Each refresh in a statement keeps its own conditions ({@link Usable}, the client's address,
 * for a rotation its successor) and its own outcome: the statement updates the rows whose conditions
 * hold and returns them, so one refresh's session being ended takes nothing from the others. Two
 * refreshes of the same token never share a statement (the second goes with a later one), so every
 * refresh sees the database as the refreshes before it left it, exactly as one statement each would.
 * A statement that fails fails every refresh in it, with the same exception; when the database did
 * not answer, so do the refreshes queued behind it, so that none waits twice as long for its 503.
 */
final class RefreshBatches {

    /** The most refreshes in one statement. */
    static final int MAX_BATCH = 64;

    /** The statements in flight at once, by default. */
    static final int DEFAULT_SLOTS = 2;

    /**
     * The refreshes' parameters, one row each with its ordinal {@code i}, and their sessions locked in
     * the order of their ids: every statement here takes its row locks in that one order, so two of
     * them never wait for each other in a cycle. Of a row another transaction changed meanwhile, the
     * lock sees the newest version, and the update that follows re-checks its conditions on it.
     *
     * <p>Each array is read through a sub-select so that the planner cannot see its length: planned
     * for the length at hand, every statement would be planned anew (custom plans look cheaper than
     * the generic plan for ten rows); this way the prepared statement keeps one generic plan.
     */
    private static final String LOCKED = """
            WITH b AS (
                SELECT i, hash, next, timestamptz 'epoch' + now_us * interval '1 microsecond' AS now,
                       timestamptz 'epoch' + cutoff_us * interval '1 microsecond' AS cutoff, CAST(ip AS inet) AS ip
                FROM unnest((SELECT CAST(:hash AS bytea[])), (SELECT CAST(:next AS bytea[])),
                            (SELECT CAST(:now AS bigint[])), (SELECT CAST(:cutoff AS bigint[])),
                            (SELECT CAST(:ip AS text[])))
                     WITH ORDINALITY AS t(hash, next, now_us, cutoff_us, ip, i)
            ), locked AS (
                SELECT s.id, b.i FROM refresh_tokens s JOIN b ON s.token_hash = b.hash ORDER BY s.id FOR UPDATE OF s
            )""";

    /** The {@link Usable} conditions and the user's, for the session {@code s} of the refresh {@code b}. */
    private static final String REFRESHABLE = """
            s.id = l.id AND b.i = l.i AND u.id = s.user_id AND u.is_active AND s.ended_at IS NULL
              AND s.expires_at > b.now AND s.last_used_at >= b.cutoff""";

    /** Records each usable session's use. */
    private static final String TOUCH = LOCKED + """

            UPDATE refresh_tokens s SET last_used_at = b.now, last_ip_address = b.ip
            FROM users u, locked l, b
            WHERE\s""" + REFRESHABLE + """

            RETURNING b.i, s.id, s.user_id, s.token_hash, s.device_name, host(s.ip_address) AS ip_address,
                      s.user_agent, s.created_at, s.last_used_at, host(s.last_ip_address) AS last_ip_address,
                      s.expires_at, s.ended_at, s.end_reason, u.roles AS user_roles, u.roles_version AS user_roles_version""";

    /** As {@link #TOUCH}, replacing each token with its successor and remembering the replaced one. */
    private static final String ROTATE = LOCKED + """
            , rotated AS (
                UPDATE refresh_tokens s SET token_hash = b.next, last_used_at = b.now, last_ip_address = b.ip
                FROM users u, locked l, b
                WHERE\s""" + REFRESHABLE + """

                RETURNING b.i, b.hash AS replaced_hash, b.now AS replaced_at, s.*,
                          u.roles AS user_roles, u.roles_version AS user_roles_version
            ), remembered AS (
                INSERT INTO refresh_token_replaced (token_hash, session_id, replaced_at)
                SELECT replaced_hash, id, replaced_at FROM rotated
            )
            SELECT i, id, user_id, token_hash, device_name, host(ip_address) AS ip_address, user_agent, created_at,
                   last_used_at, host(last_ip_address) AS last_ip_address, expires_at, ended_at, end_reason,
                   user_roles, user_roles_version
            FROM rotated""";

    private final Jdbi jdbi;
    private final int slotCount;
    private final Semaphore slots;
    private final ConcurrentLinkedDeque<Pending> queue = new ConcurrentLinkedDeque<>();

    RefreshBatches(Jdbi jdbi, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
        this.jdbi = jdbi;
        this.slotCount = slots;
        this.slots = new Semaphore(slots);
    }

    /** Refreshes waiting for a statement (for tests and monitoring; counts the queue). */
    int queued() {
        return queue.size();
    }

    /** Statements being written now. */
    int busySlots() {
        return slotCount - slots.availablePermits();
    }

    Optional<UsedSession> touch(RefreshTokenHash current, Usable usable, String ipAddress) {
        return submit(new Pending(current, null, usable, ipAddress));
    }

    Optional<UsedSession> rotate(RefreshTokenHash current, RefreshTokenHash next, Usable usable, String ipAddress) {
        return submit(new Pending(current, next, usable, ipAddress));
    }

    private Optional<UsedSession> submit(Pending pending) {
        queue.addLast(pending);
        boolean interrupted = false;
        while (!pending.done) {
            // Only a refresh still in the queue leads: one already taken waits for its statement.
            if (!pending.taken && slots.tryAcquire()) {
                try {
                    runOne();
                } finally {
                    slots.release();
                    // The refresh now first in line (if any) leads the next statement.
                    Pending next = queue.peekFirst();
                    if (next != null) {
                        LockSupport.unpark(next.owner);
                    }
                }
            } else {
                // Woken when the refresh is done, or when a slot is released and it is first in line
                // (after the queue was emptied, a slot was free again: look again before waiting).
                LockSupport.park(this);
                // The refresh is queued and will be written: an interrupt is kept for afterwards.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return Optional.ofNullable(pending.result);
    }

    /** Takes up to {@link #MAX_BATCH} queued refreshes, at most one per token, and writes them. */
    private void runOne() {
        Pending first = queue.pollFirst();
        if (first == null) {
            return;
        }
        first.taken = true;
        List<Pending> touches = new ArrayList<>();
        List<Pending> rotations = new ArrayList<>();
        (first.next == null ? touches : rotations).add(first);
        List<Pending> later = null;
        Set<RefreshTokenHash> hashes = null;
        Pending p;
        while (touches.size() + rotations.size() < MAX_BATCH && (p = queue.pollFirst()) != null) {
            p.taken = true;
            if (hashes == null) {
                hashes = new HashSet<>();
                hashes.add(first.current);
            }
            if (!hashes.add(p.current)) {
                if (later == null) {
                    later = new ArrayList<>();
                }
                later.add(p);
            } else {
                (p.next == null ? touches : rotations).add(p);
            }
        }
        if (later != null) {
            for (int i = later.size() - 1; i >= 0; i--) {
                Pending again = later.get(i);
                again.taken = false;
                queue.addFirst(again);
            }
        }
        try {
            write(touches, false);
            write(rotations, true);
        } catch (Error e) {
            // Nothing taken from the queue is left waiting: the error reaches each refresh.
            IllegalStateException failure = new IllegalStateException("Writing refreshes failed", e);
            complete(touches, failure);
            complete(rotations, failure);
            throw e;
        }
    }

    private void write(List<Pending> batch, boolean rotate) {
        if (batch.isEmpty()) {
            return;
        }
        Object[] hashes = batch.stream().map(q -> q.current.toBytes()).toArray(byte[][]::new);
        Object[] successors = batch.stream().map(q -> q.next == null ? null : q.next.toBytes()).toArray(byte[][]::new);
        Object[] nows = batch.stream().map(q -> micros(q.usable.now())).toArray(Long[]::new);
        Object[] cutoffs = batch.stream().map(q -> micros(Times.idleCutoff(q.usable.idleCutoff()).toInstant()))
                .toArray(Long[]::new);
        Object[] addresses = batch.stream().map(q -> q.ipAddress).toArray(String[]::new);
        List<Row> rows;
        try {
            // A statement locking several sessions in another order (which none of Latchkey's do)
            // can make PostgreSQL roll this one back whole: then it runs again as it is.
            rows = StorageErrors.callRetryingDeadlocks(() -> jdbi.withHandle(h -> h.createQuery(rotate ? ROTATE : TOUCH)
                    .bind("hash", array("bytea", hashes))
                    .bind("next", array("bytea", successors))
                    .bind("now", array("int8", nows))
                    .bind("cutoff", array("int8", cutoffs))
                    .bind("ip", array("text", addresses))
                    .map((rs, ctx) -> new Row(rs.getInt("i"), JdbiSessionRepository.used(rs, ctx)))
                    .list()));
        } catch (RuntimeException e) {
            complete(batch, e);
            if (e instanceof StorageUnavailableException) {
                // The database did not answer: the refreshes queued meanwhile get the same answer now,
                // rather than each waiting as long again for a statement of their own.
                List<Pending> queued = new ArrayList<>();
                for (Pending q; (q = queue.pollFirst()) != null; ) {
                    q.taken = true;
                    queued.add(q);
                }
                complete(queued, e);
            }
            return;
        }
        for (Row row : rows) {
            batch.get(row.ordinal - 1).result = row.used;
        }
        complete(batch, null);
    }

    private static void complete(List<Pending> batch, RuntimeException failure) {
        for (Pending q : batch) {
            if (q.done) {
                continue;
            }
            q.failure = failure;
            q.done = true;
            LockSupport.unpark(q.owner);
        }
    }

    private static Argument array(String type, Object[] elements) {
        return (position, statement, ctx) -> statement.setArray(position,
                statement.getConnection().createArrayOf(type, elements));
    }

    /** The instant in whole microseconds since the epoch, rounded as the driver rounds a bound timestamp. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), (instant.getNano() + 500) / 1_000);
    }

    private record Row(int ordinal, UsedSession used) {
    }

    /** One refresh waiting for its statement; its owner thread reads the outcome once {@code done}. */
    private static final class Pending {
        final RefreshTokenHash current;
        final RefreshTokenHash next;
        final Usable usable;
        final String ipAddress;
        final Thread owner = Thread.currentThread();
        UsedSession result;
        RuntimeException failure;
        /** Taken from the queue by a statement (and put back if it had to wait for a later one). */
        volatile boolean taken;
        volatile boolean done;

        Pending(RefreshTokenHash current, RefreshTokenHash next, Usable usable, String ipAddress) {
            this.current = current;
            this.next = next;
            this.usable = usable;
            this.ipAddress = ipAddress;
        }
    }
}
