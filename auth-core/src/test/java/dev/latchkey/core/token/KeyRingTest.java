package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.latchkey.core.testing.Fixtures;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theSigningKeyMustBeAbleToSign() {
        TokenKey publicOnly = TokenKey.generate(SigningAlgorithm.ES256, "e", RANDOM).toPublicKey();
        assertThatThrownBy(() -> KeyRing.of(publicOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private part");
    }

    @Test
    void twoKeysMayNotShareAKid() {
        TokenKey a = TokenKey.generate(SigningAlgorithm.ES256, "same", RANDOM);
        TokenKey b = TokenKey.generate(SigningAlgorithm.EdDSA, "same", RANDOM);
        assertThatThrownBy(() -> KeyRing.of(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same");
    }

    @Test
    void thePublicJwkSetHoldsTheAsymmetricKeysOnlyWithoutPrivateParts() throws Exception {
        TokenKey es = TokenKey.generate(SigningAlgorithm.ES256, "es-1", RANDOM);
        TokenKey ed = TokenKey.generate(SigningAlgorithm.EdDSA, "ed-1", RANDOM);
        KeyRing ring = KeyRing.of(es, ed, TokenKey.hs256(Fixtures.SECRET));

        JWKSet set = JWKSet.parse(ring.publicJwkSet());

        assertThat(set.getKeys()).extracting(k -> k.getKeyID()).containsExactly("es-1", "ed-1");
        assertThat(set.getKeys()).noneMatch(k -> k.isPrivate());
        assertThat(KeyRing.hs256(Fixtures.SECRET).publicJwkSet()).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void aRingIsReadFromAJwkSetWithTheNamedSigningKey() {
        TokenKey old = TokenKey.generate(SigningAlgorithm.RS256, "2025", RANDOM);
        TokenKey current = TokenKey.generate(SigningAlgorithm.ES256, "2026", RANDOM);
        String json = "{\"keys\":[" + old.toPrivateJwk() + "," + current.toPrivateJwk() + "]}";

        KeyRing ring = KeyRing.fromJwkSet(json, "2026");

        assertThat(ring.signingKey().kid()).isEqualTo("2026");
        assertThat(ring.key("2025")).isPresent();
        assertThatThrownBy(() -> KeyRing.fromJwkSet(json, "1999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1999");
    }

    @Test
    void derivedSecretsDependOnPurposeAndKey() {
        KeyRing a = KeyRing.hs256(Fixtures.SECRET);
        assertThat(a.deriveSecret("x")).hasSize(32).isEqualTo(KeyRing.hs256(Fixtures.SECRET).deriveSecret("x"));
        assertThat(a.deriveSecret("x")).isNotEqualTo(a.deriveSecret("y"));
        assertThat(a.deriveSecret("x")).isNotEqualTo(KeyRing.hs256(Fixtures.SECRET + "?").deriveSecret("x"));
    }
}
