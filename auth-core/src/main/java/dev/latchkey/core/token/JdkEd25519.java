package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/**
 * Ed25519 for nimbus on the JDK's own implementation (Java 15+), so that auth-core needs no Tink:
 * nimbus' own Ed25519 classes depend on it.
 */
final class JdkEd25519 {

    // DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 v1 PrivateKeyInfo (RFC 8410).
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final int KEY_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;

    private JdkEd25519() {
    }

    /** A new Ed25519 key pair as a JWK with its private part. */
    static OctetKeyPair generate(String kid, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] x = suffix(pair.getPublic().getEncoded(), X509_PREFIX);
            byte[] d = suffix(pair.getPrivate().getEncoded(), PKCS8_PREFIX);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                    .d(Base64URL.encode(d))
                    .keyID(kid)
                    .algorithm(JWSAlgorithm.EdDSA)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot generate Ed25519 keys", e);
        }
    }

    /** A signer for a JWK with its private part. */
    static JWSSigner signer(OctetKeyPair jwk) {
        PrivateKey key = privateKey(jwk);
        return new Signer(key);
    }

    /** A verifier for a JWK's public part. */
    static JWSVerifier verifier(OctetKeyPair jwk) {
        return new Verifier(publicKey(jwk));
    }

    private static PrivateKey privateKey(OctetKeyPair jwk) {
        requireEd25519(jwk);
        if (jwk.getD() == null) {
            throw new IllegalArgumentException("The Ed25519 key " + jwk.getKeyID() + " has no private part");
        }
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, raw(jwk.getD()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a valid Ed25519 private key", e);
        }
    }

    private static PublicKey publicKey(OctetKeyPair jwk) {
        requireEd25519(jwk);
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw(jwk.getX()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a valid Ed25519 public key", e);
        }
    }

    private static void requireEd25519(OctetKeyPair jwk) {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new IllegalArgumentException("Only Ed25519 is supported for OKP keys, not " + jwk.getCurve());
        }
    }

    private static byte[] raw(Base64URL value) {
        byte[] bytes = value.decode();
        if (bytes.length != KEY_LENGTH) {
            throw new IllegalArgumentException("An Ed25519 key has 32 bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static byte[] suffix(byte[] encoded, byte[] prefix) {
        if (encoded.length != prefix.length + KEY_LENGTH
                || !Arrays.equals(Arrays.copyOf(encoded, prefix.length), prefix)) {
            throw new IllegalStateException("Unexpected Ed25519 key encoding from the JDK");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private abstract static class Provider {
        private final JCAContext context = new JCAContext();

        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        public JCAContext getJCAContext() {
            return context;
        }
    }

    private static final class Signer extends Provider implements JWSSigner {
        private final PrivateKey key;

        Signer(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed", e);
            }
        }
    }

    private static final class Verifier extends Provider implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            byte[] bytes = signature.decode();
            if (bytes.length != SIGNATURE_LENGTH) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(bytes);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
