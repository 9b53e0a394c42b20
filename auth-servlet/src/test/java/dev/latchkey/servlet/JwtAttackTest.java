package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.Latchkey;
import static dev.latchkey.core.testing.Jws.b64;
import static dev.latchkey.core.testing.Jws.sign;
import static dev.latchkey.core.testing.Jws.signatureTwin;

import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import dev.latchkey.core.user.Registration;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged, broken and stolen access tokens against the filter over real HTTP: every one must be
 * answered 401 with a JSON body and {@code WWW-Authenticate: Bearer … error="invalid_token"}, none
 * with a 5xx, and none may reach the host's servlet.
 */
class JwtAttackTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static Target hs256;
    private static Target es256;
    private static Target rs256;

    /** A server with one signing key, a registered user, and a valid login on it. */
    private record Target(TestServer server, Http http, TokenKey key, String userId, String sessionId,
            String accessToken, String refreshToken) {
    }

    @BeforeAll
    static void startServers() throws Exception {
        hs256 = target(TokenKey.hs256(Fixtures.SECRET));
        es256 = target(TokenKey.generate(SigningAlgorithm.ES256, "es-1", RANDOM));
        rs256 = target(TokenKey.generate(SigningAlgorithm.RS256, "rs-1", RANDOM));
    }

    @AfterAll
    static void stopServers() {
        for (Target t : List.of(hs256, es256, rs256)) {
            t.server().close();
        }
    }

    private static Target target(TokenKey key) throws Exception {
        Latchkey latchkey = Fixtures.inMemoryLatchkey().keys(KeyRing.of(key))
                .config(Fixtures.fastConfig().build()).build();
        latchkey.register(new Registration("Victim", "victim@example.com", null, "testpassword123"));
        TestServer server = new TestServer(latchkey, new LatchkeyServlet(latchkey));
        Http http = new Http(server.base());
        JsonNode login = http.postJson("/api/auth/login",
                "{\"email\":\"victim@example.com\",\"password\":\"testpassword123\"}").json();
        String access = login.get("access_token").asText();
        JWTClaimsSet claims = SignedJWT.parse(access).getJWTClaimsSet();
        return new Target(server, http, key, claims.getSubject(), claims.getStringClaim("sid"), access,
                login.get("refresh_token").asText());
    }

    private static JWTClaimsSet.Builder claims(Target t) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("latchkey").audience("latchkey").subject(t.userId())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))
                .jwtID(UUID.randomUUID().toString()).claim("sid", t.sessionId());
    }

    private static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt")).keyID(kid);
    }



    private static String signedHs256(Target t, Consumer<JWSHeader.Builder> h, Consumer<JWTClaimsSet.Builder> c)
            throws Exception {
        JWSHeader.Builder header = header(JWSAlgorithm.HS256, t.key().kid());
        h.accept(header);
        JWTClaimsSet.Builder claims = claims(t);
        c.accept(claims);
        return sign(header.build(), claims.build(), new MACSigner(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyForgedOrBrokenTokenIsRefusedWith401Json() throws Exception {
        Map<String, List<String>> attacks = new LinkedHashMap<>();
        Target t = hs256;
        String[] valid = t.accessToken().split("\\.");
        String payload = claims(t).build().toPayload().toBase64URL().toString();

        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String head = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + t.key().kid() + "\"}");
            attacks.put("alg " + alg + " unsigned", List.of(head + "." + payload + "."));
            attacks.put("alg " + alg + " with a signature", List.of(head + "." + payload + "." + valid[2]));
        }
        attacks.put("signature stripped", List.of(valid[0] + "." + valid[1] + "."));
        attacks.put("signature tampered", List.of(valid[0] + "." + valid[1] + "." + (valid[2].startsWith("A")
                ? "B" : "A") + valid[2].substring(1)));
        attacks.put("the same signature bytes written another way", List.of(signatureTwin(String.join(".", valid))));
        attacks.put("padding or characters outside base64url", List.of(String.join(".", valid) + "=",
                valid[0] + "=." + valid[1] + "." + valid[2], valid[0] + ".+" + valid[1] + "." + valid[2]));
        attacks.put("payload tampered", List.of(valid[0] + "." + claims(t).subject(UUID.randomUUID().toString())
                .build().toPayload().toBase64URL() + "." + valid[2]));
        attacks.put("wrong key under the right kid", List.of(sign(header(JWSAlgorithm.HS256, t.key().kid()).build(),
                claims(t).build(), new MACSigner("attacker-secret-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)))));
        for (String alg : List.of("HS384", "HS512")) {
            attacks.put(alg + " when only HS256 is configured", List.of(sign(header(JWSAlgorithm.parse(alg),
                    t.key().kid()).build(), claims(t).build(),
                    new MACSigner((Fixtures.SECRET + Fixtures.SECRET).getBytes(StandardCharsets.UTF_8)))));
        }
        attacks.put("expired", List.of(signedHs256(t, h -> { }, c -> c.issueTime(Date.from(Instant.now().minus(
                Duration.ofHours(2)))).notBeforeTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))))));
        attacks.put("nbf in the future", List.of(signedHs256(t, h -> { },
                c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1)))))));
        for (String claim : List.of("exp", "sub", "sid")) {
            attacks.put("missing " + claim, List.of(signedHs256(t, h -> { }, c -> c.claim(claim, null))));
        }
        attacks.put("wrong iss", List.of(signedHs256(t, h -> { }, c -> c.issuer("https://evil.example"))));
        attacks.put("wrong aud", List.of(signedHs256(t, h -> { }, c -> c.audience("another-api"))));
        attacks.put("typ JWT", List.of(signedHs256(t, h -> h.type(JOSEObjectType.JWT), c -> { })));
        attacks.put("no typ", List.of(signedHs256(t, h -> h.type(null), c -> { })));
        attacks.put("unknown crit", List.of(signedHs256(t, h -> h.criticalParams(Set.of("x-policy"))
                .customParam("x-policy", 1), c -> { })));
        ECKey attackerKey = ECKey.parse(TokenKey.generate(SigningAlgorithm.ES256, "evil", RANDOM).publicJwk().orElseThrow());
        attacks.put("jwk header", List.of(signedHs256(t, h -> h.jwk(attackerKey), c -> { })));
        attacks.put("jku header", List.of(signedHs256(t, h -> h.jwkURL(URI.create("https://evil.example/jwks")), c -> { })));
        attacks.put("x5u header", List.of(signedHs256(t, h -> h.x509CertURL(URI.create("https://evil.example/c.pem")),
                c -> { })));
        List<String> kidInjection = new ArrayList<>();
        for (String kid : List.of("../../../../etc/passwd", "' OR '1'='1", "http://evil.example/key", "\u0000", "")) {
            kidInjection.add(signedHs256(t, h -> h.keyID(kid), c -> { }));
        }
        attacks.put("kid injection", kidInjection);
        attacks.put("five segments (JWE shape)", List.of(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d"));
        attacks.put("header not JSON", List.of(b64("not json") + "." + valid[1] + "." + valid[2]));
        attacks.put("payload not JSON", List.of(valid[0] + "." + b64("not json") + "." + valid[2]));
        attacks.put("header nested 100,000 levels", List.of(b64("{\"alg\":\"HS256\",\"x\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}") + "." + valid[1] + "." + valid[2]));
        attacks.put("100 KB token", List.of(t.accessToken() + "A".repeat(100 * 1024)));
        attacks.put("a refresh token as an access token", List.of(t.refreshToken()));

        // Key confusion: an HS256 token keyed with the server's own public key, against asymmetric servers.
        for (Target asymmetric : List.of(es256, rs256)) {
            String publicJwk = asymmetric.key().publicJwk().orElseThrow();
            byte[] der = asymmetric == es256 ? ECKey.parse(publicJwk).toPublicKey().getEncoded()
                    : RSAKey.parse(publicJwk).toPublicKey().getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
            List<String> forged = new ArrayList<>();
            for (byte[] secret : List.of(publicJwk.getBytes(StandardCharsets.UTF_8), der, pem.getBytes(StandardCharsets.UTF_8))) {
                forged.add(sign(header(JWSAlgorithm.HS256, asymmetric.key().kid()).build(), claims(asymmetric).build(),
                        new MACSigner(secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32))));
            }
            attacks.put("key confusion against " + asymmetric.key().algorithm(), forged);
        }
        String[] es = es256.accessToken().split("\\.");
        attacks.put("all-zero ES256 signature", List.of(es[0] + "." + es[1] + "." + Base64URL.encode(new byte[64])));

        int tried = 0;
        int refused = 0;
        for (Map.Entry<String, List<String>> attack : attacks.entrySet()) {
            for (String token : attack.getValue()) {
                Target server = attack.getKey().contains("against ES256") || attack.getKey().contains("ES256 signature")
                        ? es256 : attack.getKey().contains("against RS256") ? rs256 : hs256;
                Http.Answer answer = server.http().get("/api/notes", token);
                tried++;
                assertThat(answer.status()).as(attack.getKey()).isEqualTo(401);
                assertThat(answer.json()).as(attack.getKey() + ": JSON body").isNotNull();
                assertThat(answer.detail()).as(attack.getKey()).isEqualTo("Could not validate credentials");
                assertThat(answer.header("WWW-Authenticate")).as(attack.getKey())
                        .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
                refused++;
            }
        }
        System.out.println("[latchkey] JWT attacks on the filter: " + tried + " tried, " + refused
                + " refused with 401 JSON, " + attacks.size() + " kinds");
        assertThat(refused).isEqualTo(tried).isGreaterThanOrEqualTo(49);
    }

    @Test
    void tokensOfAnEndedSessionAreRefusedAndTheValidOnesStillPass() throws Exception {
        Target t = target(TokenKey.hs256(Fixtures.SECRET));
        try {
            assertThat(t.http().get("/api/notes", t.accessToken()).status()).isEqualTo(200);
            assertThat(t.http().post("/api/auth/logout", t.accessToken()).status()).isEqualTo(200);

            Http.Answer answer = t.http().get("/api/notes", t.accessToken());

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
            assertThat(es256.http().get("/api/notes", es256.accessToken()).status()).isEqualTo(200);
            assertThat(rs256.http().get("/api/notes", rs256.accessToken()).status()).isEqualTo(200);
        } finally {
            t.server().close();
        }
    }
}
