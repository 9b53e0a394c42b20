package dev.latchkey.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims step, run only on a payload whose signature verified: the {@code iss} and the
 * {@code aud} must be this service's, and {@code sub}, {@code sid}, {@code jti}, {@code exp} and
 * {@code iat} must be present and well formed (RFC 9068 §2.2).
 */
final class ClaimsCheck {

    /**
     * A payload that passed.
     *
     * @param token what the token says
     * @param notBefore its {@code nbf}, if any
     * @param rolesVersion its {@code rv}, 0 when absent
     */
    record Read(VerifiedAccessToken token, Instant notBefore, long rolesVersion) {
    }

    private final String issuer;
    private final String audience;

    ClaimsCheck(String issuer, String audience) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    /**
     * Reads a payload segment.
     *
     * @throws InvalidTokenException {@link Reason#MALFORMED}, {@link Reason#WRONG_ISSUER} or
     *     {@link Reason#WRONG_AUDIENCE}
     */
    Read read(String payloadText) {
        JWTClaimsSet claims = parse(payloadText);
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException(Reason.WRONG_ISSUER);
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE);
        }
        Instant expiresAt = instant(claims.getExpirationTime());
        Date nbf = claims.getNotBeforeTime();
        Instant issuedAt = instant(claims.getIssueTime());
        UserId userId;
        SessionId sessionId;
        String tokenId;
        try {
            userId = UserId.parse(claims.getSubject());
            sessionId = SessionId.parse(claims.getStringClaim("sid"));
            tokenId = claims.getJWTID();
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        if (tokenId == null || tokenId.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Set<String> roles = roles(claims.getClaim("roles"));
        long rolesVersion = rolesVersion(claims.getClaim("rv"));
        Map<String, Object> added = new LinkedHashMap<>(claims.getClaims());
        added.keySet().removeAll(AccessTokenClaims.RESERVED);
        return new Read(new VerifiedAccessToken(userId, sessionId, tokenId, issuedAt, expiresAt, roles, added),
                nbf == null ? null : nbf.toInstant(), rolesVersion);
    }

    /** {@code roles}: absent, or an array of role names. */
    private static Set<String> roles(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        if (!(claim instanceof List<?> list)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Set<String> roles = new TreeSet<>();
        for (Object role : list) {
            if (!(role instanceof String name) || name.isEmpty()) {
                throw new InvalidTokenException(Reason.MALFORMED);
            }
            roles.add(name);
        }
        return roles;
    }

    /** {@code rv}: absent (0), or a whole number of at least 1. */
    private static long rolesVersion(Object claim) {
        if (claim == null) {
            return 0;
        }
        if (!(claim instanceof Long version) || version < 1) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return version;
    }

    private static JWTClaimsSet parse(String payloadText) {
        try {
            return JWTClaimsSet.parse(CompactJws.decode(payloadText));
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }

    private static Instant instant(Date date) {
        if (date == null) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return date.toInstant();
    }
}
