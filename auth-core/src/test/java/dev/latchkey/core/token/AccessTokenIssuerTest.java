package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenIssuerTest {

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00.750Z");
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(KeyRing.hs256(Fixtures.SECRET), "latchkey",
            "latchkey", Duration.ofMinutes(30), clock, AccessTokenClaims.NONE);
    private final UserId user = UserId.random();
    private final SessionId session = SessionId.random();

    @Test
    void anyJwtLibraryWithTheSharedSecretVerifiesTheToken() throws Exception {
        IssuedAccessToken token = issuer.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0);

        SignedJWT jwt = SignedJWT.parse(token.value());
        // As PyJWT does with SECRET_KEY: the HMAC key is the secret's UTF-8 bytes.
        assertThat(jwt.verify(new MACVerifier(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void theTokenCarriesTheRfc9068HeaderAndClaims() throws Exception {
        IssuedAccessToken token = issuer.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0);

        SignedJWT jwt = SignedJWT.parse(token.value());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(TokenKey.hs256(Fixtures.SECRET).kid());
        assertThat(claims.getIssuer()).isEqualTo("latchkey");
        assertThat(claims.getAudience()).containsExactly("latchkey");
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaim("sid")).isEqualTo(session.toString());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-11-24T10:30:00Z"));
    }

    @Test
    void expiresInIsTheLifetimeInSeconds() {
        IssuedAccessToken token = issuer.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0);
        assertThat(token.expiresInSeconds()).isEqualTo(1800);
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        Instant end = clock.instant().plus(Duration.ofDays(7));
        String a = SignedJWT.parse(issuer.issue(user, session, end, Set.of(), 0).value()).getJWTClaimsSet().getJWTID();
        String b = SignedJWT.parse(issuer.issue(user, session, end, Set.of(), 0).value()).getJWTClaimsSet().getJWTID();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aTokenNeverOutlivesItsSession() {
        IssuedAccessToken token = issuer.issue(user, session, clock.instant().plus(Duration.ofMinutes(5)), Set.of(), 0);

        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-24T10:05:00Z"));
        assertThat(token.expiresInSeconds()).isEqualTo(300);
        assertThatThrownBy(() -> issuer.issue(user, session, clock.instant(), Set.of(), 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringDoesNotShowTheToken() {
        IssuedAccessToken token = issuer.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0);
        assertThat(token.toString()).doesNotContain(token.value().substring(0, 20));
    }
}
