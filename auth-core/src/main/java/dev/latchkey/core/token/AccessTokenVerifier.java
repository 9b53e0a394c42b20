package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies access tokens, refusing everything RFC 8725 and RFC 9068 say to refuse: a token that
 * is too large or not a three-part JWS in unpadded base64url; an algorithm or {@code kid} that is
 * not configured, or an algorithm that is not the key's own; {@code jku}, {@code jwk},
 * {@code x5u} or {@code x5c} headers (keys come from configuration only); any {@code crit}
 * header; a {@code typ} other than {@code at+jwt}; a bad signature; a wrong {@code iss} or
 * {@code aud}; a missing or passed {@code exp}; a future {@code nbf} or {@code iat}; a missing
 * {@code sub}, {@code sid} or {@code jti}; and a token whose session has ended. Time checks allow
 * a leeway for clock skew. The payload is parsed only after the signature has been checked.
 * Thread-safe.
 *
 * <p><b>Verified-token memory.</b> A client presents the same access token for up to its whole
 * lifetime, so a token that passed every check is remembered (keyed by its exact text, at most
 * {@value #REMEMBERED_TOKENS} of them). When the same text comes again, parsing, header checks
 * and the signature are not repeated — they cannot give another answer for the same bytes and the
 * same keys — but expiry, {@code nbf}/{@code iat} and revocation are checked again, every time.
 * A token that differs in any byte is verified in full, with one saving: an issuer writes the
 * same header for every token of a key, so a header text that already headed a token whose
 * signature verified is not decoded and checked again (at most 64 such texts are kept); the
 * signature of every new token is still checked. Refused tokens are never remembered.
 */
public final class AccessTokenVerifier {

    /** The longest token looked at; longer ones are refused before parsing. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** How many verified tokens are remembered at most. */
    public static final int REMEMBERED_TOKENS = 10_000;

    /** How many distinct headers are remembered at most; an issuer writes one per key. */
    private static final int TRUSTED_HEADERS = 64;

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Each byte's value as a base64url digit, or -1 for a byte outside the alphabet. */
    private static final int[] BASE64URL_DIGIT = new int[256];

    static {
        Arrays.fill(BASE64URL_DIGIT, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64URL_DIGIT[alphabet.charAt(i)] = i;
        }
    }

    private static final Set<String> TYPES = Set.of("at+jwt", "application/at+jwt");

    private final KeyRing keys;
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final Clock clock;
    private final RevocationList revocations;
    private final java.util.concurrent.ConcurrentHashMap<String, Remembered> remembered =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, TrustedHeader> trustedHeaders =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A header whose checks passed and whose token's signature then verified, with the key it names. */
    private record TrustedHeader(JWSHeader header, TokenKey key) {
    }

    /** A token that passed every check, with the claims the per-use checks need. */
    private record Remembered(VerifiedAccessToken token, Instant notBefore) {
    }

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
    public AccessTokenVerifier(KeyRing keys, String issuer, String audience, Duration leeway, Clock clock,
            RevocationList revocations) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    /**
     * Checks a token.
     *
     * @return who presented it and through which session
     * @throws InvalidTokenException if any check fails; its reason says which
     */
    public VerifiedAccessToken verify(String token) {
        Remembered known = token == null ? null : remembered.get(token);
        if (known != null) {
            return checkTimesAndRevocation(known.token(), known.notBefore(), clock.instant());
        }
        byte[] ascii = compactJws(token);
        int headerEnd = token.indexOf('.');
        int payloadEnd = token.indexOf('.', headerEnd + 1);
        String headerText = token.substring(0, headerEnd);
        TrustedHeader trusted = trustedHeaders.get(headerText);
        JWSHeader header = trusted != null ? trusted.header() : header(headerText);
        TokenKey key = trusted != null ? trusted.key() : checkHeader(header);
        checkSignature(Arrays.copyOf(ascii, payloadEnd), token.substring(payloadEnd + 1), header, key);
        if (trusted == null) {
            trust(headerText, new TrustedHeader(header, key));
        }
        Remembered verified = checkClaims(claims(token.substring(headerEnd + 1, payloadEnd)));
        remember(token, verified);
        return verified.token();
    }

    private void trust(String headerText, TrustedHeader header) {
        if (trustedHeaders.size() >= TRUSTED_HEADERS) {
            trustedHeaders.clear();
        }
        trustedHeaders.put(headerText, header);
    }

    private void remember(String token, Remembered verified) {
        if (remembered.size() >= REMEMBERED_TOKENS) {
            // Bounded: drop what has expired; if that is not enough, start over.
            Instant now = clock.instant();
            remembered.values().removeIf(r -> !now.isBefore(r.token().expiresAt().plus(leeway)));
            if (remembered.size() >= REMEMBERED_TOKENS) {
                remembered.clear();
            }
        }
        remembered.put(token, verified);
    }

    /**
     * The token's characters as bytes, once they are known to be a compact JWS: at most
     * {@link #MAX_TOKEN_LENGTH} characters of the unpadded base64url alphabet (RFC 7515 §2) in
     * three segments.
     */
    private static byte[] compactJws(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        // Characters beyond Latin-1 become '?', which the alphabet refuses below.
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        int dots = 0;
        for (byte b : bytes) {
            if (b == '.') {
                dots++;
            } else if (BASE64URL_DIGIT[b & 0xFF] < 0) {
                throw new InvalidTokenException(Reason.MALFORMED);
            }
        }
        if (dots != 2 || !canonicalEnd(bytes, token.lastIndexOf('.') + 1)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return bytes;
    }

    /**
     * Whether the segment from {@code start} to the end has the one encoding of its bytes: a
     * decoder ignores the unused low bits of the last character, so without this check the
     * signature could be written four or sixteen ways and a token would have several texts.
     */
    private static boolean canonicalEnd(byte[] bytes, int start) {
        int length = bytes.length - start;
        if (length == 0) {
            return true;
        }
        int last = BASE64URL_DIGIT[bytes[bytes.length - 1]];
        return switch (length % 4) {
            case 0 -> true;
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> false;
        };
    }

    private static JWSHeader header(String segment) {
        try {
            return JWSHeader.parse(decode(segment), new Base64URL(segment));
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }

    /** The text of a base64url segment (the JDK's decoder: strict, and several times faster than nimbus'). */
    private static String decode(String segment) {
        return new String(BASE64URL.decode(segment), StandardCharsets.UTF_8);
    }

    private TokenKey checkHeader(JWSHeader header) {
        if (header.getJWKURL() != null || header.getJWK() != null || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        // RFC 7515 §4.1.11: a recipient that does not understand a critical header must refuse.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        JOSEObjectType type = header.getType();
        if (type == null || !TYPES.contains(type.getType().toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        String kid = header.getKeyID();
        TokenKey key = kid == null ? null : keys.key(kid).orElse(null);
        if (key == null || !key.jwsAlgorithm().equals(header.getAlgorithm())) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        return key;
    }

    private static void checkSignature(byte[] signingInput, String signature, JWSHeader header, TokenKey key) {
        boolean valid;
        try {
            valid = key.verifier().verify(header, signingInput, new Base64URL(signature));
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
    }

    private static JWTClaimsSet claims(String payload) {
        try {
            return JWTClaimsSet.parse(decode(payload));
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }

    private Remembered checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException(Reason.WRONG_ISSUER);
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE);
        }
        Instant expiresAt = instant(claims.getExpirationTime());
        Date nbf = claims.getNotBeforeTime();
        Instant notBefore = nbf == null ? null : nbf.toInstant();
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
        VerifiedAccessToken token = new VerifiedAccessToken(userId, sessionId, tokenId, issuedAt, expiresAt);
        return new Remembered(checkTimesAndRevocation(token, notBefore, now), notBefore);
    }

    /** The checks that depend on the moment and on sessions ending: repeated on every use. */
    private VerifiedAccessToken checkTimesAndRevocation(VerifiedAccessToken token, Instant notBefore, Instant now) {
        if (!now.isBefore(token.expiresAt().plus(leeway))) {
            throw new InvalidTokenException(Reason.EXPIRED);
        }
        Instant earliest = now.plus(leeway);
        if ((notBefore != null && earliest.isBefore(notBefore)) || earliest.isBefore(token.issuedAt())) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID);
        }
        if (revocations.isRevoked(token.sessionId(), token.userId(), token.issuedAt())) {
            throw new InvalidTokenException(Reason.REVOKED);
        }
        return token;
    }

    private static Instant instant(Date date) {
        if (date == null) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return date.toInstant();
    }
}
