package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 signing and verification on one {@link Mac} set up once with the key and copied for each
 * use. nimbus' {@code MACSigner}/{@code MACVerifier} look the algorithm up and set the key up on
 * every call, which costs more than the HMAC of an access token itself. The comparison of
 * signatures takes the same time wherever they differ ({@link MessageDigest#isEqual}).
 */
final class HmacSha256 implements JWSSigner, JWSVerifier {

    private static final String JCA_NAME = "HmacSHA256";
    private static final int SIGNATURE_LENGTH = 32;

    private final Mac prototype;
    private final boolean cloneable;
    private final SecretKeySpec key;
    private final JCAContext context = new JCAContext();

    HmacSha256(byte[] secret) {
        this.key = new SecretKeySpec(secret, JCA_NAME);
        this.prototype = newMac(key);
        this.cloneable = canClone(prototype);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw new JOSEException("This key signs HS256 only, not " + header.getAlgorithm());
        }
        return Base64URL.encode(mac().doFinal(signingInput));
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(signature.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (presented.length != SIGNATURE_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(mac().doFinal(signingInput), presented);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.HS256);
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }

    /** A fresh copy of the keyed prototype, or where the provider cannot copy, a new keyed Mac. */
    private Mac mac() {
        if (cloneable) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("The HMAC copied once and then refused to", e);
            }
        }
        return newMac(key);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    private static boolean canClone(Mac mac) {
        try {
            mac.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }
}
