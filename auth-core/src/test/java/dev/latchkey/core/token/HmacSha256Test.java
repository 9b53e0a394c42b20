package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    // RFC 7515 Appendix A.1: the HS256 example, its key and its signature.
    private static final byte[] RFC7515_KEY = Base64URL.from(
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow").decode();
    private static final String RFC7515_INPUT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private static final String RFC7515_SIGNATURE = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final JWSHeader HS256 = new JWSHeader(JWSAlgorithm.HS256);

    private final HmacSha256 hmac = new HmacSha256(RFC7515_KEY);

    @Test
    void signsAndVerifiesTheRfc7515Example() throws Exception {
        byte[] input = RFC7515_INPUT.getBytes(StandardCharsets.US_ASCII);

        assertThat(hmac.sign(HS256, input).toString()).isEqualTo(RFC7515_SIGNATURE);
        assertThat(hmac.verify(HS256, input, new Base64URL(RFC7515_SIGNATURE))).isTrue();
    }

    @Test
    void refusesAChangedTruncatedLengthenedOrNonBase64UrlSignature() {
        byte[] input = RFC7515_INPUT.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64URL.from(RFC7515_SIGNATURE).decode();
        signature[31] ^= 1;

        assertThat(hmac.verify(HS256, input, Base64URL.encode(signature))).isFalse();
        assertThat(hmac.verify(HS256, input, new Base64URL(RFC7515_SIGNATURE.substring(0, 40)))).isFalse();
        assertThat(hmac.verify(HS256, input, new Base64URL(RFC7515_SIGNATURE + "AAAA"))).isFalse();
        assertThat(hmac.verify(HS256, input, new Base64URL("!" + RFC7515_SIGNATURE.substring(1)))).isFalse();
        assertThat(hmac.verify(HS256, input, new Base64URL(""))).isFalse();
    }

    @Test
    void neitherSignsNorVerifiesForAnotherAlgorithm() {
        byte[] input = RFC7515_INPUT.getBytes(StandardCharsets.US_ASCII);
        JWSHeader hs384 = new JWSHeader(JWSAlgorithm.HS384);

        assertThat(hmac.verify(hs384, input, new Base64URL(RFC7515_SIGNATURE))).isFalse();
        assertThatThrownBy(() -> hmac.sign(hs384, input)).isInstanceOf(JOSEException.class);
        assertThat(hmac.supportedJWSAlgorithms()).containsExactly(JWSAlgorithm.HS256);
    }

    @Test
    void manyThreadsAtOnceGetTheAnswersOfNimbusOwnVerifier() throws Exception {
        MACVerifier reference = new MACVerifier(RFC7515_KEY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    int agreed = 0;
                    for (int i = 0; i < 2_000; i++) {
                        byte[] input = ("thread " + thread + " message " + i).getBytes(StandardCharsets.US_ASCII);
                        Base64URL signature = hmac.sign(HS256, input);
                        byte[] other = ("thread " + thread + " message " + (i + 1))
                                .getBytes(StandardCharsets.US_ASCII);
                        if (hmac.verify(HS256, input, signature) && reference.verify(HS256, input, signature)
                                && !hmac.verify(HS256, other, signature) && !reference.verify(HS256, other, signature)) {
                            agreed++;
                        }
                    }
                    return agreed;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
