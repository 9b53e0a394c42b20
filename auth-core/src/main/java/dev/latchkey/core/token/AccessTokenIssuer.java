package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs access tokens (RFC 9068 profile): header {@code typ: at+jwt} and {@code kid}; claims
 * {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti},
 * {@code sid}. A token never outlives its session.
 */
final class AccessTokenIssuer {

    /** The media type of access tokens (RFC 9068 §2.1). */
    static final String TYPE = "at+jwt";

    private final KeyRing keys;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * An issuer.
     *
     * @param keys whose signing key signs
     * @param issuer the {@code iss} claim
     * @param audience the {@code aud} claim
     * @param lifetime how long a token lives (the {@code expires_in})
     * @param clock the time source
     */
    AccessTokenIssuer(KeyRing keys, String issuer, String audience, Duration lifetime, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new token for a session.
     *
     * @param notAfter the session's absolute expiry: the token expires then at the latest
     * @throws IllegalStateException if {@code notAfter} is not at least a second away
     */
    IssuedAccessToken issue(UserId userId, SessionId sessionId, Instant notAfter) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime);
        Instant limit = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (limit.isBefore(expiresAt)) {
            expiresAt = limit;
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalStateException("The session ends before a token could be used");
        }
        TokenKey key = keys.signingKey();
        JWSHeader header = new JWSHeader.Builder(key.jwsAlgorithm())
                .type(new JOSEObjectType(TYPE))
                .keyID(key.kid())
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId.toString())
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sessionId.toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token with " + key, e);
        }
        return new IssuedAccessToken(jwt.serialize(), expiresAt, Duration.between(issuedAt, expiresAt).getSeconds());
    }
}
