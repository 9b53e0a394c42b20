package dev.latchkey.core.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;

/** Building tokens by hand, for tests that forge or break them. */
public final class Jws {

    private Jws() {
    }

    /** A compact JWS of these header and claims, signed by {@code signer}. */
    public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError("Could not sign a test token", e);
        }
    }

    /**
     * The same token with the unused low bit of its last character set: a decoder reads the same
     * signature bytes from it, so only a check of the encoding itself can tell the two apart.
     * For signatures whose length leaves unused bits (HS256's 32 bytes, ES256's 64).
     */
    public static String signatureTwin(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        return token.substring(0, token.length() - 1) + alphabet.charAt(last | 1);
    }

    /** Unpadded base64url of the text's UTF-8 bytes: a hand-made token segment. */
    public static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
