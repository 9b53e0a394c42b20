package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.UserId;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.memory.InMemoryOneTimeTokenRepository;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.RecordingMailSender;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.UserRepository;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint and every status row of auth-servlet's README, over a real socket to a real servlet
 * container. A subclass supplies the stores (in memory, or PostgreSQL through auth-jdbi) and may
 * choose the container (Jetty unless it says otherwise).
 */
abstract class AbstractEndpointsTest {

    private static final String GUIDE_REGISTRATION = """
            {
              "real_name": "테스트 사용자",
              "email": "test@example.com",
              "phone_number": "010-1234-5678",
              "password": "testpassword123"
            }""";
    private static final String GUIDE_LOGIN = """
            {
              "email": "test@example.com",
              "password": "testpassword123"
            }""";

    private final Outage outage = new Outage();
    private TestServer server;
    private Latchkey latchkey;
    private final RecordingMailSender mailbox = new RecordingMailSender();
    private MailDelivery delivery;
    protected Http http;

    /** Fresh, empty user storage for one test. */
    protected abstract UserRepository users();

    /** Fresh, empty session storage for one test, beside {@link #users()}. */
    protected abstract SessionRepository sessions();

    /** The container the endpoints run in. */
    protected ServletContainer container() {
        return ServletContainer.JETTY;
    }

    /** Where password checks and registrations are counted, beside {@link #users()}. */
    protected LoginThrottle throttle() {
        return new InMemoryLoginThrottle();
    }

    /** Where reset and verification tokens are kept, beside {@link #users()}. */
    protected OneTimeTokenRepository oneTimeTokens() {
        return new InMemoryOneTimeTokenRepository();
    }

    @BeforeEach
    void startServer() throws Exception {
        UserRepository users = outage.guard(UserRepository.class, users());
        SessionRepository sessions = outage.guard(SessionRepository.class, sessions());
        delivery = MailDelivery.builder(mailbox).build();
        latchkey = Latchkey.builder().users(users).sessions(sessions).throttle(throttle())
                .oneTimeTokens(oneTimeTokens())
                .mail(delivery, MailTemplates.builder(URI.create("http://localhost:8000/")).build())
                .keys(KeyRing.hs256(Fixtures.SECRET)).config(Fixtures.fastConfig().build()).build();
        server = new TestServer(container(), latchkey, new LatchkeyServlet(latchkey));
        http = new Http(server.base());
    }

