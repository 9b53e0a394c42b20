package dev.latchkey.example.config;

import java.time.Duration;

/**
 * The guide's connection-pool settings ({@code pool_size}, {@code max_overflow},
 * {@code pool_recycle}), for a host to map onto its pool: at most {@code size + maxOverflow}
 * connections, {@code size} kept idle, each retired after {@code recycle}.
 *
 * @param size connections kept open ({@code DB_POOL_SIZE}, default 20)
 * @param maxOverflow extra connections under load ({@code DB_MAX_OVERFLOW}, default 30)
 * @param recycle the longest a connection is kept ({@code DB_POOL_RECYCLE}, default 3600 s)
 */
public record PoolSettings(int size, int maxOverflow, Duration recycle) {

    /** The guide's values. */
    public static final PoolSettings DEFAULTS = new PoolSettings(20, 30, Duration.ofSeconds(3600));

    /** Checks the ranges. */
    public PoolSettings {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        if (maxOverflow < 0) {
            throw new IllegalArgumentException("max overflow must not be negative, was " + maxOverflow);
        }
        if (recycle == null || recycle.isNegative() || recycle.isZero()) {
            throw new IllegalArgumentException("pool recycle must be positive, was " + recycle);
        }
    }

    /** The most connections the pool may open. */
    public int maxConnections() {
        return size + maxOverflow;
    }
}
