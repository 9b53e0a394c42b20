package dev.latchkey.core;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * A password hash that another system wrote and Latchkey verifies but never writes: passlib's
 * {@code $pbkdf2-sha256$}, Django's {@code pbkdf2_sha256$}, and the PHC strings of
 * {@code $argon2id$} and {@code $argon2i$}. A match means the hash is outdated: the login
 * replaces it with Latchkey's own.
 *
 * <p>Parsing is strict and never throws: anything that is not exactly one of these forms, or that
 * asks for more work than a login may spend (see each form's bounds), is no hash at all and
 * matches no password. Refusals are logged, naming the scheme and the reason but never the hash.
 * Every hash that can match is at most 255 characters long.
 */
sealed interface LegacyHash permits Pbkdf2Sha256Hash, Argon2Hash {

    /** Where refused hashes are reported. */
    System.Logger LOG = System.getLogger("dev.latchkey.core.password");

    /** Whether the password matches, compared in constant time; false on any failure. */
    boolean matches(String password);

    /** Whether a stored hash claims one of the legacy schemes (it may still be malformed). */
    static boolean claims(String stored) {
        return stored.startsWith(Pbkdf2Sha256Hash.PASSLIB_PREFIX) || stored.startsWith(Pbkdf2Sha256Hash.DJANGO_PREFIX)
                || stored.startsWith(Argon2Hash.PREFIX);
    }

    /** The hash a stored string describes; empty for anything malformed, unknown or too costly. */
    static Optional<LegacyHash> parse(String stored) {
        if (stored.startsWith(Pbkdf2Sha256Hash.PASSLIB_PREFIX)) {
            return Pbkdf2Sha256Hash.parsePasslib(stored).map(LegacyHash.class::cast);
        }
        if (stored.startsWith(Pbkdf2Sha256Hash.DJANGO_PREFIX)) {
            return Pbkdf2Sha256Hash.parseDjango(stored).map(LegacyHash.class::cast);
        }
        if (stored.startsWith(Argon2Hash.PREFIX)) {
            return Argon2Hash.parse(stored).map(LegacyHash.class::cast);
        }
        return Optional.empty();
    }

    /** Logs why a stored hash will match no password, and returns empty for the caller to pass on. */
    static <T> Optional<T> refuse(String scheme, String why) {
        LOG.log(Level.WARNING, "A stored " + scheme + " password hash matches no password: " + why);
        return Optional.empty();
    }
}
