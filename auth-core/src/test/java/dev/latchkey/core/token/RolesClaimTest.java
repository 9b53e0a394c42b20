package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.Account;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.testing.Fixtures;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Another service that trusts Latchkey's tokens reads the roles and the host's claims with nothing
 * but the public JWK set and a JWT library (nimbus here, whose Ed25519 needs Tink: EdDSA tokens carry
 * the same claims through the same issuer), as RFC 9068 §2.2.3.1 intends.
 */
class RolesClaimTest {

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"ES256", "RS256"})
    void aServiceWithOnlyTheJwkSetVerifiesTheTokenAndReadsItsRolesAndClaims(SigningAlgorithm algorithm)
            throws Exception {
        Latchkey latchkey = Fixtures.inMemoryLatchkey()
                .keys(KeyRing.of(TokenKey.generate(algorithm, "k1", new SecureRandom())))
                .config(Fixtures.fastConfig().build())
                .claims((userId, roles) -> Map.of("tenant", "acme"))
                .build();
        Account user = latchkey.register(Fixtures.registration("jwks@example.com"));
        latchkey.admin(Actor.system("test")).grantRole(user.id(), "billing:read");
        latchkey.admin(Actor.system("test")).grantRole(user.id(), "admin");
        LoginResult login = latchkey.login("jwks@example.com", Fixtures.PASSWORD, null, Fixtures.CLIENT);

        SignedJWT jwt = SignedJWT.parse(login.accessToken().value());
        JWK key = JWKSet.parse(latchkey.publicJwkSet()).getKeyByKeyId(jwt.getHeader().getKeyID());
        boolean verified = jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
                keyOf(key)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(verified).isTrue();
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin", "billing:read");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getClaim("rv")).as("no role was ever removed").isNull();
    }

    private static java.security.Key keyOf(JWK key) throws Exception {
        return key.getKeyType().getValue().equals("EC") ? key.toECKey().toECPublicKey()
                : key.toRSAKey().toRSAPublicKey();
    }
}
