package dev.latchkey.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import dev.latchkey.core.token.VerifiedAccessToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifying one realistic access token: {@code Latchkey.verify} (the filter's path, the ended-session
 * check included) beside raw nimbus, Spring Security's decoder, jjwt and auth0 java-jwt, each
 * checking what it can of the same rules (signature, typ where supported, iss, aud, exp).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerificationBenchmark {

    @Param({"HS256", "ES256"})
    public String algorithm;

    private String token;
    /** Four times as many tokens as Latchkey's verifier remembers (10,000). */
    private static final int DISTINCT_TOKENS = 40_000;

    private Latchkey latchkey;
    private JWSVerifier nimbusVerifier;
    private NimbusJwtDecoder spring;
    private JwtParser jjwt;
    private JWTVerifier auth0;
    private String[] distinctTokens;
    private int next;

    @Setup
    public void setUp() throws Exception {
        TokenKey key = algorithm.equals("HS256")
                ? TokenKey.hs256(Tokens.SECRET)
                : TokenKey.generate(SigningAlgorithm.ES256, "es-1", new SecureRandom());
        KeyRing ring = KeyRing.of(key);
        Tokens tokens = Tokens.over(ring);
        latchkey = tokens.latchkey();
        token = tokens.issue();
        distinctTokens = new String[DISTINCT_TOKENS];
        for (int i = 0; i < distinctTokens.length; i++) {
            distinctTokens[i] = tokens.issue();
        }
        DefaultJOSEObjectTypeVerifier<SecurityContext> atJwt =
                new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"));
        // Spring checks typ (at+jwt) in nimbus' processor, then exp/nbf, iss and aud in its validators.
        org.springframework.security.oauth2.core.OAuth2TokenValidator<Jwt> springRules =
                new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                        new org.springframework.security.oauth2.jwt.JwtTimestampValidator(),
                        new org.springframework.security.oauth2.jwt.JwtIssuerValidator(Tokens.ISSUER),
                        new org.springframework.security.oauth2.jwt.JwtClaimValidator<java.util.List<String>>(
                                "aud", aud -> aud != null && aud.contains(Tokens.AUDIENCE)));
        if (algorithm.equals("HS256")) {
            byte[] secret = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);
            SecretKey hmac = new SecretKeySpec(secret, "HmacSHA256");
            nimbusVerifier = new MACVerifier(secret);
            spring = NimbusJwtDecoder.withSecretKey(hmac).macAlgorithm(MacAlgorithm.HS256).validateType(false)
                    .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(atJwt)).build();
            jjwt = Jwts.parser().verifyWith(hmac).requireIssuer(Tokens.ISSUER).requireAudience(Tokens.AUDIENCE).build();
            auth0 = JWT.require(Algorithm.HMAC256(secret)).withIssuer(Tokens.ISSUER).withAudience(Tokens.AUDIENCE).build();
        } else {
            ECPublicKey publicKey = ECKey.parse(key.publicJwk().orElseThrow()).toECPublicKey();
            nimbusVerifier = new ECDSAVerifier(publicKey);
            // Spring's public-key builder takes RSA keys only; EC keys go through a JWK source.
            spring = NimbusJwtDecoder.withJwkSource(new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(
                            new com.nimbusds.jose.jwk.JWKSet(ECKey.parse(key.publicJwk().orElseThrow()))))
                    .jwsAlgorithm(SignatureAlgorithm.ES256)
                    .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(atJwt)).build();
            jjwt = Jwts.parser().verifyWith(publicKey).requireIssuer(Tokens.ISSUER).requireAudience(Tokens.AUDIENCE).build();
            auth0 = JWT.require(Algorithm.ECDSA256(publicKey, null)).withIssuer(Tokens.ISSUER)
                    .withAudience(Tokens.AUDIENCE).build();
        }
        spring.setJwtValidator(springRules);
    }

    /** The same token again and again, as a client presents it for 30 minutes. */
    @Benchmark
    public VerifiedAccessToken latchkey() {
        return latchkey.verify(token);
    }

    /** A token it has not seen yet, every time: the full work, on four times more tokens than it remembers. */
    @Benchmark
    public VerifiedAccessToken latchkeyFirstSight() {
        next = (next + 1) % distinctTokens.length;
        return latchkey.verify(distinctTokens[next]);
    }

    /** SignedJWT.parse, the signature, and reading the claims: no rule checked beyond the signature. */
    @Benchmark
    public Object nimbusRaw() throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(nimbusVerifier)) {
            throw new IllegalStateException("bad signature");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        return claims.getSubject().length() + claims.getExpirationTime().getTime() + claims.getStringClaim("sid").length();
    }

    @Benchmark
    public Jwt spring() {
        return spring.decode(token);
    }

    @Benchmark
    public Claims jjwt() {
        return jjwt.parseSignedClaims(token).getPayload();
    }

    @Benchmark
    public Object auth0() {
        return auth0.verify(token);
    }
}
