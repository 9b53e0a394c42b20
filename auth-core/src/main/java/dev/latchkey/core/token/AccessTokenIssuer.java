package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens (RFC 9068 profile): header {@code typ: at+jwt} and {@code kid}; claims
 * {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti},
 * {@code sid}; {@code roles} when the user has any, {@code rv} (the user's roles version) once a
 * role was ever removed, and the host's own claims. A token never outlives its session.
 */
final class AccessTokenIssuer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The media type of access tokens (RFC 9068 §2.1). */
    static final String TYPE = "at+jwt";

    private final KeyRing keys;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final AccessTokenClaims extraClaims;
    /** The header of the last key that signed; a new signing key replaces it. */
    private volatile Header lastHeader;

    /**
     * An issuer.
     *
     * @param keys whose signing key signs
     * @param issuer the {@code iss} claim
     * @param audience the {@code aud} claim
     * @param lifetime how long a token lives (the {@code expires_in})
     * @param clock the time source
     * @param extraClaims the host's claims
     */
    AccessTokenIssuer(KeyRing keys, String issuer, String audience, Duration lifetime, Clock clock,
            AccessTokenClaims extraClaims) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.extraClaims = Objects.requireNonNull(extraClaims, "extraClaims");
    }

    /**
     * A new token for a session.
     *
     * @param notAfter the session's absolute expiry: the token expires then at the latest
     * @param roles the user's roles
     * @param rolesVersion the user's roles version
     * @throws IllegalStateException if {@code notAfter} is not at least a second away, or the
     *     host's claims break {@link AccessTokenClaims}' rules
     */
    IssuedAccessToken issue(UserId userId, SessionId sessionId, Instant notAfter, Set<String> roles,
            long rolesVersion) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime);
        Instant limit = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (limit.isBefore(expiresAt)) {
            expiresAt = limit;
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalStateException("The session ends before a token could be used");
        }
        Map<String, ?> added = extraClaims.claims(userId, roles);
        if (added == null) {
            throw new IllegalStateException("AccessTokenClaims returned null; return an empty map for no claims");
        }
        StringBuilder json = new StringBuilder(320);
        json.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> claim : added.entrySet()) {
            String name = checkedName(claim.getKey());
            Object value = checkedValue(name, claim.getValue(), 0);
            if (value != null) {
                JsonText.value(JsonText.name(json, name, first), value);
                first = false;
            }
        }
        JsonText.string(JsonText.name(json, "iss", first), issuer);
        JsonText.string(JsonText.name(json, "sub", false), userId.toString());
        JsonText.string(JsonText.name(json, "aud", false), audience);
        JsonText.name(json, "iat", false).append(issuedAt.getEpochSecond());
        JsonText.name(json, "nbf", false).append(issuedAt.getEpochSecond());
        JsonText.name(json, "exp", false).append(expiresAt.getEpochSecond());
        JsonText.string(JsonText.name(json, "jti", false), UUID.randomUUID().toString());
        JsonText.string(JsonText.name(json, "sid", false), sessionId.toString());
        if (!roles.isEmpty()) {
            JsonText.value(JsonText.name(json, "roles", false), List.copyOf(roles));
        }
        if (rolesVersion != 0) {
            JsonText.name(json, "rv", false).append(rolesVersion);
        }
        json.append('}');

        Header header = header(keys.signingKey());
        String signingInput = header.encoded + '.' + BASE64URL.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        String signature;
        try {
            signature = header.key.signer().sign(header.jws, signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token with " + header.key, e);
        }
        return new IssuedAccessToken(signingInput + '.' + signature, expiresAt,
                Duration.between(issuedAt, expiresAt).getSeconds());
    }

    /** The signing key's header, encoded once per key. */
    private Header header(TokenKey key) {
        Header known = lastHeader;
        if (known != null && known.key == key) {
            return known;
        }
        JWSHeader jws = new JWSHeader.Builder(key.jwsAlgorithm())
                .type(new JOSEObjectType(TYPE))
                .keyID(key.kid())
                .build();
        Header encoded = new Header(key, jws, jws.toBase64URL().toString());
        lastHeader = encoded;
        return encoded;
    }

    /** A key, its JWS header and that header's base64url text. */
    private record Header(TokenKey key, JWSHeader jws, String encoded) {
    }

    private static String checkedName(String name) {
        if (name == null || name.isEmpty() || AccessTokenClaims.RESERVED.contains(name)) {
            throw new IllegalStateException("AccessTokenClaims may not add a claim named "
                    + (name == null ? "null" : "'" + name + "'") + "; Latchkey writes " + AccessTokenClaims.RESERVED);
        }
        return name;
    }

    /** The value if it is JSON (checked to a depth of 16), for the message the claim's name. */
    private static Object checkedValue(String name, Object value, int depth) {
        if (depth > 16) {
            throw new IllegalStateException("AccessTokenClaims' claim '" + name + "' is nested too deeply");
        }
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            throw new IllegalStateException("AccessTokenClaims' claim '" + name + "' is " + value
                    + ", which JSON cannot carry");
        }
        if (value instanceof Number number) {
            try {
                JsonText.number(number);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("AccessTokenClaims' claim '" + name + "': " + e.getMessage(), e);
            }
            return value;
        }
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            list.forEach(item -> checkedValue(name, item, depth + 1));
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                if (!(key instanceof String)) {
                    throw new IllegalStateException("AccessTokenClaims' claim '" + name + "' has a key that is not a String");
                }
                checkedValue(name, item, depth + 1);
            });
            return value;
        }
        throw new IllegalStateException("AccessTokenClaims' claim '" + name + "' is a " + value.getClass().getName()
                + ", not a JSON value (String, Boolean, Number, List, Map or null)");
    }
}
