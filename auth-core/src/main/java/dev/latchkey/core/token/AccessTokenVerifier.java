package dev.latchkey.core.token;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies access tokens, refusing everything RFC 8725 and RFC 9068 say to refuse: a token that
 * is too large or not a three-part JWS in unpadded base64url; an algorithm or {@code kid} that is
 * not configured, or an algorithm that is not the key's own; {@code jku}, {@code jwk},
 * {@code x5u} or {@code x5c} headers (keys come from configuration only); any {@code crit}
 * header; a {@code typ} other than {@code at+jwt}; a bad signature; a wrong {@code iss} or
 * {@code aud}; a missing or passed {@code exp}; a future {@code nbf} or {@code iat}; a missing
 * {@code sub}, {@code sid} or {@code jti}; a {@code roles} that is not an array of names or an {@code rv} that
 * is not a positive whole number; a token whose session has ended; and a token issued before a
 * role was taken from its user. Time checks allow
 * a leeway for clock skew. The payload is parsed only after the signature has been checked.
 * Thread-safe.
 *
 * <p><b>Verified-token memory.</b> A client presents the same access token for up to its whole
 * lifetime, so a token that passed every check is remembered (keyed by its exact text, at most
 * {@value #REMEMBERED_TOKENS} of them; beyond that the oldest is forgotten, one at a time). When
 * the same text comes again, parsing, header checks and the signature are not repeated — they cannot give another answer for the same bytes and the
 * same keys — but expiry, {@code nbf}/{@code iat} and revocation are checked again, every time.
 * A token that differs in any byte is verified in full, with one saving: an issuer writes the
 * same header for every token of a key, so a header text that already headed a token whose
 * signature verified is not decoded and checked again (at most 64 such texts are kept); the
 * signature of every new token is still checked. Refused tokens are never remembered.
 *
 * <p>The steps, each its own class in this package: {@code CompactJws} (syntax and encoding),
 * {@code HeaderPolicy} (the header and the key, with the memory of headers), {@code SignatureCheck},
 * {@code ClaimsCheck}, {@code TimeCheck} and the {@link RevocationList}.
 */
final class AccessTokenVerifier {

    /** The longest token looked at; longer ones are refused before parsing. */
    static final int MAX_TOKEN_LENGTH = 8192;

    /** How many verified tokens are remembered at most. */
    static final int REMEMBERED_TOKENS = 10_000;

    private final HeaderPolicy headers;
    private final ClaimsCheck claims;
    private final TimeCheck times;
    private final Clock clock;
    private final RevocationList revocations;
    private final BoundedMemory<ClaimsCheck.Read> remembered = new BoundedMemory<>(REMEMBERED_TOKENS);

    /**
     * A verifier.
     *
     * @param keys the keys tokens may be signed with
     * @param issuer the required {@code iss}
     * @param audience the audience {@code aud} must contain
     * @param leeway the clock-skew allowance for {@code exp}, {@code nbf} and {@code iat}
     * @param clock the time source
     * @param revocations the ended sessions and revoked users
     */
    AccessTokenVerifier(KeyRing keys, String issuer, String audience, Duration leeway, Clock clock,
            RevocationList revocations) {
        this.headers = new HeaderPolicy(keys);
        this.claims = new ClaimsCheck(issuer, audience);
        this.times = new TimeCheck(leeway);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    /**
     * Checks a token.
     *
     * @param token the compact JWS as presented
     * @return who presented it and through which session
     * @throws InvalidTokenException if any check fails; its reason says which
     */
    VerifiedAccessToken verify(String token) {
        ClaimsCheck.Read known = remembered.get(token);
        if (known != null) {
            return checkUse(known, clock.instant());
        }
        CompactJws jws = CompactJws.parse(token);
        HeaderPolicy.Checked header = headers.check(jws.headerText());
        SignatureCheck.verify(jws, header);
        headers.trust(jws.headerText(), header);
        ClaimsCheck.Read read = claims.read(jws.payloadText());
        VerifiedAccessToken verified = checkUse(read, clock.instant());
        remembered.put(token, read);
        return verified;
    }

    /** The checks that depend on the moment and on sessions ending: repeated on every use. */
    private VerifiedAccessToken checkUse(ClaimsCheck.Read read, Instant now) {
        VerifiedAccessToken token = read.token();
        times.check(token, read.notBefore(), now);
        if (revocations.isRevoked(token.sessionId(), token.userId(), token.issuedAt(), read.rolesVersion())) {
            throw new InvalidTokenException(Reason.REVOKED);
        }
        return token;
    }
}
