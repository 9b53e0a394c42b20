package dev.latchkey.example;

import dev.latchkey.example.config.DotEnv;
import dev.latchkey.example.config.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the example bounds slow and greedy clients. The servlets read request bodies with blocking
 * reads, so a client that sends its body slowly holds a request thread for as long as it likes
 * unless the container cuts it; these bounds do:
 *
 * @param minRequestDataRate {@code MIN_REQUEST_DATA_RATE}: the bytes per second a request body must
 *     arrive at, on average since the servlet first had to wait for it; slower, and the read fails
 * @param idleTimeout {@code IDLE_TIMEOUT_SECONDS}: the longest a connection may send nothing, in the
 *     middle of a request (a stalled body or header) or between requests
 * @param maxConnectionsPerAddress {@code MAX_CONNECTIONS_PER_ADDRESS}: the open connections one client
 *     address may have; a further one is closed as soon as it is accepted
 */
record ClientLimits(long minRequestDataRate, Duration idleTimeout, int maxConnectionsPerAddress) {

    /** 512 B/s, 10 s, 32 connections: see the examples README for why. */
    static final ClientLimits DEFAULTS = new ClientLimits(512, Duration.ofSeconds(10), 32);

    ClientLimits {
        if (minRequestDataRate < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("limits must be positive: " + minRequestDataRate + " B/s, "
                    + idleTimeout + ", " + maxConnectionsPerAddress + " connections");
        }
    }

    /** Reads this process's environment and {@code .env} in the working directory, as the guide's settings are read. */
    static ClientLimits load() {
        return load(System.getenv(), DotEnv.read(Path.of(".env")));
    }

    /**
     * Reads the given variables, {@code environment} winning over {@code dotEnv}; unset or empty ones keep their default.
     *
     * @throws InvalidConfigurationException naming the variable if a value is bad
     */
    static ClientLimits load(Map<String, String> environment, Map<String, String> dotEnv) {
        Map<String, String> merged = Variables.merge(environment, dotEnv);
        long rate = number(merged, "MIN_REQUEST_DATA_RATE", "a whole number of bytes per second from 1 to 1048576",
                DEFAULTS.minRequestDataRate(), 1, 1_048_576);
        long idle = number(merged, "IDLE_TIMEOUT_SECONDS", "a whole number of seconds from 1 to 3600",
                DEFAULTS.idleTimeout().toSeconds(), 1, 3600);
        long perAddress = number(merged, "MAX_CONNECTIONS_PER_ADDRESS", "a whole number from 1 to 100000",
                DEFAULTS.maxConnectionsPerAddress(), 1, 100_000);
        return new ClientLimits(rate, Duration.ofSeconds(idle), (int) perAddress);
    }

    private static long number(Map<String, String> variables, String name, String expected, long fallback, long min,
            long max) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new InvalidConfigurationException(name + " must be " + expected + ", was '" + value.strip() + "'");
        }
        return n;
    }

    /** For the start-up line. */
    String summary() {
        return "limits: bodies at least " + minRequestDataRate + " B/s, idle " + idleTimeout.toSeconds() + " s, "
                + maxConnectionsPerAddress + " connections per address";
    }
}
