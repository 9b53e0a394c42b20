package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import java.text.ParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The header step and the choice of key: refuses {@code jku}, {@code jwk}, {@code x5u} and
 * {@code x5c} (keys come from configuration only), any {@code crit} header, a {@code typ} other
 * than {@code at+jwt}, a {@code kid} that is not configured and an algorithm that is not its
 * key's own (RFC 8725 §3.1, RFC 9068 §4).
 *
 * <p>An issuer writes the same header for every token of a key, so a header text that already
 * headed a token whose signature verified is remembered ({@value #TRUSTED_HEADERS} texts at
 * most) and not decoded and checked again.
 */
final class HeaderPolicy {

    /** How many distinct header texts are remembered at most; an issuer writes one per key. */
    static final int TRUSTED_HEADERS = 64;

    private static final Set<String> TYPES = Set.of("at+jwt", "application/at+jwt");

    /**
     * A header that passed, with the key it names.
     *
     * @param header the parsed header
     * @param key the configured key it names, whose algorithm it uses
     * @param trusted whether it was remembered rather than checked now
     */
    record Checked(JWSHeader header, TokenKey key, boolean trusted) {
    }

    private final KeyRing keys;
    private final BoundedMemory<Checked> trustedHeaders = new BoundedMemory<>(TRUSTED_HEADERS);

    HeaderPolicy(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The header of a token and its key.
     *
     * @throws InvalidTokenException {@link Reason#MALFORMED} if the header is not a JWS header,
     *     {@link Reason#UNSUPPORTED} if the policy refuses it
     */
    Checked check(String headerText) {
        Checked trusted = trustedHeaders.get(headerText);
        if (trusted != null) {
            return trusted;
        }
        JWSHeader header = parse(headerText);
        return new Checked(header, key(header), false);
    }

    /** Remembers a header once a token it headed has had its signature verified. */
    void trust(String headerText, Checked checked) {
        if (!checked.trusted()) {
            trustedHeaders.put(headerText, new Checked(checked.header(), checked.key(), true));
        }
    }

    private static JWSHeader parse(String headerText) {
        try {
            return JWSHeader.parse(CompactJws.decode(headerText), new Base64URL(headerText));
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
    }

    private TokenKey key(JWSHeader header) {
        if (header.getJWKURL() != null || header.getJWK() != null || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        // RFC 7515 §4.1.11: a recipient that does not understand a critical header must refuse.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        JOSEObjectType type = header.getType();
        if (type == null || !TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        String kid = header.getKeyID();
        TokenKey key = kid == null ? null : keys.key(kid).orElse(null);
        if (key == null || !key.jwsAlgorithm().equals(header.getAlgorithm())) {
            throw new InvalidTokenException(Reason.UNSUPPORTED);
        }
        return key;
    }
}
