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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    void theHostsClaimsReadBackExactlyThroughAnotherJsonParser() throws Exception {
        String awkward = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 "
                + "unit \u001f del \u007f 한국어 emoji \uD83D\uDD11 line \u2028 end";
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, -2L, 3.5, true, "x"));
        nested.put("big", new BigDecimal("12345678901234567890.125"));
        nested.put("huge", new BigInteger("123456789012345678901234567890"));
        nested.put("tiny", 1.0E-10);
        nested.put("map", Map.of("k\"ey", "v"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("text", awkward);
        claims.put("nested", nested);
        claims.put("flag", false);
        claims.put("absent", null);
        AccessTokenIssuer withClaims = new AccessTokenIssuer(KeyRing.hs256(Fixtures.SECRET), "iss \"x\"",
                "latchkey", Duration.ofMinutes(30), clock, (id, roles) -> claims);

        IssuedAccessToken token = withClaims.issue(user, session, clock.instant().plus(Duration.ofDays(7)),
                new TreeSet<>(Set.of("admin", "editor")), 7);

        SignedJWT jwt = SignedJWT.parse(token.value());
        assertThat(jwt.verify(new MACVerifier(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet read = jwt.getJWTClaimsSet();
        assertThat(read.getStringClaim("text")).isEqualTo(awkward);
        assertThat(read.getIssuer()).isEqualTo("iss \"x\"");
        assertThat(read.getBooleanClaim("flag")).isFalse();
        assertThat(read.getClaims()).doesNotContainKey("absent");
        assertThat(read.getStringListClaim("roles")).containsExactly("admin", "editor");
        assertThat(read.getLongClaim("rv")).isEqualTo(7);
        Map<String, Object> back = read.getJSONObjectClaim("nested");
        assertThat(back.get("list").toString()).isEqualTo("[1, -2, 3.5, true, x]");
        assertThat(((Number) back.get("tiny")).doubleValue()).isEqualTo(1.0E-10);
        assertThat(back.get("map")).isEqualTo(Map.of("k\"ey", "v"));
        // nimbus reads numbers as doubles; the text itself carries every digit.
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.value().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertThat(payload).contains("\"big\":12345678901234567890.125", "\"huge\":123456789012345678901234567890",
                "한국어");
    }

    @Test
    void aNumberThatDoesNotWriteItselfAsOneIsRefused() {
        Number odd = new Number() {
            @Override public int intValue() { return 0; }
            @Override public long longValue() { return 0; }
            @Override public float floatValue() { return 0; }
            @Override public double doubleValue() { return 0; }
            @Override public String toString() { return "0x1F"; }
        };
        AccessTokenIssuer withOdd = new AccessTokenIssuer(KeyRing.hs256(Fixtures.SECRET), "latchkey", "latchkey",
                Duration.ofMinutes(30), clock, (id, roles) -> Map.of("odd", odd));
        assertThatThrownBy(() -> withOdd.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("odd");
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
