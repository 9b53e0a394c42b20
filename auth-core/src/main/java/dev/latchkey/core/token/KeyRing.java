package dev.latchkey.core.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys for access tokens: one signing key and any number of further verification keys, each
 * found by its {@code kid}. To rotate keys without logging anyone out, add the new key as the
 * signing key and keep the old one as a verification key until the last token it signed has
 * expired (the access-token lifetime).
 */
public final class KeyRing {

    private final TokenKey signingKey;
    private final Map<String, TokenKey> byKid;

    private KeyRing(TokenKey signingKey, List<TokenKey> others) {
        Objects.requireNonNull(signingKey, "signingKey");
        if (!signingKey.canSign()) {
            throw new IllegalArgumentException("The signing key " + signingKey.kid() + " has no private part");
        }
        Map<String, TokenKey> keys = new LinkedHashMap<>();
        keys.put(signingKey.kid(), signingKey);
        for (TokenKey key : others) {
            Objects.requireNonNull(key, "verification key");
            if (keys.putIfAbsent(key.kid(), key) != null) {
                throw new IllegalArgumentException("Two keys share the kid " + key.kid());
            }
        }
        this.signingKey = signingKey;
        this.byKid = Collections.unmodifiableMap(keys);
    }

    /** A ring that signs with {@code signingKey} and also accepts tokens of {@code verificationKeys}. */
    public static KeyRing of(TokenKey signingKey, TokenKey... verificationKeys) {
        return new KeyRing(signingKey, List.of(verificationKeys));
    }

    /** A ring that signs with {@code signingKey} and also accepts tokens of {@code verificationKeys}. */
    public static KeyRing of(TokenKey signingKey, List<TokenKey> verificationKeys) {
        return new KeyRing(signingKey, List.copyOf(verificationKeys));
    }

    /**
     * The guide's set-up: HS256 with the UTF-8 bytes of {@code SECRET_KEY}.
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static KeyRing hs256(String secret) {
        return of(TokenKey.hs256(secret));
    }

    /**
     * A ring from a JWK set (RFC 7517 §5) JSON whose key {@code signingKid} has its private part.
     *
     * @throws IllegalArgumentException if the JSON is not a JWK set or has no such key
     */
    public static KeyRing fromJwkSet(String json, String signingKid) {
        JWKSet set;
        try {
            set = JWKSet.parse(Objects.requireNonNull(json, "json"));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a JWK set: " + e.getMessage(), e);
        }
        TokenKey signing = null;
        List<TokenKey> others = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            TokenKey key = TokenKey.fromJwk(jwk.toJSONString());
            if (key.kid().equals(signingKid)) {
                signing = key;
            } else {
                others.add(key);
            }
        }
        if (signing == null) {
            throw new IllegalArgumentException("The JWK set has no key with kid " + signingKid);
        }
        return new KeyRing(signing, others);
    }

    /** The key new tokens are signed with. */
    public TokenKey signingKey() {
        return signingKey;
    }

    /** The key with this kid, if the ring has one. */
    public Optional<TokenKey> key(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    /** Every key, the signing key first. */
    public List<TokenKey> keys() {
        return List.copyOf(byKid.values());
    }

    /**
     * The public JWK set JSON ({@code {"keys":[…]}}) of the asymmetric keys, for
     * {@code /.well-known/jwks.json}; HS256 keys are secret and never in it.
     */
    public String publicJwkSet() {
        List<JWK> keys = new ArrayList<>();
        for (TokenKey key : byKid.values()) {
            key.publicJwk().ifPresent(json -> keys.add(parse(json)));
        }
        return new JWKSet(keys).toString(true);
    }

    /**
     * A 32-byte secret derived from the signing key for one purpose (HMAC-SHA-256 of the purpose
     * under the key's secret or private part): every node with the same signing key derives the
     * same secret, and no two purposes share one.
     */
    public byte[] deriveSecret(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(signingKey.secretMaterial(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[signing=" + signingKey.kid() + ", keys=" + byKid.keySet() + "]";
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("A JWK Latchkey wrote did not parse", e);
        }
    }
}