    @AfterEach
    void stopServer() {
        server.close();
        delivery.close();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private JsonNode registerGuideUser() {
        Http.Answer answer = http.postJson("/api/auth/register", GUIDE_REGISTRATION);
        assertThat(answer.status()).isEqualTo(201);
        return answer.json();
    }

    private JsonNode login(String email, String password, String... headers) {
        Http.Answer answer = http.postJson("/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", headers);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode loginGuideUser() {
        return login("test@example.com", "testpassword123");
    }

    private static List<String> keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertJsonError(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(answer.json()).as("a JSON body").isNotNull();
        assertThat(answer.json().get("detail").isTextual()).isTrue();
        assertThat(answer.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(answer.raw().body()).doesNotContain("Exception").doesNotContain("<html").doesNotContain("at dev.");
    }

    private static void assertInvalidToken(Http.Answer answer) {
        assertJsonError(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\", error=\"invalid_token\"");
    }

    // ---- the guide's calls ---------------------------------------------------------------------

    @Test
    void theGuidesRegisterCallAnswers201WithTheUserObject() {
        Http.Answer answer = http.postJson("/api/auth/register", GUIDE_REGISTRATION);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(keys(answer.json())).containsExactly("id", "real_name", "email", "phone_number", "is_active",
                "created_at", "roles", "email_verified");
        assertThat(answer.json().get("roles").isArray()).isTrue();
        assertThat(answer.json().get("roles")).isEmpty();
        assertThat(answer.json().get("real_name").asText()).isEqualTo("테스트 사용자");
        assertThat(answer.json().get("is_active").asBoolean()).isTrue();
        assertThat(UUID.fromString(answer.json().get("id").asText())).isNotNull();
        assertThat(answer.raw().body()).doesNotContain("password");
    }

    @Test
    void theGuidesLoginCallAnswersWithBothTokensAndTheUser() {
        registerGuideUser();

        Http.Answer answer = http.postJson("/api/auth/login", GUIDE_LOGIN);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(keys(answer.json())).containsExactly("access_token", "refresh_token", "token_type", "expires_in",
                "user");
        assertThat(answer.json().get("token_type").asText()).isEqualTo("bearer");
        assertThat(answer.json().get("expires_in").asInt()).isEqualTo(1800);
        assertThat(answer.json().get("user").get("email").asText()).isEqualTo("test@example.com");
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("Pragma")).contains("no-cache");
        assertThat(answer.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(answer.header("Server")).as("no server banner").isEmpty();
    }

    @Test
    void theGuidesRefreshCallAnswersWithANewAccessToken() {
        registerGuideUser();
        JsonNode login = loginGuideUser();

        Http.Answer answer = http.postJson("/api/auth/refresh",
                "{\"refresh_token\": \"" + login.get("refresh_token").asText() + "\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(keys(answer.json())).containsExactly("access_token", "token_type", "expires_in");
        assertThat(answer.json().get("expires_in").asInt()).isEqualTo(1800);
        assertThat(http.get("/api/notes", answer.json().get("access_token").asText()).status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    @Test
    void theGuidesRefreshPlaceholderTokenIsRefused() {
        assertJsonError(http.postJson("/api/auth/refresh", "{\"refresh_token\": \"your-refresh-token-here\"}"), 401);
    }

    // ---- 400 -----------------------------------------------------------------------------------

    @Test
    void invalidRegistrationFieldsAre400WithPerFieldErrorsAndStoreNothing() {
        Http.Answer answer = http.postJson("/api/auth/register",
                "{\"real_name\": \"\", \"email\": \"not-an-email\", \"password\": \"short\"}");

        assertJsonError(answer, 400);
        assertThat(answer.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("real_name", "email", "password");
        assertThat(http.postJson("/api/auth/login", "{\"email\":\"not-an-email\",\"password\":\"short\"}").status())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"email\": }", "not json", "[]", "\"text\"", "42", "null",
        "{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"password\":\"x\"}", "{} {}"})
    void malformedJsonIs400(String body) {
        assertJsonError(http.postJson("/api/auth/login", body), 400);
    }

    @Test
    void wrongTypesAre400NamingTheFields() {
        Http.Answer answer = http.postJson("/api/auth/login", "{\"email\": 123, \"password\": [\"x\"]}");

        assertJsonError(answer, 400);
        assertThat(answer.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("email", "password");
    }

    @Test
    void missingFieldsAre400AndUnknownFieldsAreIgnored() {
        assertJsonError(http.postJson("/api/auth/refresh", "{}"), 400);
        registerGuideUser();
        assertThat(http.postJson("/api/auth/login",
                "{\"email\":\"test@example.com\",\"password\":\"testpassword123\",\"remember_me\":true}").status())
                .isEqualTo(200);
    }

    @Test
    void anEmptyBodyIs400() {
        assertJsonError(http.postJson("/api/auth/register", ""), 400);
    }

    @Test
    void twoAuthorizationHeadersAre400() {
        Http.Answer answer = http.send(http.request("/api/notes").header("Authorization", "Bearer a.b.c")
                .header("Authorization", "Bearer d.e.f").GET().build());

        assertJsonError(answer, 400);
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_request"));
    }

    @Test
    void aTokenInTheQueryStringIs400() {
        registerGuideUser();
        String access = loginGuideUser().get("access_token").asText();

        assertJsonError(http.get("/api/notes?access_token=" + access, null), 400);
        assertJsonError(http.get("/api/notes?access_token=" + access, access), 400);
    }

    // ---- 401 -----------------------------------------------------------------------------------

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSame401() {
        registerGuideUser();

        Http.Answer wrong = http.postJson("/api/auth/login", "{\"email\":\"test@example.com\",\"password\":\"nope-nope\"}");
        Http.Answer unknown = http.postJson("/api/auth/login", "{\"email\":\"who@example.com\",\"password\":\"nope-nope\"}");

        assertJsonError(wrong, 401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.raw().body()).isEqualTo(wrong.raw().body()).contains("Incorrect email or password");
    }

    @Test
    void noTokenIs401WithoutAnErrorCode() {
        Http.Answer answer = http.get("/api/notes", null);

        assertJsonError(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
        assertThat(answer.detail()).isEqualTo("Not authenticated");
        assertThat(http.get("/api/auth/me", null).header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x y"})
    void aBadTokenIs401InvalidToken(String token) {
        assertInvalidToken(http.get("/api/notes", token));
        assertInvalidToken(http.get("/api/auth/me", token));
    }

    @Test
    void theSchemeIsCaseInsensitiveAndOtherSchemesCountAsNoToken() {
        registerGuideUser();
        String access = loginGuideUser().get("access_token").asText();

        for (String scheme : List.of("bearer", "BEARER", "Bearer", "bEaReR")) {
            assertThat(http.send(http.request("/api/notes").header("Authorization", scheme + " " + access).GET().build())
                    .status()).as(scheme).isEqualTo(200);
        }
        Http.Answer basic = http.send(http.request("/api/notes").header("Authorization", "Basic dXNlcjpwYXNz").GET().build());
        assertJsonError(basic, 401);
        assertThat(basic.header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
    }

    @Test
    void logoutRefusesTheAccessAndRefreshTokensAtOnce() {
        registerGuideUser();
        JsonNode login = loginGuideUser();
        String access = login.get("access_token").asText();
        assertThat(http.get("/api/notes", access).status()).isEqualTo(200);

        Http.Answer logout = http.post("/api/auth/logout", access);

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json()).isNotNull();
        assertInvalidToken(http.get("/api/notes", access));
        assertInvalidToken(http.get("/api/auth/me", access));
        assertJsonError(http.postJson("/api/auth/refresh",
                "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}"), 401);
    }

    @Test
    void logoutWithTheGuidesOptionalRefreshTokenEndsThatSessionToo() {
        registerGuideUser();
        JsonNode phone = loginGuideUser();
        JsonNode laptop = loginGuideUser();

        Http.Answer logout = http.postJson("/api/auth/logout",
                "{\"refresh_token\": \"" + laptop.get("refresh_token").asText() + "\"}",
                "Authorization", "Bearer " + phone.get("access_token").asText());

        assertThat(logout.status()).isEqualTo(200);
        assertInvalidToken(http.get("/api/notes", laptop.get("access_token").asText()));
    }

    @Test
    void revokeAllRefusesEveryDevicesTokensAtOnce() {
        registerGuideUser();
        JsonNode a = loginGuideUser();
        JsonNode b = loginGuideUser();
        JsonNode c = loginGuideUser();

        Http.Answer answer = http.post("/api/auth/revoke-all-tokens", a.get("access_token").asText());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("revoked_sessions").asInt()).isEqualTo(3);
        for (JsonNode login : List.of(a, b, c)) {
            assertInvalidToken(http.get("/api/notes", login.get("access_token").asText()));
            assertThat(http.postJson("/api/auth/refresh",
                    "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}").status()).isEqualTo(401);
        }
    }

    // ---- 403, 404, 405 -------------------------------------------------------------------------

    @Test
    void endingAnotherUsersSessionIs403AndAnUnknownOneIs404() {
        registerGuideUser();
        JsonNode mine = loginGuideUser();
        http.postJson("/api/auth/register",
                "{\"real_name\":\"Other\",\"email\":\"other@example.com\",\"password\":\"password-other\"}");
        JsonNode theirs = login("other@example.com", "password-other");
        String theirSession = http.get("/api/auth/sessions", theirs.get("access_token").asText()).json().get(0)
                .get("id").asText();
        String access = mine.get("access_token").asText();

        assertJsonError(http.delete("/api/auth/sessions/" + theirSession, access), 403);
        assertJsonError(http.delete("/api/auth/sessions/" + UUID.randomUUID(), access), 404);
        assertJsonError(http.delete("/api/auth/sessions/not-a-uuid", access), 404);
        assertThat(http.get("/api/notes", theirs.get("access_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAre404Json() {
        assertJsonError(http.get("/api/auth/nope", null), 404);
        assertJsonError(http.postJson("/api/auth/login/", "{}"), 404);
        assertJsonError(http.get("/api/auth/sessions/a/b", null), 404);
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        Http.Answer getLogin = http.get("/api/auth/login", null);
        assertJsonError(getLogin, 405);
        assertThat(getLogin.header("Allow")).contains("POST");

        Http.Answer postMe = http.postJson("/api/auth/me", "{}");
        assertJsonError(postMe, 405);
        assertThat(postMe.header("Allow")).contains("GET, HEAD");

        Http.Answer putSession = http.send(http.request("/api/auth/sessions/" + UUID.randomUUID())
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(putSession.header("Allow")).contains("DELETE");
        assertThat(http.send(http.request("/.well-known/jwks.json").DELETE().build()).status()).isEqualTo(405);
    }

    // ---- 409, 413, 415, 429, 503 ---------------------------------------------------------------

    @Test
    void registeringAnExistingEmailInAnyCaseIs409() {
        registerGuideUser();

        assertJsonError(http.postJson("/api/auth/register", GUIDE_REGISTRATION.replace("test@example.com",
                "TEST@Example.com")), 409);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "{\"email\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
        Http.Answer answer = http.postJson("/api/auth/login", huge);
        assertJsonError(answer, 413);
        assertThat(answer.header("Connection")).as("the unread body ends the connection").contains("close");
    }

    @Test
    void aBodyOverTheLimitThatKeepsArrivingIsStillAnswered413() throws Exception {
        // A client that sends its whole body before it reads (curl, java.net.http without
        // Expect: 100-continue) must read the 413, not a connection reset: a body of moderate size
        // is read and dropped before the answer.
        byte[] body = ("{\"email\":\"" + "a".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.base().getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 1024);
            out.flush();
            Thread.sleep(300);
            out.write(body, 1024, body.length - 1024);
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            RawHttp.Answer parsed = RawHttp.parse(answer);
            assertThat(parsed.status()).as(parsed.toString()).isEqualTo(413);
            assertThat(parsed.json().get("detail").asText()).contains("larger than");
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1")) {
            Http.Answer answer = http.send(http.request("/api/auth/login").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(GUIDE_LOGIN)).build());
            assertJsonError(answer, 415);
        }
        assertThat(http.send(http.request("/api/auth/register").header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(GUIDE_REGISTRATION)).build()).status()).isEqualTo(201);
    }

    @Test
    void aThrottledLoginIs429WithRetryAfter() {
        registerGuideUser();
        for (int i = 0; i < 5; i++) {
            assertThat(http.postJson("/api/auth/login", "{\"email\":\"test@example.com\",\"password\":\"wrong-one\"}")
                    .status()).isEqualTo(401);
        }

        Http.Answer answer = http.postJson("/api/auth/login", GUIDE_LOGIN);

        assertJsonError(answer, 429);
        assertThat(answer.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 900));
    }

    @Test
    void ofAHundredParallelWrongPasswordsFiveAreCheckedAndTheRestAre429() throws Exception {
        registerGuideUser();

        List<Integer> statuses = Race.run(100, i -> http.postJson("/api/auth/login",
                "{\"email\":\"test@example.com\",\"password\":\"wrong-" + i + "\"}").status());

        assertThat(statuses).filteredOn(status -> status == 401).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(95);
        assertJsonError(http.postJson("/api/auth/login", GUIDE_LOGIN), 429);
    }

    @Test
    void wrongCurrentPasswordsOfChangePasswordAre429AfterFive() {
        registerGuideUser();
        String access = loginGuideUser().get("access_token").asText();
        for (int i = 0; i < 5; i++) {
            assertJsonError(http.postJson("/api/auth/change-password",
                    "{\"current_password\":\"guess-" + i + "\",\"new_password\":\"brand-new-password\"}",
                    "Authorization", "Bearer " + access), 400);
        }

        Http.Answer answer = http.postJson("/api/auth/change-password",
                "{\"current_password\":\"testpassword123\",\"new_password\":\"brand-new-password\"}",
                "Authorization", "Bearer " + access);

        assertJsonError(answer, 429);
        assertThat(answer.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 900));
        assertThat(http.get("/api/notes", access).status()).as("the caller's session is untouched").isEqualTo(200);
    }

    @Test
    void registrationsFromOneAddressAre429AfterTheLimitAndATakenEmailCountsToo() {
        registerGuideUser();
        for (int i = 0; i < 19; i++) {
            assertThat(http.postJson("/api/auth/register", "{\"real_name\":\"Many\",\"email\":\"many" + i
                    + "@example.com\",\"password\":\"testpassword123\"}").status()).isEqualTo(201);
        }

        Http.Answer taken = http.postJson("/api/auth/register", GUIDE_REGISTRATION);
        assertJsonError(taken, 429);
        assertThat(taken.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(login("many0@example.com", "testpassword123")).as("logins are not registrations").isNotNull();
    }

    @Test
    void anEmailNoDatabaseCouldHoldIsTheSame401AsAnyWrongEmail() {
        registerGuideUser();
        Http.Answer unknown = http.postJson("/api/auth/login",
                "{\"email\":\"nobody@example.com\",\"password\":\"testpassword123\"}");
        for (String email : List.of("test@example.com\\u0000", "te\\u0000st@example.com", "test\\ud800@example.com")) {
            Http.Answer answer = http.postJson("/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"testpassword123\"}");
            assertJsonError(answer, 401);
            assertThat(answer.raw().body()).as(email).isEqualTo(unknown.raw().body());
        }
    }

    @Test
    void unpairedSurrogatesInNamesAre400AndNothingIsStored() {
        Http.Answer name = http.postJson("/api/auth/register",
                "{\"real_name\":\"Kim \\ud800\",\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}");
        assertJsonError(name, 400);
        assertThat(name.json().get("errors").get(0).get("field").asText()).isEqualTo("real_name");

        registerGuideUser();
        Http.Answer device = http.postJson("/api/auth/login", "{\"email\":\"test@example.com\","
                + "\"password\":\"testpassword123\",\"device_name\":\"Galaxy \\udc00\"}");
        assertJsonError(device, 400);
        String access = loginGuideUser().get("access_token").asText();
        assertThat(http.get("/api/auth/sessions", access).json()).as("only the session just opened").hasSize(1);
        assertJsonError(http.postJson("/api/auth/login",
                "{\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}"), 401);
    }

    @Test
    void bodiesThatAreNotStrictUtf8Are400AndChangeNothing() {
        registerGuideUser();
        byte[][] bodies = {
            // "email" with its "a" written as the overlong two-byte form C1 A1.
            bytes("{\"em", 0xC1, 0xA1, "il\":\"test@example.com\",\"password\":\"testpassword123\"}"),
            // NUL written as the overlong C0 80, inside a name.
            bytes("{\"real_name\":\"Kim", 0xC0, 0x80, "\",\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}"),
            // A surrogate encoded as if it were a character (ED A0 80).
            bytes("{\"real_name\":\"Kim", 0xED, 0xA0, 0x80, "\",\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}"),
        };
        for (byte[] body : bodies) {
            for (String path : List.of("/api/auth/login", "/api/auth/register")) {
                Http.Answer answer = http.send(http.request(path).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
                assertJsonError(answer, 400);
                assertThat(answer.json().get("detail").asText()).isEqualTo("The request body is not valid UTF-8");
            }
        }
        assertJsonError(http.postJson("/api/auth/login", "{\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}"),
                401);
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aDatabaseOutageIs503JsonAndTheServiceRecoversByItself() {
        registerGuideUser();
        JsonNode login = loginGuideUser();
        outage.begin();

        assertJsonError(http.postJson("/api/auth/login", GUIDE_LOGIN), 503);
        assertJsonError(http.postJson("/api/auth/register", GUIDE_REGISTRATION.replace("test@", "new@")), 503);
        assertJsonError(http.postJson("/api/auth/refresh",
                "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}"), 503);
        assertThat(http.postJson("/api/auth/login", GUIDE_LOGIN).header("Retry-After")).isPresent();

        outage.end();
        assertThat(http.postJson("/api/auth/refresh",
                "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}").status())
                .as("the refresh token survived the outage").isEqualTo(200);
        assertThat(http.postJson("/api/auth/login", GUIDE_LOGIN).status()).isEqualTo(200);
    }

    // ---- extensions ----------------------------------------------------------------------------

    @Test
    void headOnTheReadingEndpointsIsGetWithoutABody() {
        registerGuideUser();
        String access = loginGuideUser().get("access_token").asText();
        for (String path : List.of("/api/auth/me", "/api/auth/sessions")) {
            Http.Answer head = http.send(http.request(path).header("Authorization", "Bearer " + access)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.raw().body()).as(path).isEmpty();
        }
        assertThat(http.send(http.request("/api/auth/me").method("HEAD", HttpRequest.BodyPublishers.noBody()).build())
                .status()).as("without a token").isEqualTo(401);
    }

    @Test
    void timesAnsweredAtRegistrationAreTheTimesReadBackLater() {
        JsonNode registered = registerGuideUser();
        String access = loginGuideUser().get("access_token").asText();

        assertThat(http.get("/api/auth/me", access).json().get("created_at").asText())
                .isEqualTo(registered.get("created_at").asText());
    }

    @Test
    void meAnswersTheCurrentUser() {
        registerGuideUser();
        Http.Answer me = http.get("/api/auth/me", loginGuideUser().get("access_token").asText());

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo("test@example.com");
    }

    @Test
    void sessionsListDevicesNewestFirstAndMarkTheCurrentOne() {
        registerGuideUser();
        http.postJson("/api/auth/login", "{\"email\":\"test@example.com\",\"password\":\"testpassword123\","
                + "\"device_name\":\"Galaxy S24\"}", "User-Agent", "Mozilla/5.0 (Linux; Android 14)");
        JsonNode laptop = http.postJson("/api/auth/login", "{\"email\":\"test@example.com\",\"password\":"
                + "\"testpassword123\",\"device_name\":\"MacBook\"}", "User-Agent", "Mozilla/5.0 (Macintosh)").json();

        Http.Answer answer = http.get("/api/auth/sessions", laptop.get("access_token").asText());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode list = answer.json();
        assertThat(list).hasSize(2);
        assertThat(keys(list.get(0))).containsExactly("id", "device_name", "ip_address", "user_agent", "created_at",
                "last_used_at", "last_ip_address", "expires_at", "current");
        assertThat(list.get(0).get("device_name").asText()).isEqualTo("MacBook");
        assertThat(list.get(0).get("current").asBoolean()).isTrue();
        assertThat(list.get(0).get("user_agent").asText()).isEqualTo("Mozilla/5.0 (Macintosh)");
        assertThat(list.get(0).get("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(list.get(1).get("device_name").asText()).isEqualTo("Galaxy S24");
        assertThat(list.get(1).get("current").asBoolean()).isFalse();
    }

    @Test
    void xForwardedForIsIgnoredWithoutATrustedProxy() {
        registerGuideUser();
        JsonNode login = login("test@example.com", "testpassword123", "X-Forwarded-For", "198.51.100.66");

        JsonNode list = http.get("/api/auth/sessions", login.get("access_token").asText()).json();

        assertThat(list.get(0).get("ip_address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void endingOneSessionLogsThatDeviceOutOnly() {
        registerGuideUser();
        JsonNode phone = loginGuideUser();
        JsonNode laptop = loginGuideUser();
        String phoneSession = null;
        for (JsonNode session : http.get("/api/auth/sessions", phone.get("access_token").asText()).json()) {
            if (session.get("current").asBoolean()) {
                phoneSession = session.get("id").asText();
            }
        }

        Http.Answer answer = http.delete("/api/auth/sessions/" + phoneSession, laptop.get("access_token").asText());

        assertThat(answer.status()).isEqualTo(200);
        assertInvalidToken(http.get("/api/notes", phone.get("access_token").asText()));
        assertThat(http.get("/api/notes", laptop.get("access_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void changingThePasswordKeepsThisSessionAndEndsTheOthers() {
        registerGuideUser();
        JsonNode phone = loginGuideUser();
        JsonNode laptop = loginGuideUser();
        String laptopAccess = laptop.get("access_token").asText();

        Http.Answer wrong = http.postJson("/api/auth/change-password",
                "{\"current_password\":\"wrong\",\"new_password\":\"brand-new-password\"}",
                "Authorization", "Bearer " + laptopAccess);
        assertJsonError(wrong, 400);

        Http.Answer answer = http.postJson("/api/auth/change-password",
                "{\"current_password\":\"testpassword123\",\"new_password\":\"brand-new-password\"}",
                "Authorization", "Bearer " + laptopAccess);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(http.get("/api/notes", laptopAccess).status()).isEqualTo(200);
        assertInvalidToken(http.get("/api/notes", phone.get("access_token").asText()));
        assertThat(login("test@example.com", "brand-new-password")).isNotNull();
    }

    @Test
    void theFilterHandsTheUserToTheHostsServlet() {
        registerGuideUser();
        JsonNode login = loginGuideUser();

        Http.Answer notes = http.get("/api/notes", login.get("access_token").asText());

        assertThat(notes.status()).isEqualTo(200);
        assertThat(notes.json().get("user").asText()).isEqualTo(login.get("user").get("id").asText());
        assertThat(notes.json().get("remote_user").asText()).isEqualTo(login.get("user").get("id").asText());
        assertThat(notes.json().get("session").asText()).isNotBlank();
        assertThat(notes.json().get("is_admin").asBoolean()).isFalse();
    }

    @Test
    void theJwkSetIsEmptyForHs256() {
        Http.Answer jwks = http.get("/.well-known/jwks.json", null);

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(jwks.json().get("keys")).isEmpty();
    }

    // ---- account recovery ----------------------------------------------------------------------

    private String resetLink(String email, String... headers) throws InterruptedException {
        Http.Answer asked = http.postJson("/api/auth/forgot-password", "{\"email\":\"" + email + "\"}", headers);
        assertThat(asked.status()).as(asked.raw().body()).isEqualTo(202);
        return RecordingMailSender.token(mailbox.next());
    }

    private Http.Answer reset(String token, String password) {
        return http.postJson("/api/auth/reset-password",
                "{\"token\":\"" + token + "\",\"new_password\":\"" + password + "\"}");
    }

    @Test
    void aResetLinkFromTheMailSetsTheNewPasswordOnceAndEndsEverySessionAtOnce() throws Exception {
        registerGuideUser();
        mailbox.next();
        JsonNode phone = loginGuideUser();
        JsonNode laptop = loginGuideUser();
        String token = resetLink("TEST@example.com");

        Http.Answer answer = reset(token, "새 비밀번호 123");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.json().get("message").isTextual()).isTrue();
        assertInvalidToken(http.get("/api/auth/me", phone.get("access_token").asText()));
        assertInvalidToken(http.get("/api/notes", laptop.get("access_token").asText()));
        assertThat(http.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + phone.get("refresh_token").asText()
                + "\"}").status()).isEqualTo(401);
        assertThat(http.postJson("/api/auth/login", GUIDE_LOGIN).status()).isEqualTo(401);
        login("test@example.com", "새 비밀번호 123");
        Http.Answer again = reset(token, "another password 1");
        assertJsonError(again, 400);
        assertThat(again.json().get("errors").get(0).get("field").asText()).isEqualTo("token");
    }

    @Test
    void forgotPasswordAnswersTheSameForAnUnknownEmail() throws Exception {
        registerGuideUser();
        mailbox.next();

        Http.Answer known = http.postJson("/api/auth/forgot-password", "{\"email\":\"test@example.com\"}");
        Http.Answer unknown = http.postJson("/api/auth/forgot-password", "{\"email\":\"nobody@example.com\"}");

        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
        assertThat(unknown.raw().body()).isEqualTo(known.raw().body());
        assertThat(unknown.header("Content-Type")).isEqualTo(known.header("Content-Type"));
        assertThat(mailbox.next().to()).isEqualTo("test@example.com");
        assertThat(mailbox.poll(java.time.Duration.ofMillis(300))).as("no mail for an unknown email").isNull();
    }

    @Test
    void badResetRequestsAreClear400sAndChangeNothing() throws Exception {
        registerGuideUser();
        mailbox.next();
        String token = resetLink("test@example.com");

        assertJsonError(reset("not-a-token", "another password 1"), 400);
        assertJsonError(reset("A".repeat(43), "another password 1"), 400);
        Http.Answer weak = reset(token, "short");
        assertJsonError(weak, 400);
        assertThat(weak.json().get("errors").get(0).get("field").asText()).isEqualTo("new_password");
        assertJsonError(http.postJson("/api/auth/reset-password", "{\"token\":\"" + token + "\"}"), 400);
        assertJsonError(http.postJson("/api/auth/forgot-password", "{}"), 400);
        loginGuideUser();
        assertThat(reset(token, "another password 1").status()).as("the link still works").isEqualTo(200);
    }

    @Test
    void theVerificationLinkFromRegistrationVerifiesTheEmailAndMeShowsIt() throws Exception {
        JsonNode registered = registerGuideUser();
        assertThat(registered.get("email_verified").asBoolean()).isFalse();
        String token = RecordingMailSender.token(mailbox.next());
        String access = loginGuideUser().get("access_token").asText();

        Http.Answer verified = http.postJson("/api/auth/verify-email", "{\"token\":\"" + token + "\"}");

        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().get("email_verified").asBoolean()).isTrue();
        assertThat(http.get("/api/auth/me", access).json().get("email_verified").asBoolean()).isTrue();
        assertJsonError(http.postJson("/api/auth/verify-email", "{\"token\":\"" + token + "\"}"), 400);
        assertThat(http.post("/api/auth/resend-verification", access).status()).isEqualTo(202);
        assertThat(mailbox.poll(java.time.Duration.ofMillis(300))).as("no link for a verified email").isNull();
    }

    @Test
    void resendVerificationNeedsABearerTokenAndMailsInTheReadersLanguage() throws Exception {
        registerGuideUser();
        mailbox.next();
        String access = loginGuideUser().get("access_token").asText();
        assertThat(http.post("/api/auth/resend-verification", null).status()).isEqualTo(401);

        Http.Answer answer = http.send(http.request("/api/auth/resend-verification")
                .header("Authorization", "Bearer " + access).header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(mailbox.next().subject()).isEqualTo("이메일 주소 확인");
    }

    @Test
    void resetRequestsForOneEmailAreThrottledWith429() throws Exception {
        int status = 202;
        for (int i = 0; i < 10 && status == 202; i++) {
            status = http.postJson("/api/auth/forgot-password", "{\"email\":\"nobody@example.com\"}").status();
        }
        Http.Answer refused = http.postJson("/api/auth/forgot-password", "{\"email\":\"nobody@example.com\"}");
        assertJsonError(refused, 429);
        assertThat(refused.header("Retry-After")).isPresent();
    }

    // ---- roles and the administration ----------------------------------------------------------

    private JsonNode registerAndLogin(String email) {
        Http.Answer registered = http.postJson("/api/auth/register", "{\"real_name\":\"Admin Test\",\"email\":\""
                + email + "\",\"password\":\"testpassword123\"}");
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        return login(email, "testpassword123");
    }

    private String refreshed(JsonNode login) {
        Http.Answer answer = http.postJson("/api/auth/refresh",
                "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    private static UserId userId(JsonNode login) {
        return UserId.parse(login.get("user").get("id").asText());
    }

    /** An administrator's access token. */
    private String adminToken() {
        JsonNode login = registerAndLogin("admin-" + UUID.randomUUID() + "@example.com");
        latchkey.admin(Actor.system("endpoint test")).grantRole(userId(login), "admin");
        return refreshed(login);
    }

    @Test
    void theHostsIsUserInRoleAnswersFromTheTokenAndARemovedRoleIsRefusedAtOnce() {
        JsonNode login = registerAndLogin("roles-" + UUID.randomUUID() + "@example.com");
        String plain = login.get("access_token").asText();
        assertThat(http.get("/api/notes", plain).json().get("is_admin").asBoolean()).isFalse();

        latchkey.admin(Actor.system("endpoint test")).grantRole(userId(login), "ADMIN");
        String admin = refreshed(login);
        assertThat(http.get("/api/notes", admin).json().get("is_admin").asBoolean()).isTrue();
        assertThat(http.get("/api/auth/me", admin).json().get("roles").toString()).isEqualTo("[\"admin\"]");

        latchkey.admin(Actor.system("endpoint test")).removeRole(userId(login), "admin");

        assertInvalidToken(http.get("/api/notes", admin));
        Http.Answer again = http.get("/api/notes", refreshed(login));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("is_admin").asBoolean()).isFalse();
    }

    @Test
    void theAdministrationIsTheSame401WithoutAValidTokenAnd403WithoutTheRole() {
        JsonNode user = registerAndLogin("plain-" + UUID.randomUUID() + "@example.com");
        String plain = user.get("access_token").asText();
        String id = userId(user).toString();
        List<Function<String, Http.Answer>> calls = List.of(
                t -> http.get("/api/admin/users", t),
                t -> http.get("/api/admin/users/" + id, t),
                t -> http.post("/api/admin/users/" + id + "/disable", t),
                t -> http.post("/api/admin/users/" + id + "/enable", t),
                t -> http.put("/api/admin/users/" + id + "/roles/admin", t),
                t -> http.delete("/api/admin/users/" + id + "/roles/admin", t),
                t -> http.delete("/api/admin/sessions/" + UUID.randomUUID(), t),
                t -> http.get("/api/admin/nothing-here", t),
                t -> http.post("/api/admin/users", t));
        for (Function<String, Http.Answer> call : calls) {
            Http.Answer none = call.apply(null);
            assertJsonError(none, 401);
            assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
            assertInvalidToken(call.apply(plain + "x"));
            assertJsonError(call.apply(plain), 403);
        }
        assertThat(http.get("/api/auth/me", plain).json().get("roles")).isEmpty();
        assertThat(http.get("/api/auth/me", plain).json().get("is_active").asBoolean()).isTrue();
    }

    @Test
    void anAdministratorListsReadsAndChangesUsersOverHttp() {
        String admin = adminToken();
        String tag = "http" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode user = registerAndLogin(tag + "@example.com");
        JsonNode second = login(tag + "@example.com", "testpassword123");
        String id = userId(user).toString();

        Http.Answer list = http.get("/api/admin/users?query=" + tag.toUpperCase(java.util.Locale.ROOT) + "&size=5",
                admin);
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        assertThat(keys(list.json())).containsExactly("items", "page", "size", "total");
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("id").asText()).isEqualTo(id);
        assertThat(http.get("/api/admin/users?role=admin", admin).json().get("total").asLong()).isEqualTo(1);

        Http.Answer read = http.get("/api/admin/users/" + id, admin);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("sessions")).hasSize(2);
        assertThat(read.raw().body()).doesNotContain("password").doesNotContain("$2");

        Http.Answer granted = http.put("/api/admin/users/" + id + "/roles/Support", admin);
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("roles").toString()).isEqualTo("[\"support\"]");
        Http.Answer removed = http.delete("/api/admin/users/" + id + "/roles/support", admin);
        assertThat(removed.json().get("roles")).isEmpty();
        JsonNode editor = registerAndLogin("editor-" + tag + "@example.com");
        String roles = "/api/admin/users/" + userId(editor) + "/roles";
        Http.Answer set = http.putJson(roles, "{\"roles\":[\"Editor\",\"auditor\"]}", admin);
        assertThat(set.json().get("roles").toString()).isEqualTo("[\"auditor\",\"editor\"]");
        String withRoles = refreshed(editor);
        assertThat(http.get("/api/auth/me", withRoles).json().get("roles").toString()).isEqualTo("[\"auditor\",\"editor\"]");
        assertThat(http.putJson(roles, "{\"roles\":[\"auditor\"]}", admin).json().get("roles").toString())
                .isEqualTo("[\"auditor\"]");
        assertInvalidToken(http.get("/api/notes", withRoles));
        assertThat(http.putJson(roles, "{\"roles\":[]}", admin).json().get("roles")).isEmpty();

        String sessionId = read.json().get("sessions").get(0).get("id").asText();
        assertThat(http.delete("/api/admin/sessions/" + sessionId, admin).status()).isEqualTo(200);
        assertJsonError(http.delete("/api/admin/sessions/" + sessionId, admin), 404);
        assertThat(http.get("/api/admin/users/" + id, admin).json().get("sessions")).hasSize(1);

        Http.Answer disabled = http.post("/api/admin/users/" + id + "/disable", admin);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("is_active").asBoolean()).isFalse();
        assertInvalidToken(http.get("/api/notes", user.get("access_token").asText()));
        assertInvalidToken(http.get("/api/notes", second.get("access_token").asText()));
        assertThat(http.postJson("/api/auth/refresh", "{\"refresh_token\":\""
                + user.get("refresh_token").asText() + "\"}").status()).isEqualTo(401);
        assertThat(http.postJson("/api/auth/login", "{\"email\":\"" + tag + "@example.com\",\"password\":"
                + "\"testpassword123\"}").status()).isEqualTo(401);

        assertThat(http.post("/api/admin/users/" + id + "/enable", admin).json().get("is_active").asBoolean())
                .isTrue();
        login(tag + "@example.com", "testpassword123");
    }

    @Test
    void badAdministrationRequestsAreClear4xxJsonAndChangeNothing() {
        String admin = adminToken();
        JsonNode user = registerAndLogin("bad-admin-" + UUID.randomUUID() + "@example.com");
        String id = userId(user).toString();

        assertJsonError(http.get("/api/admin/users?page=-1", admin), 400);
        assertJsonError(http.get("/api/admin/users?size=0", admin), 400);
        assertJsonError(http.get("/api/admin/users?size=101", admin), 400);
        Http.Answer notANumber = http.get("/api/admin/users?page=two", admin);
        assertJsonError(notANumber, 400);
        assertThat(notANumber.json().get("errors").get(0).get("field").asText()).isEqualTo("page");
        assertJsonError(http.get("/api/admin/users?page=1&page=2", admin), 400);
        assertJsonError(http.get("/api/admin/users?role=not%20a%20role", admin), 400);
        assertJsonError(http.get("/api/admin/users?query=a%00b", admin), 400);
        assertJsonError(http.get("/api/admin/users?query=%FF", admin), 400);
        assertJsonError(http.get("/api/admin/users?query=%E0%A4", admin), 400);
        RawHttp.Answer badEscape = new RawHttp(server.base().getPort())
                .get("/api/admin/users?query=%zz", "Authorization: Bearer " + admin);
        assertThat(badEscape.status()).as(badEscape.toString()).isEqualTo(400);
        assertThat(badEscape.json().get("detail").asText()).contains("hexadecimal");
        assertJsonError(http.get("/api/admin/users/not-a-uuid", admin), 404);
        assertJsonError(http.get("/api/admin/users/" + UUID.randomUUID(), admin), 404);
        assertJsonError(http.put("/api/admin/users/" + id + "/roles/" + "r".repeat(65), admin), 400);
        assertJsonError(http.put("/api/admin/users/" + id + "/roles/bad!role", admin), 400);
        assertJsonError(http.put("/api/admin/users/" + UUID.randomUUID() + "/roles/admin", admin), 404);
        Http.Answer wrongMethod = http.post("/api/admin/users", admin);
        assertJsonError(wrongMethod, 405);
        assertThat(wrongMethod.header("Allow")).contains("GET, HEAD");
        assertThat(http.get("/api/admin/users/" + id + "/roles/admin", admin).header("Allow")).contains("PUT, DELETE");
        assertJsonError(http.get("/api/admin/nothing-here", admin), 404);
        JsonNode adminUser = http.get("/api/auth/me", admin).json();
        assertJsonError(http.post("/api/admin/users/" + adminUser.get("id").asText() + "/disable", admin), 400);
        assertJsonError(http.delete("/api/admin/users/" + adminUser.get("id").asText() + "/roles/admin", admin), 400);

        assertThat(http.get("/api/admin/users/" + id, admin).json().get("roles")).isEmpty();
        assertThat(http.get("/api/admin/users/" + id, admin).json().get("is_active").asBoolean()).isTrue();
        assertThat(http.get("/api/notes", admin).json().get("is_admin").asBoolean()).isTrue();
    }
}
