package dev.latchkey.core.token;

import static dev.latchkey.core.testing.Jws.b64;
import static dev.latchkey.core.testing.Jws.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each step of {@link AccessTokenVerifier} alone; the verifier's own tests attack the whole. */
class VerifierStepsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final TokenKey KEY = TokenKey.hs256(Fixtures.SECRET);

    private static void refused(ThrowingCallable step, Reason reason) {
        assertThatThrownBy(step).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(KEY.kid());
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("latchkey").audience("latchkey")
                .subject(UserId.random().toString()).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(30))))
                .jwtID(UUID.randomUUID().toString()).claim("sid", SessionId.random().toString());
    }

    @Nested
    class Syntax {

        @Test
        void aCompactJwsSplitsIntoItsSegmentsAndTheBytesItsSignatureCovers() {
            CompactJws jws = CompactJws.parse("eyJh.eyJi.c2ln");

            assertThat(jws.headerText()).isEqualTo("eyJh");
            assertThat(jws.payloadText()).isEqualTo("eyJi");
            assertThat(jws.signature()).isEqualTo("c2ln");
            assertThat(new String(jws.signingInput(), StandardCharsets.US_ASCII)).isEqualTo("eyJh.eyJi");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "a.b", "a.b.c.d", "a.b.c=", "a+b.c.d", "a/b.c.d", "a.b.c d", "a.b.\u00e9", "a.b.\u3042",
            "a.b.AB", "a.b.AAB", "a.b.A"})
        void anythingButThreeSegmentsOfCanonicalUnpaddedBase64urlIsMalformed(String token) {
            refused(() -> CompactJws.parse(token), Reason.MALFORMED);
        }

        @Test
        void tooLongIsMalformedBeforeAnyCharacterIsLookedAt() {
            refused(() -> CompactJws.parse("a.b." + "A".repeat(AccessTokenVerifier.MAX_TOKEN_LENGTH)), Reason.MALFORMED);
            refused(() -> CompactJws.parse(null), Reason.MALFORMED);
        }
    }

    @Nested
    class Headers {

        private final HeaderPolicy policy = new HeaderPolicy(KeyRing.of(KEY));

        @Test
        void aHeaderNamingAConfiguredKeyWithItsOwnAlgorithmPassesAndNamesTheKey() {
            HeaderPolicy.Checked checked = policy.check(header().build().toBase64URL().toString());

            assertThat(checked.key()).isSameAs(KEY);
            assertThat(checked.trusted()).isFalse();
        }

        @Test
        void refusedHeadersAreUnsupported() {
            refused(() -> policy.check(header().type(JOSEObjectType.JWT).build().toBase64URL().toString()),
                    Reason.UNSUPPORTED);
            refused(() -> policy.check(header().keyID("other").build().toBase64URL().toString()), Reason.UNSUPPORTED);
            refused(() -> policy.check(new JWSHeader.Builder(JWSAlgorithm.HS384).type(new JOSEObjectType("at+jwt"))
                    .keyID(KEY.kid()).build().toBase64URL().toString()), Reason.UNSUPPORTED);
            refused(() -> policy.check(b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + KEY.kid()
                    + "\",\"crit\":[\"exp\"],\"exp\":1}")), Reason.UNSUPPORTED);
            refused(() -> policy.check(b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + KEY.kid()
                    + "\",\"jku\":\"https://attacker.example/keys\"}")), Reason.UNSUPPORTED);
            refused(() -> policy.check(b64("not json")), Reason.MALFORMED);
        }

        @Test
        void onlyAHeaderWhoseTokenVerifiedIsRememberedAndAtMostSixtyFourOfThem() {
            String text = header().build().toBase64URL().toString();
            HeaderPolicy.Checked first = policy.check(text);
            assertThat(policy.check(text).trusted()).as("not trusted before a signature verified").isFalse();

            policy.trust(text, first);

            assertThat(policy.check(text).trusted()).isTrue();
            for (int i = 0; i < HeaderPolicy.TRUSTED_HEADERS; i++) {
                String other = header().customParam("n", i).build().toBase64URL().toString();
                policy.trust(other, policy.check(other));
            }
            assertThat(policy.check(text).trusted()).as("the oldest forgotten").isFalse();
        }
    }

    @Nested
    class Signatures {

        @Test
        void theSignatureMustBeTheNamedKeysOverHeaderAndPayload() {
            HeaderPolicy policy = new HeaderPolicy(KeyRing.of(KEY));
            String token = sign(header().build(), claims().build(), KEY.signer());
            CompactJws jws = CompactJws.parse(token);
            SignatureCheck.verify(jws, policy.check(jws.headerText()));

            String[] parts = token.split("\\.");
            CompactJws otherPayload = CompactJws.parse(parts[0] + "." + b64("{\"sub\":\"x\"}") + "." + parts[2]);
            refused(() -> SignatureCheck.verify(otherPayload, policy.check(otherPayload.headerText())),
                    Reason.BAD_SIGNATURE);
            TokenKey stranger = TokenKey.hs256("another secret of at least thirty-two bytes!!");
            String forged = sign(header().build(), claims().build(), stranger.signer());
            CompactJws forgedJws = CompactJws.parse(forged);
            refused(() -> SignatureCheck.verify(forgedJws, policy.check(forgedJws.headerText())),
                    Reason.BAD_SIGNATURE);
        }
    }

    @Nested
    class Claims {

        private final ClaimsCheck check = new ClaimsCheck("latchkey", "latchkey");

        private String payload(JWTClaimsSet claims) {
            return b64(claims.toString());
        }

        @Test
        void aPayloadWithEveryRequiredClaimIsRead() {
            JWTClaimsSet claims = claims().notBeforeTime(Date.from(NOW)).build();
            ClaimsCheck.Read read = check.read(payload(claims));

            assertThat(read.token().userId().toString()).isEqualTo(claims.getSubject());
            assertThat(read.token().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
            assertThat(read.notBefore()).isEqualTo(NOW);
        }

        @Test
        void wrongIssuerOrAudienceAndMissingClaimsAreRefused() {
            refused(() -> check.read(payload(claims().issuer("other").build())), Reason.WRONG_ISSUER);
            refused(() -> check.read(payload(claims().audience("other").build())), Reason.WRONG_AUDIENCE);
            refused(() -> check.read(payload(claims().expirationTime(null).build())), Reason.MALFORMED);
            refused(() -> check.read(payload(claims().issueTime(null).build())), Reason.MALFORMED);
            refused(() -> check.read(payload(claims().subject("not a uuid").build())), Reason.MALFORMED);
            refused(() -> check.read(payload(claims().claim("sid", null).build())), Reason.MALFORMED);
            refused(() -> check.read(payload(claims().jwtID("").build())), Reason.MALFORMED);
            refused(() -> check.read(b64("[1,2]")), Reason.MALFORMED);
        }
    }

    @Nested
    class Times {

        private final TimeCheck check = new TimeCheck(Duration.ofSeconds(60));
        private final VerifiedAccessToken token = new VerifiedAccessToken(UserId.random(), SessionId.random(), "t",
                NOW, NOW.plus(Duration.ofMinutes(30)));

        @Test
        void usableFromIssueToExpiryWithinTheLeeway() {
            check.check(token, null, NOW.minusSeconds(59));
            check.check(token, NOW, NOW.plus(Duration.ofMinutes(30)).plusSeconds(59));
            refused(() -> check.check(token, null, NOW.plus(Duration.ofMinutes(31))), Reason.EXPIRED);
            refused(() -> check.check(token, null, NOW.minusSeconds(61)), Reason.NOT_YET_VALID);
            refused(() -> check.check(token, NOW.plusSeconds(120), NOW), Reason.NOT_YET_VALID);
        }
    }

    @Nested
    class Memory {

        @Test
        void pastItsCapacityTheOldestIsForgottenOneAtATimeNeverEverything() {
            BoundedMemory<Integer> memory = new BoundedMemory<>(100);
            for (int i = 0; i < 150; i++) {
                memory.put("k" + i, i);
                assertThat(memory.size()).isEqualTo(Math.min(i + 1, 100));
            }
            assertThat(memory.get("k49")).isNull();
            assertThat(memory.get("k50")).isEqualTo(50);
            assertThat(memory.get("k149")).isEqualTo(149);
        }

        @Test
        void aKeyPutAgainKeepsItsPlaceAndItsFirstValue() {
            BoundedMemory<Integer> memory = new BoundedMemory<>(2);
            memory.put("a", 1);
            memory.put("a", 2);
            memory.put("b", 3);

            assertThat(memory.size()).isEqualTo(2);
            assertThat(memory.get("a")).isEqualTo(1);
        }

        @Test
        void manyThreadsPuttingAtOnceLeaveExactlyTheCapacity() throws Exception {
            BoundedMemory<Integer> memory = new BoundedMemory<>(1_000);
            Race.run(8, thread -> {
                for (int i = 0; i < 20_000; i++) {
                    memory.put(thread + ":" + i, i);
                }
                return null;
            });
            assertThat(memory.size()).isEqualTo(1_000);
            int present = 0;
            for (int thread = 0; thread < 8; thread++) {
                for (int i = 0; i < 20_000; i++) {
                    present += memory.get(thread + ":" + i) == null ? 0 : 1;
                }
            }
            assertThat(present).as("what it counts is what it holds").isEqualTo(1_000);
        }
    }
}
