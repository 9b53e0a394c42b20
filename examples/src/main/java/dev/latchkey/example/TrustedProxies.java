package dev.latchkey.example;

import dev.latchkey.example.config.DotEnv;
import dev.latchkey.example.config.InvalidConfigurationException;
import dev.latchkey.servlet.LatchkeyServlet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code TRUSTED_PROXIES}: the reverse proxies (addresses or CIDR blocks, comma-separated) whose
 * {@code Forwarded} or {@code X-Forwarded-For} header names the client, for LatchkeyServlet's
 * {@code trustedProxies}. None by default, so those headers are ignored and the client is the
 * socket's peer: a client cannot choose the address its sessions record and its logins are
 * throttled under.
 *
 * @param entries the addresses and blocks, as written
 */
record TrustedProxies(List<String> entries) {

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    TrustedProxies {
        entries = List.copyOf(entries);
    }

    /** Reads this process's environment and {@code .env} in the working directory, as the guide's settings are read. */
    static TrustedProxies load() {
        return load(System.getenv(), DotEnv.read(Path.of(".env")));
    }

    /**
     * Reads {@code TRUSTED_PROXIES}, {@code environment} winning over {@code dotEnv}; unset or empty means none.
     *
     * @throws InvalidConfigurationException naming the variable if an entry is not an address or a CIDR block
     */
    static TrustedProxies load(Map<String, String> environment, Map<String, String> dotEnv) {
        String value = Variables.merge(environment, dotEnv).get("TRUSTED_PROXIES");
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            try {
                LatchkeyServlet.checkTrustedProxies(entry.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("TRUSTED_PROXIES must be IP addresses or CIDR blocks "
                        + "separated by commas (such as 10.0.0.0/8,192.0.2.7), was '" + value.strip() + "': '"
                        + entry.strip() + "' is neither");
            }
            entries.add(entry.strip());
        }
        return new TrustedProxies(entries);
    }

    /** For the start-up line: empty when no proxy is trusted. */
    String summary() {
        return entries.isEmpty() ? "" : "trusted proxies: " + String.join(", ", entries);
    }
}
