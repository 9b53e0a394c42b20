package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import static dev.latchkey.core.testing.Jws.b64;
import static dev.latchkey.core.testing.Jws.sign;
import static dev.latchkey.core.testing.Jws.signatureTwin;

import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of the verifier (the README's "How it behaves"), each breaking exactly that rule. */
class AccessTokenVerifierTest {

    private static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final TokenKey key = TokenKey.hs256(Fixtures.SECRET);
    private final UserId user = UserId.random();
    private final SessionId session = SessionId.random();
    private RevocationList revocations;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void setUp() {
        revocations = new RevocationList(Duration.ofMinutes(31));
        verifier = verifierFor(KeyRing.of(key));
    }

    private AccessTokenVerifier verifierFor(KeyRing ring) {
        return new AccessTokenVerifier(ring, "latchkey", "latchkey", LEEWAY, clock, revocations);
    }

    private JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(key.kid());
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer("latchkey").audience("latchkey").subject(user.toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))
                .jwtID(UUID.randomUUID().toString()).claim("sid", session.toString());
    }


    private String token(Consumer<JWSHeader.Builder> editHeader, Consumer<JWTClaimsSet.Builder> editClaims) {
        JWSHeader.Builder h = header();
        editHeader.accept(h);
        JWTClaimsSet.Builder c = claims();
        editClaims.accept(c);
        return sign(h.build(), c.build(), key.signer());
    }

    private String validToken() {
        return token(h -> { }, c -> { });
    }

    private void assertRefused(String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isEqualTo(InvalidTokenException.MESSAGE);
                });
    }


    @Test
    void aValidTokenVerifiesAndNamesUserSessionAndTokenId() {
        VerifiedAccessToken verified = verifier.verify(validToken());

        assertThat(verified.userId()).isEqualTo(user);
        assertThat(verified.sessionId()).isEqualTo(session);
        assertThat(verified.tokenId()).isNotBlank();
        assertThat(verified.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void algNoneIsRefusedInEveryCasingWithAndWithoutSignature(String alg) {
        String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}");
        String payload = claims().build().toPayload().toBase64URL().toString();
        String signature = validToken().split("\\.")[2];

        assertThatThrownBy(() -> verifier.verify(header + "." + payload + "."))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(header + "." + payload + "." + signature))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = validToken().split("\\.");
        String forged = claims().subject(UserId.random().toString()).build().toPayload().toBase64URL().toString();

        assertRefused(parts[0] + "." + forged + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void aStrippedSignatureIsRefused() {
        String[] parts = validToken().split("\\.");
        assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + "."))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aTokenSignedWithAnotherSecretUnderTheSameKidIsRefused() throws Exception {
        String forged = sign(header().build(), claims().build(),
                new MACSigner("another-secret-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        assertRefused(forged, Reason.BAD_SIGNATURE);
    }

    @Test
    void keyConfusionAnHs256TokenKeyedWithTheEs256PublicKeyIsRefused() throws Exception {
        TokenKey es = TokenKey.generate(SigningAlgorithm.ES256, "es-1", RANDOM);
        verifier = verifierFor(KeyRing.of(es));
        byte[] publicKeyAsSecret = es.publicJwk().orElseThrow().getBytes(StandardCharsets.UTF_8);
        String forged = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID("es-1").build(), claims().build(), new MACSigner(publicKeyAsSecret));

        assertRefused(forged, Reason.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS384", "HS512"})
    void otherHmacAlgorithmsAreRefusedWhenOnlyHs256IsConfigured(String alg) throws Exception {
        byte[] longSecret = (Fixtures.SECRET + Fixtures.SECRET).getBytes(StandardCharsets.UTF_8);
        String forged = sign(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).type(new JOSEObjectType("at+jwt"))
                .keyID(key.kid()).build(), claims().build(), new MACSigner(longSecret));
        assertRefused(forged, Reason.UNSUPPORTED);
    }

    @Test
    void anExpiredTokenIsRefusedOnlyBeyondTheLeeway() {
        String token = validToken();
        clock.advance(Duration.ofMinutes(30).plus(LEEWAY).minusSeconds(1));
        assertThat(verifier.verify(token).userId()).isEqualTo(user);

        clock.advance(Duration.ofSeconds(1));
        assertRefused(token, Reason.EXPIRED);
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheLeeway() {
        Instant future = clock.instant().plus(LEEWAY).plusSeconds(1);
        assertRefused(token(h -> { }, c -> c.notBeforeTime(Date.from(future))), Reason.NOT_YET_VALID);
        assertRefused(token(h -> { }, c -> c.issueTime(Date.from(future))), Reason.NOT_YET_VALID);
        Instant withinLeeway = clock.instant().plus(LEEWAY);
        assertThat(verifier.verify(token(h -> { }, c -> c.notBeforeTime(Date.from(withinLeeway))))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "sub", "sid", "jti"})
    void aTokenMissingARequiredClaimIsRefused(String claim) {
        assertRefused(token(h -> { }, c -> c.claim(claim, null)), Reason.MALFORMED);
    }

    @Test
    void aSubjectOrSessionThatIsNotAUuidIsRefused() {
        assertRefused(token(h -> { }, c -> c.subject("admin")), Reason.MALFORMED);
        assertRefused(token(h -> { }, c -> c.claim("sid", 42)), Reason.MALFORMED);
    }

    @Test
    void aWrongIssuerIsRefused() {
        assertRefused(token(h -> { }, c -> c.issuer("https://evil.example")), Reason.WRONG_ISSUER);
        assertRefused(token(h -> { }, c -> c.issuer(null)), Reason.WRONG_ISSUER);
    }

    @Test
    void anAudienceWithoutOursIsRefusedAndOneThatIncludesOursIsAccepted() {
        assertRefused(token(h -> { }, c -> c.audience("another-service")), Reason.WRONG_AUDIENCE);
        assertRefused(token(h -> { }, c -> c.audience((String) null)), Reason.WRONG_AUDIENCE);
        assertThat(verifier.verify(token(h -> { }, c -> c.audience(List.of("billing", "latchkey"))))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+jwt+extra", "application/jwt"})
    void aTypeOtherThanAtJwtIsRefused(String type) {
        assertRefused(token(h -> h.type(new JOSEObjectType(type)), c -> { }), Reason.UNSUPPORTED);
    }

    @Test
    void aMissingTypeIsRefusedAndTheMediaTypeFormsAreAcceptedInAnyCase() {
        assertRefused(token(h -> h.type(null), c -> { }), Reason.UNSUPPORTED);
        assertThat(verifier.verify(token(h -> h.type(new JOSEObjectType("AT+JWT")), c -> { }))).isNotNull();
        assertThat(verifier.verify(token(h -> h.type(new JOSEObjectType("application/at+jwt")), c -> { })))
                .isNotNull();
    }

    @Test
    void anUnknownCriticalHeaderIsRefused() {
        assertRefused(token(h -> h.criticalParams(Set.of("exp-policy")).customParam("exp-policy", "x"), c -> { }),
                Reason.UNSUPPORTED);
    }

    @Test
    void embeddedKeyAndKeyUrlHeadersAreRefused() throws Exception {
        ECKey attackerKey = ECKey.parse(TokenKey.generate(SigningAlgorithm.ES256, "evil", RANDOM).publicJwk().orElseThrow());
        assertRefused(token(h -> h.jwkURL(URI.create("https://evil.example/jwks.json")), c -> { }), Reason.UNSUPPORTED);
        assertRefused(token(h -> h.jwk(attackerKey), c -> { }), Reason.UNSUPPORTED);
        assertRefused(token(h -> h.x509CertURL(URI.create("https://evil.example/cert.pem")), c -> { }),
                Reason.UNSUPPORTED);
    }

    @Test
    void anUnknownOrMissingKidIsRefused() {
        assertRefused(token(h -> h.keyID("../../../dev/null"), c -> { }), Reason.UNSUPPORTED);
        assertRefused(token(h -> h.keyID("' OR 1=1 --"), c -> { }), Reason.UNSUPPORTED);
        assertRefused(token(h -> h.keyID(null), c -> { }), Reason.UNSUPPORTED);
    }

    @Test
    void anAllZeroEs256SignatureIsRefused() {
        TokenKey es = TokenKey.generate(SigningAlgorithm.ES256, "es-1", RANDOM);
        verifier = verifierFor(KeyRing.of(es));
        String valid = sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID("es-1").build(), claims().build(), es.signer());
        String[] parts = valid.split("\\.");
        String zeros = Base64URL.encode(new byte[64]).toString();

        assertThat(verifier.verify(valid)).isNotNull();
        assertRefused(parts[0] + "." + parts[1] + "." + zeros, Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d.e", "....", "not-base64!.x.y", "e30.e30.e30"})
    void shapesThatAreNotASignedJwtAreRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void charactersOutsideUnpaddedBase64UrlAreRefusedEvenAroundAValidSignature() {
        String valid = validToken();
        assertThat(verifier.verify(valid)).isNotNull();
        int firstDot = valid.indexOf('.');

        assertRefused(valid + "=", Reason.MALFORMED);
        assertRefused(valid + "\n", Reason.MALFORMED);
        assertRefused(" " + valid, Reason.MALFORMED);
        assertRefused(valid.substring(0, firstDot) + "=." + valid.substring(firstDot + 1), Reason.MALFORMED);
        assertRefused(valid.substring(0, firstDot + 1) + "+/" + valid.substring(firstDot + 1), Reason.MALFORMED);
    }

    @Test
    void aSignatureWrittenAnotherWayForTheSameBytesIsRefused() {
        String valid = validToken();
        // 32 bytes are 43 characters; the last one's two low bits are not part of the bytes.
        String twin = signatureTwin(valid);

        assertThat(java.util.Base64.getUrlDecoder().decode(twin.substring(twin.lastIndexOf('.') + 1)))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(valid.substring(valid.lastIndexOf('.') + 1)));
        assertRefused(twin, Reason.MALFORMED);
        assertThat(verifier.verify(valid).userId()).isEqualTo(user);
    }

    @Test
    void aSignatureOfTheWrongLengthIsRefused() {
        String valid = validToken();
        assertRefused(valid.substring(0, valid.length() - 3), Reason.BAD_SIGNATURE);
        assertRefused(valid + "AAAA", Reason.BAD_SIGNATURE);
    }

    @Test
    void thePayloadIsReadOnlyAfterTheSignatureIsChecked() {
        String header = validToken().split("\\.")[0];
        String notJson = b64("not json");
        String signed = sign(header().build(), claims().build(), key.signer());

        assertRefused(header + "." + notJson + "." + signed.split("\\.")[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void aTokenSignedByAnotherJwtLibraryWithTheSharedSecretVerifies() throws Exception {
        String foreign = sign(header().build(), claims().build(),
                new MACSigner(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(verifier.verify(foreign).sessionId()).isEqualTo(session);
    }

    @Test
    void aNullTokenIsRefused() {
        assertRefused(null, Reason.MALFORMED);
    }

    @Test
    void aJweShapedTokenWithFiveSegmentsIsRefusedBeforeParsing() {
        assertRefused("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", Reason.MALFORMED);
    }

    @Test
    void anOversizedTokenIsRefusedBeforeParsing() {
        String huge = validToken() + "A".repeat(100_000);
        assertRefused(huge, Reason.MALFORMED);
    }

    @Test
    void aDeeplyNestedHeaderIsRefusedWithoutCrashing() {
        String nested = "[".repeat(3000) + "]".repeat(3000);
        String header = b64("{\"alg\":\"HS256\",\"x\":" + nested + "}");
        assertThatThrownBy(() -> verifier.verify(header + ".e30.c2ln")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aPayloadThatIsNotJsonIsRefused() {
        String header = validToken().split("\\.")[0];
        assertThatThrownBy(() -> verifier.verify(header + "." + b64("not json") + ".c2ln"))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aRefreshTokenPresentedAsAnAccessTokenIsRefused() {
        assertRefused("p5mJ8rjVq3xTQ0gYk6h4vWb1Nc2Ld7Ze9Fs0Ua3Ro8I", Reason.MALFORMED);
    }

    @Test
    void aTokenOfAnEndedSessionIsRefused() {
        String token = validToken();
        revocations.sessionEnded(session, clock.instant());
        assertRefused(token, Reason.REVOKED);
    }

    @Test
    void aTokenIssuedBeforeTheUsersCutoffIsRefused() {
        String token = validToken();
        clock.advance(Duration.ofSeconds(1));
        revocations.tokensRevokedBefore(user, clock.instant());
        assertRefused(token, Reason.REVOKED);
        assertThat(verifier.verify(validToken())).as("issued at the cutoff second").isNotNull();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void everyAlgorithmSignsTokensItsVerifierAccepts(SigningAlgorithm algorithm) {
        TokenKey signing = TokenKey.generate(algorithm, "k1", RANDOM);
        KeyRing ring = KeyRing.of(signing);
        AccessTokenIssuer issuer = new AccessTokenIssuer(ring, "latchkey", "latchkey", Duration.ofMinutes(30), clock,
                AccessTokenClaims.NONE);
        IssuedAccessToken issued = issuer.issue(user, session, clock.instant().plus(Duration.ofDays(7)), Set.of(), 0);

        assertThat(verifierFor(ring).verify(issued.value()).sessionId()).isEqualTo(session);
        assertThat(verifierFor(KeyRing.of(TokenKey.generate(algorithm, "k2", RANDOM), signing.toPublicKey()))
                .verify(issued.value()).userId()).as("with only the public key").isEqualTo(user);
    }

    @Test
    void afterAKeyRotationTokensOfTheOldKeyStillVerify() {
        TokenKey old = TokenKey.generate(SigningAlgorithm.ES256, "2025", RANDOM);
        TokenKey current = TokenKey.generate(SigningAlgorithm.EdDSA, "2026", RANDOM);
        String oldToken = new AccessTokenIssuer(KeyRing.of(old), "latchkey", "latchkey", Duration.ofMinutes(30), clock,
                AccessTokenClaims.NONE)
                .issue(user, session, clock.instant().plus(Duration.ofDays(1)), Set.of(), 0).value();
        KeyRing rotated = KeyRing.of(current, old.toPublicKey());

        assertThat(verifierFor(rotated).verify(oldToken).userId()).isEqualTo(user);
        String newToken = new AccessTokenIssuer(rotated, "latchkey", "latchkey", Duration.ofMinutes(30), clock,
                AccessTokenClaims.NONE)
                .issue(user, session, clock.instant().plus(Duration.ofDays(1)), Set.of(), 0).value();
        assertThat(newToken.split("\\.")[0]).isEqualTo(b64("{\"kid\":\"2026\",\"typ\":\"at+jwt\",\"alg\":\"EdDSA\"}"));
        assertThatThrownBy(() -> verifierFor(KeyRing.of(current)).verify(oldToken))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aRememberedTokensTamperedTwinIsStillRefused() {
        String token = validToken();
        assertThat(verifier.verify(token).userId()).isEqualTo(user);
        String[] parts = token.split("\\.");
        String forged = claims().subject(UserId.random().toString()).build().toPayload().toBase64URL().toString();

        assertRefused(parts[0] + "." + forged + "." + parts[2], Reason.BAD_SIGNATURE);
        int signature = token.lastIndexOf('.') + 1;
        char flipped = token.charAt(signature) == 'A' ? 'B' : 'A';
        assertRefused(token.substring(0, signature) + flipped + token.substring(signature + 1), Reason.BAD_SIGNATURE);
        assertThat(verifier.verify(token).userId()).isEqualTo(user);
    }

    @Test
    void aHeaderSeenOnAVerifiedTokenStillNeedsASignatureByTheKeyItNames() {
        byte[] otherSecret = "another-secret-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        TokenKey other = TokenKey.hs256("other", otherSecret);
        verifier = verifierFor(KeyRing.of(key, other));
        JWSHeader otherHeader = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID("other").build();
        assertThat(verifier.verify(validToken()).userId()).isEqualTo(user);
        assertThat(verifier.verify(sign(otherHeader, claims().build(), other.signer())).userId()).isEqualTo(user);

        assertRefused(sign(header().build(), claims().build(), other.signer()), Reason.BAD_SIGNATURE);
        assertRefused(sign(otherHeader, claims().build(), key.signer()), Reason.BAD_SIGNATURE);
        String[] parts = validToken().split("\\.");
        assertRefused(parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[32]), Reason.BAD_SIGNATURE);
    }

    @Test
    void pastTheHeaderBoundEveryKeysTokensAreStillVerifiedAgainstTheirOwnKey() {
        List<TokenKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            keys.add(TokenKey.generate(SigningAlgorithm.HS256, "k" + i, RANDOM));
        }
        verifier = verifierFor(KeyRing.of(keys.get(0), keys.subList(1, keys.size())));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < keys.size(); i++) {
                JWSHeader named = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                        .keyID("k" + i).build();
                assertThat(verifier.verify(sign(named, claims().build(), keys.get(i).signer())).sessionId())
                        .isEqualTo(session);
                assertRefused(sign(named, claims().build(), keys.get((i + 1) % keys.size()).signer()),
                        Reason.BAD_SIGNATURE);
            }
        }
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsSessionEndsOrItsUserIsCutOff() {
        String token = validToken();
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(1));
        revocations.tokensRevokedBefore(user, clock.instant());

        assertRefused(token, Reason.REVOKED);
    }

    @Test
    void pastTheMemoryBoundEveryTokenIsStillVerifiedCorrectly() {
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < AccessTokenVerifier.REMEMBERED_TOKENS + 50; i++) {
            tokens.add(validToken());
        }
        for (String token : tokens) {
            assertThat(verifier.verify(token).sessionId()).isEqualTo(session);
        }
        revocations.sessionEnded(session, clock.instant());
        assertRefused(tokens.get(0), Reason.REVOKED);
        assertRefused(tokens.get(tokens.size() - 1), Reason.REVOKED);
    }
}
