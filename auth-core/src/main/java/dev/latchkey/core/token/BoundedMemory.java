package dev.latchkey.core.token;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A map of at most {@code capacity} entries that forgets the oldest entry first, one at a time:
 * there is no moment when it forgets everything at once. Reads take no lock. For the verifier's
 * memories, where the oldest token is also the first to expire (every token of a service lives as
 * long), so forgetting the oldest keeps those still in use.
 *
 * @param <V> what is remembered
 */
final class BoundedMemory<V> {

    private final int capacity;
    private final ConcurrentHashMap<String, V> entries = new ConcurrentHashMap<>();
    /** The keys in the order they were first put; each key of {@code entries} exactly once. */
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    BoundedMemory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The value remembered for {@code key}, or null. */
    V get(String key) {
        return key == null ? null : entries.get(key);
    }

    /** Remembers a value, unless one is remembered for the key already; then forgets the oldest beyond capacity. */
    void put(String key, V value) {
        if (entries.putIfAbsent(key, value) != null) {
            return;
        }
        order.add(key);
        if (size.incrementAndGet() > capacity) {
            forgetOldest();
        }
    }

    /** How many entries are remembered. */
    int size() {
        return size.get();
    }

    private void forgetOldest() {
        while (size.get() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                return;
            }
            if (entries.remove(oldest) != null) {
                size.decrementAndGet();
            }
        }
    }
}
