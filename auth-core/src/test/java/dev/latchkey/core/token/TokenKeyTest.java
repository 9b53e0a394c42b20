package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.testing.Fixtures;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void anHs256SecretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> TokenKey.hs256("x".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThat(TokenKey.hs256("x".repeat(32)).algorithm()).isEqualTo(SigningAlgorithm.HS256);
    }

    @Test
    void aMissingHs256SecretSaysWhatIsMissing() {
        // KeyRing.hs256(System.getenv("SECRET_KEY")) with the variable unset.
        assertThatThrownBy(() -> KeyRing.hs256((String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECRET_KEY");
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        // 11 Korean syllables are 33 UTF-8 bytes.
        assertThat(TokenKey.hs256("가".repeat(11)).canSign()).isTrue();
        assertThatThrownBy(() -> TokenKey.hs256("가".repeat(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHs256KidIsStableForASecretDiffersBetweenSecretsAndRevealsNothing() {
        TokenKey a = TokenKey.hs256(Fixtures.SECRET);
        assertThat(TokenKey.hs256(Fixtures.SECRET).kid()).isEqualTo(a.kid());
        assertThat(TokenKey.hs256(Fixtures.SECRET + "!").kid()).isNotEqualTo(a.kid());
        assertThat(a.kid()).doesNotContain(Fixtures.SECRET.substring(0, 8));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void aGeneratedKeyRoundTripsThroughItsPrivateJwk(SigningAlgorithm algorithm) {
        TokenKey key = TokenKey.generate(algorithm, "k-" + algorithm, RANDOM);

        TokenKey copy = TokenKey.fromJwk(key.toPrivateJwk());

        assertThat(copy.algorithm()).isEqualTo(algorithm);
        assertThat(copy.kid()).isEqualTo(key.kid());
        assertThat(copy.canSign()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"ES256", "EdDSA", "RS256"})
    void thePublicJwkOfAnAsymmetricKeyHasNoPrivatePart(SigningAlgorithm algorithm) {
        TokenKey key = TokenKey.generate(algorithm, "pub", RANDOM);

        String json = key.publicJwk().orElseThrow();

        assertThat(json).doesNotContain("\"d\"").doesNotContain("\"p\"").contains("\"kid\":\"pub\"");
        TokenKey publicOnly = TokenKey.fromJwk(json);
        assertThat(publicOnly.canSign()).isFalse();
        assertThat(key.toPublicKey().canSign()).isFalse();
    }

    @Test
    void hmacKeysHaveNoPublicJwk() {
        assertThat(TokenKey.hs256(Fixtures.SECRET).publicJwk()).isEmpty();
    }

    @Test
    void aJwkWithoutKidOrWithAMismatchedAlgorithmIsRefused() {
        String es256 = TokenKey.generate(SigningAlgorithm.ES256, "e", RANDOM).toPrivateJwk();

        assertThatThrownBy(() -> TokenKey.fromJwk(es256.replace("\"kid\":\"e\",", "").replace(",\"kid\":\"e\"", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kid");
        assertThatThrownBy(() -> TokenKey.fromJwk(es256.replace("\"ES256\"", "\"RS256\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> TokenKey.fromJwk("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kidsAreLookupKeysNotPathsOrQueries() {
        assertThatThrownBy(() -> TokenKey.generate(SigningAlgorithm.HS256, "../../etc/passwd", RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenKey.generate(SigningAlgorithm.HS256, "a' OR '1'='1", RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        TokenKey key = TokenKey.hs256(Fixtures.SECRET);
        assertThat(key.toString()).doesNotContain(Fixtures.SECRET).contains(key.kid());
    }

    @Test
    void aSecretFromDocumentationAnUnresolvedPlaceholderOrAFewRepeatedCharactersIsWeak() {
        for (String weak : List.of("your-strong-secret-key-change-this", "your-secret-key-here-change-in-production",
                "CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME", "please replace me with 32 random bytes!")) {
            assertThat(TokenKey.hmacSecretWeakness(weak)).as(weak).contains("it is a placeholder from documentation");
        }
        assertThat(TokenKey.hmacSecretWeakness("${SECRET_KEY_THAT_IS_NOT_SET}xxxxxxxxxxxxxxxx")).get().asString()
                .contains("unresolved placeholder").doesNotContain("SECRET_KEY_THAT");
        assertThat(TokenKey.hmacSecretWeakness("abababababababababababababababab")).get().asString()
                .contains("fewer than 8 distinct");
        assertThat(TokenKey.hmacSecretWeakness("Zp4s8vLq2Wn7Kd1Rt6Yh3Jm9Xc5Bf0Ga")).isEmpty();
    }
}
