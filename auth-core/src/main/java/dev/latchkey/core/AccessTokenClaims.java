package dev.latchkey.core;

import java.util.Map;
import java.util.Set;

/**
 * Claims a host adds to every access token, on login and on every refresh. Keep it fast and free of
 * I/O where possible: it runs on the request path. The names must not be one of those Latchkey
 * writes itself ({@link #RESERVED}); the values must be JSON: {@code String}, {@code Boolean}, a
 * {@code Number}, {@code List} or {@code Map} with string keys of those, or null. A provider that
 * breaks these rules, or throws, fails the login or refresh with an {@link IllegalStateException}:
 * it is a bug of the host, not of the client.
 *
 * <p>Added claims are signed, not encrypted: anyone holding the token can read them. They are
 * fixed when the token is issued; a change reaches the client with its next refresh.
 */
@FunctionalInterface
public interface AccessTokenClaims {

    /** Adds nothing. */
    AccessTokenClaims NONE = (userId, roles) -> Map.of();

    /** The claim names Latchkey writes, which a provider may not use. */
    Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "sid", "roles", "rv");

    /**
     * The claims to add for a user.
     *
     * @param userId the user the token is for
     * @param roles the roles the token carries
     * @return claim names and values, never null
     */
    Map<String, ?> claims(UserId userId, Set<String> roles);
}
