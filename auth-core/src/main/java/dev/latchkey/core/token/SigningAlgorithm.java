package dev.latchkey.core.token;

/** The JWS algorithms Latchkey signs and verifies access tokens with. Nothing else is accepted. */
public enum SigningAlgorithm {
    /** HMAC with SHA-256, from a shared secret of at least 256 bits (the default, as in the guide). */
    HS256,
    /** ECDSA on P-256 with SHA-256. */
    ES256,
    /** EdDSA on Ed25519. */
    EdDSA,
    /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys or longer. */
    RS256;

    /** Whether verifying needs no secret, so that the public key can be published. */
    public boolean isAsymmetric() {
        return this != HS256;
    }
}
