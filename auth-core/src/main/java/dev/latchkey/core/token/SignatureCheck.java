package dev.latchkey.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;

/** The signature step: the token's signature, by the key its header named. */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /**
     * Checks the signature of a token.
     *
     * @throws InvalidTokenException {@link Reason#BAD_SIGNATURE} unless it verifies
     */
    static void verify(CompactJws jws, HeaderPolicy.Checked header) {
        boolean valid;
        try {
            valid = header.key().verifier().verify(header.header(), jws.signingInput(), new Base64URL(jws.signature()));
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE);
        }
    }
}
