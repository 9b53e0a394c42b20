package dev.latchkey.core.token;

import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The access tokens of one {@code Latchkey}: it issues them, verifies them, and keeps the
 * revocation list that makes the tokens of an ended session fail at once. The issuer, the verifier
 * (with its steps) and the revocation list are this package's own.
 *
 * <p><b>Not API.</b> Hosts issue and verify tokens through {@code Latchkey}; this class is public
 * only because the façade that builds it lives in another package, and it may change or go in any
 * release.
 */
public final class AccessTokens {

    private final AccessTokenIssuer issuer;
    private final RevocationList revocations;
    private final AccessTokenVerifier verifier;

    /**
     * The tokens of one façade.
     *
     * @param keys the keys tokens are signed and verified with
     * @param issuer the {@code iss} claim, written and required
     * @param audience the {@code aud} claim, written and required
     * @param lifetime how long a token lives
     * @param leeway the clock-skew allowance for {@code exp}, {@code nbf} and {@code iat}
     * @param clock the time source
     * @param extraClaims the host's claims
     */
    public AccessTokens(KeyRing keys, String issuer, String audience, Duration lifetime, Duration leeway,
            Clock clock, AccessTokenClaims extraClaims) {
        this.issuer = new AccessTokenIssuer(keys, issuer, audience, lifetime, clock, extraClaims);
        this.revocations = new RevocationList(lifetime.plus(leeway));
        this.verifier = new AccessTokenVerifier(keys, issuer, audience, leeway, clock, revocations);
    }

    /**
     * A new token for a session, carrying the user's roles; it expires at the session's end at the
     * latest.
     *
     * @throws IllegalStateException if {@code notAfter} is not at least a second away, or the
     *     host's claims break the rules
     */
    public IssuedAccessToken issue(UserId userId, SessionId sessionId, Instant notAfter, Set<String> roles,
            long rolesVersion) {
        return issuer.issue(userId, sessionId, notAfter, roles, rolesVersion);
    }

    /**
     * Checks a token.
     *
     * @throws InvalidTokenException if any check fails or its session has ended
     */
    public VerifiedAccessToken verify(String token) {
        return verifier.verify(token);
    }

    /** Records that a session ended: its tokens are refused from now on. */
    public void sessionEnded(SessionId sessionId, Instant endedAt) {
        revocations.sessionEnded(sessionId, endedAt);
    }

    /** Records that every token of the user issued before {@code cutoff} is revoked. */
    public void tokensRevokedBefore(UserId userId, Instant cutoff) {
        revocations.tokensRevokedBefore(userId, cutoff);
    }

    /** Records that a role was taken from the user: tokens under an older roles version are refused. */
    public void rolesRevoked(UserId userId, long rolesVersion, Instant revokedAt) {
        revocations.rolesRevoked(userId, rolesVersion, revokedAt);
    }

    /** Forgets the revocations no unexpired token can need any more. */
    public void forgetExpiredRevocations(Instant now) {
        revocations.purge(now);
    }
}
