package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One key for access tokens: its algorithm, its {@code kid}, and either a shared secret (HS256) or
 * a key pair (ES256, EdDSA, RS256) with or without its private part. Each key is bound to one
 * algorithm: an HS256 token is never checked against an asymmetric key, nor the other way round.
 */
public final class TokenKey {

    /** The shortest HMAC secret accepted: 256 bits (RFC 7518 §3.2). */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    /** Secrets copied from documentation, in lower case. */
    private static final Set<String> DOCUMENTATION_SECRETS = Set.of("your-strong-secret-key-change-this",
            "change-me", "changeme", "secret", "your-secret-key", "secret-key", "please-change-me");

    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    /**
     * What makes a long enough HMAC secret unfit to sign, for a host's start-up check: a
     * {@code ${…}} placeholder its configuration left unresolved, a value from documentation (a known
     * one, or words telling the reader to replace it: "change me", "change this", "change in
     * production", "replace me", "your secret …", in any case and with any separators), or fewer
     * than 8 distinct characters. The answer never repeats the secret.
     *
     * @return the reason, such as "it is a placeholder from documentation", or empty
     */
    public static Optional<String> hmacSecretWeakness(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.contains("${")) {
            return Optional.of("it holds an unresolved placeholder (the variable it names is not set)");
        }
        String lower = secret.strip().toLowerCase(Locale.ROOT);
        String words = lower.replaceAll("[^a-z0-9]", "");
        if (DOCUMENTATION_SECRETS.contains(lower) || words.contains("changeme") || words.contains("changethis")
                || words.contains("changeinproduction") || words.contains("replaceme")
                || words.startsWith("yoursecret") || words.startsWith("yourstrong")) {
            return Optional.of("it is a placeholder from documentation");
        }
        if (secret.chars().distinct().count() < 8) {
            return Optional.of("it repeats fewer than 8 distinct characters");
        }
        return Optional.empty();
    }

    private final SigningAlgorithm algorithm;
    private final JWK jwk;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    private TokenKey(SigningAlgorithm algorithm, JWK jwk) {
        this.algorithm = algorithm;
        this.jwk = jwk;
        try {
            this.signer = jwk.isPrivate() ? createSigner(algorithm, jwk) : null;
            this.verifier = createVerifier(algorithm, jwk);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Not a usable " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /**
     * An HS256 key whose secret is the UTF-8 bytes of {@code secret}, as the guide's backend and
     * PyJWT use {@code SECRET_KEY}; its {@code kid} is derived from the secret (without revealing
     * it), so that a new secret gets a new {@code kid}.
     *
     * @throws IllegalArgumentException if the secret is missing (an unset {@code SECRET_KEY}) or
     *     shorter than 32 bytes
     */
    public static TokenKey hs256(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("An HS256 secret is required (at least " + MIN_HMAC_SECRET_BYTES
                    + " bytes); none was given — is SECRET_KEY set?");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return hs256(derivedKid(bytes), bytes);
    }

    /**
     * An HS256 key from raw secret bytes with a chosen {@code kid}.
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes or the kid is not
     *     1 to 64 URL-safe characters
     */
    public static TokenKey hs256(String kid, byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("An HS256 secret must have at least " + MIN_HMAC_SECRET_BYTES
                    + " bytes (256 bits); this one has " + secret.length);
        }
        return new TokenKey(SigningAlgorithm.HS256,
                new OctetSequenceKey.Builder(secret).keyID(checkKid(kid)).algorithm(JWSAlgorithm.HS256)
                        .keyUse(KeyUse.SIGNATURE).build());
    }

    /** A new random key (or key pair) for an algorithm, with its private part. */
    public static TokenKey generate(SigningAlgorithm algorithm, String kid, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(random, "random");
        checkKid(kid);
        try {
            JWK jwk = switch (algorithm) {
                case HS256 -> {
                    byte[] secret = new byte[MIN_HMAC_SECRET_BYTES];
                    random.nextBytes(secret);
                    yield new OctetSequenceKey.Builder(secret).keyID(kid).algorithm(JWSAlgorithm.HS256)
                            .keyUse(KeyUse.SIGNATURE).build();
                }
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256)
                        .keyUse(KeyUse.SIGNATURE).secureRandom(random).generate();
                case RS256 -> new RSAKeyGenerator(MIN_RSA_BITS).keyID(kid).algorithm(JWSAlgorithm.RS256)
                        .keyUse(KeyUse.SIGNATURE).secureRandom(random).generate();
                case EdDSA -> JdkEd25519.generate(kid, random);
            };
            return new TokenKey(algorithm, jwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a " + algorithm + " key", e);
        }
    }

    /**
     * A key from its JWK (RFC 7517) JSON, private or public. The algorithm is the JWK's
     * {@code alg} if it has one, else the one its type implies (oct: HS256, P-256: ES256,
     * Ed25519: EdDSA, RSA: RS256); it must have a {@code kid}.
     *
     * @throws IllegalArgumentException if the JSON is not such a key
     */
    public static TokenKey fromJwk(String json) {
        JWK jwk;
        try {
            jwk = JWK.parse(Objects.requireNonNull(json, "json"));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a JWK: " + e.getMessage(), e);
        }
        if (jwk.getKeyID() == null) {
            throw new IllegalArgumentException("A JWK for Latchkey needs a kid");
        }
        checkKid(jwk.getKeyID());
        SigningAlgorithm algorithm = impliedAlgorithm(jwk);
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(algorithm.name())) {
            throw new IllegalArgumentException("The JWK " + jwk.getKeyID() + " is for " + jwk.getAlgorithm()
                    + ", which does not fit its key type " + jwk.getKeyType());
        }
        if (jwk instanceof OctetSequenceKey oct && oct.toByteArray().length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("An HS256 secret must have at least " + MIN_HMAC_SECRET_BYTES
                    + " bytes (256 bits)");
        }
        if (jwk instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("An RSA key must have at least " + MIN_RSA_BITS + " bits");
        }
        return new TokenKey(algorithm, jwk);
    }

    /** The key's id, sent as the token header's {@code kid}. */
    public String kid() {
        return jwk.getKeyID();
    }

    /** The algorithm this key is bound to. */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** Whether this key can sign (it has its secret or private part). */
    public boolean canSign() {
        return signer != null;
    }

    /** The public JWK JSON, for a JWK set; empty for HS256, whose key is secret. */
    public Optional<String> publicJwk() {
        return algorithm.isAsymmetric() ? Optional.of(jwk.toPublicJWK().toJSONString()) : Optional.empty();
    }

    /** This key without its private part (for asymmetric keys), for verification only. */
    public TokenKey toPublicKey() {
        if (!algorithm.isAsymmetric() || !jwk.isPrivate()) {
            return this;
        }
        return new TokenKey(algorithm, jwk.toPublicJWK());
    }

    /**
     * The whole key as JWK JSON, secret or private part included: for keeping a generated key in
     * a secret store. Never publish it.
     */
    public String toPrivateJwk() {
        return jwk.toJSONString();
    }

    /** The raw key material, for deriving other server-side secrets from the signing key. */
    byte[] secretMaterial() {
        return switch (algorithm) {
            case HS256 -> ((OctetSequenceKey) jwk).toByteArray();
            case ES256 -> ((ECKey) jwk).getD().decode();
            case RS256 -> ((RSAKey) jwk).getPrivateExponent().decode();
            case EdDSA -> ((OctetKeyPair) jwk).getD().decode();
        };
    }

    JWSAlgorithm jwsAlgorithm() {
        return JWSAlgorithm.parse(algorithm.name());
    }

    JWSSigner signer() {
        if (signer == null) {
            throw new IllegalStateException("The key " + kid() + " has no private part and cannot sign");
        }
        return signer;
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** The kid and algorithm, never key material. */
    @Override
    public String toString() {
        return "TokenKey[" + algorithm + ", kid=" + kid() + (canSign() ? ", can sign" : "") + "]";
    }

    private static SigningAlgorithm impliedAlgorithm(JWK jwk) {
        if (jwk instanceof OctetSequenceKey) {
            return SigningAlgorithm.HS256;
        }
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException("Only P-256 EC keys (ES256) are supported, not " + ec.getCurve());
            }
            return SigningAlgorithm.ES256;
        }
        if (jwk instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                throw new IllegalArgumentException("Only Ed25519 OKP keys (EdDSA) are supported, not " + okp.getCurve());
            }
            return SigningAlgorithm.EdDSA;
        }
        if (jwk instanceof RSAKey) {
            return SigningAlgorithm.RS256;
        }
        throw new IllegalArgumentException("Unsupported JWK type " + jwk.getKeyType());
    }

    private static JWSSigner createSigner(SigningAlgorithm algorithm, JWK jwk) throws JOSEException {
        return switch (algorithm) {
            case HS256 -> new HmacSha256(((OctetSequenceKey) jwk).toByteArray());
            case ES256 -> new ECDSASigner((ECKey) jwk);
            case RS256 -> new RSASSASigner((RSAKey) jwk);
            case EdDSA -> JdkEd25519.signer((OctetKeyPair) jwk);
        };
    }

    private static JWSVerifier createVerifier(SigningAlgorithm algorithm, JWK jwk) throws JOSEException {
        return switch (algorithm) {
            case HS256 -> new HmacSha256(((OctetSequenceKey) jwk).toByteArray());
            case ES256 -> new ECDSAVerifier(((ECKey) jwk).toPublicJWK());
            case RS256 -> new RSASSAVerifier(((RSAKey) jwk).toPublicJWK());
            case EdDSA -> JdkEd25519.verifier((OctetKeyPair) jwk);
        };
    }

    private static String checkKid(String kid) {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("A kid is 1 to 64 characters of A-Z a-z 0-9 . _ ~ -");
        }
        return kid;
    }

    private static String derivedKid(byte[] secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("latchkey kid".getBytes(StandardCharsets.US_ASCII));
            byte[] hash = digest.digest(secret);
            return "hs256-" + Base64URL.encode(java.util.Arrays.copyOf(hash, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
