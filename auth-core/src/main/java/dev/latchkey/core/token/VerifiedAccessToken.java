package dev.latchkey.core.token;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An access token that passed every check: who presented it, through which session, and what it
 * says the user may do.
 *
 * @param userId the user ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param tokenId the token's unique id ({@code jti})
 * @param issuedAt when it was issued ({@code iat})
 * @param expiresAt when it expires ({@code exp})
 * @param roles the user's roles when it was issued ({@code roles}, RFC 9068 §2.2.3.1), lower-case
 *     names; a role removed since then makes the token fail verification, so a verified token
 *     never carries a removed role
 * @param claims the claims the host added through its {@code AccessTokenClaims} (none of the
 *     registered ones above), as JSON types: {@code String}, {@code Boolean}, {@code Long} or
 *     {@code Double}, {@code List}, {@code Map}, or null
 */
public record VerifiedAccessToken(
        UserId userId, SessionId sessionId, String tokenId, Instant issuedAt, Instant expiresAt,
        Set<String> roles, Map<String, Object> claims) {

    /** Checks all parts are present. */
    public VerifiedAccessToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles")));
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(claims, "claims")));
    }

    /** A token without roles or added claims. */
    public VerifiedAccessToken(UserId userId, SessionId sessionId, String tokenId, Instant issuedAt,
            Instant expiresAt) {
        this(userId, sessionId, tokenId, issuedAt, expiresAt, Set.of(), Map.of());
    }

    /** Whether the token carries {@code role} (compared in lower case, as role names are kept). */
    public boolean hasRole(String role) {
        return role != null && roles.contains(role.strip().toLowerCase(Locale.ROOT));
    }
}
