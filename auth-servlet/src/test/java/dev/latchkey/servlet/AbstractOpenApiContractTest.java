package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.memory.InMemoryOneTimeTokenRepository;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.RecordingMailSender;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import dev.latchkey.core.user.UserRepository;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real requests over a real socket to a real servlet container, each answer checked against
 * auth-servlet's OpenAPI document by {@link OpenApiContract}: its status must be one the operation
 * lists, its required headers present, its headers and JSON body valid against their schemas. The
 * last test shows that every (operation, status) the document lists was provoked and checked, so
 * the document can neither promise an answer the servlet never gives unnoticed, nor can the
 * servlet give one the document does not describe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractOpenApiContractTest {

    private static final String REGISTER = "/api/auth/register";
    private static final String LOGIN = "/api/auth/login";
    private static final String REFRESH = "/api/auth/refresh";
    private static final String LOGOUT = "/api/auth/logout";
    private static final String REVOKE_ALL = "/api/auth/revoke-all-tokens";
    private static final String ME = "/api/auth/me";
    private static final String SESSIONS = "/api/auth/sessions";
    private static final String SESSION = "/api/auth/sessions/{id}";
    private static final String CHANGE_PASSWORD = "/api/auth/change-password";
    private static final String FORGOT_PASSWORD = "/api/auth/forgot-password";
    private static final String RESET_PASSWORD = "/api/auth/reset-password";
    private static final String VERIFY_EMAIL = "/api/auth/verify-email";
    private static final String RESEND_VERIFICATION = "/api/auth/resend-verification";
    private static final String UNKNOWN_TOKEN = "{\"token\":\"" + "A".repeat(43) + "\",\"new_password\":\"brand-new-password\"}";
    private static final String JWKS = "/.well-known/jwks.json";
    private static final String ADMIN_USERS = "/api/admin/users";
    private static final String ADMIN_USER = "/api/admin/users/{id}";
    private static final String ADMIN_DISABLE = "/api/admin/users/{id}/disable";
    private static final String ADMIN_ENABLE = "/api/admin/users/{id}/enable";
    private static final String ADMIN_ROLES = "/api/admin/users/{id}/roles";
    private static final String ADMIN_ROLE = "/api/admin/users/{id}/roles/{role}";
    private static final String ADMIN_SESSION = "/api/admin/sessions/{id}";

    private static final String GUIDE_REGISTRATION = """
            {"real_name": "테스트 사용자", "email": "test@example.com", "phone_number": "010-1234-5678",
             "password": "testpassword123"}""";
    private static final String GUIDE_LOGIN = "{\"email\": \"test@example.com\", \"password\": \"testpassword123\"}";
    private static final String CHANGE = "{\"current_password\":\"testpassword123\",\"new_password\":\"brand-new-password\"}";

    private OpenApiContract contract;
    private final Faults faults = new Faults();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private Http http;
    /** The Latchkey of the server {@link #http} talks to. */
    private Latchkey latchkey;
    /** Where the mails of the server {@link #http} talks to arrive. */
    private RecordingMailSender mailbox;

    /** The container the endpoints run in. */
    protected abstract ServletContainer container();

    /** Empties the stores before each test (the in-memory ones are new for each server). */
    protected void emptyStores() {
    }

    /** User storage for one server. */
    protected UserRepository users() {
        return new InMemoryUserRepository();
    }

    /** Session storage for one server, beside {@link #users()}. */
    protected SessionRepository sessions(UserRepository users) {
        return new InMemorySessionRepository((InMemoryUserRepository) users);
    }

    /** Where password checks and registrations are counted, beside {@link #users()}. */
    protected LoginThrottle throttle() {
        return new InMemoryLoginThrottle();
    }

    /** Where reset and verification tokens are kept, beside {@link #users()}. */
    protected OneTimeTokenRepository oneTimeTokens() {
        return new InMemoryOneTimeTokenRepository();
    }

    /** What this container cannot answer as documented, and so is not expected to be seen. */
    protected Set<String> notProvoked() {
        return Set.of();
    }

    @BeforeAll
    void loadTheDocument() {
        contract = new OpenApiContract();
    }

    @BeforeEach
    void startServer() throws Exception {
        emptyStores();
        http = start(Fixtures.fastConfig().build(), KeyRing.hs256(Fixtures.SECRET));
    }

    @AfterEach
    void stopServers() throws Exception {
        faults.set(null);
        for (AutoCloseable server : servers) {
            server.close();
        }
        servers.clear();
    }

    private Http start(LatchkeyConfig config, KeyRing keys) throws Exception {
        latchkey = latchkey(config, keys);
        TestServer server = new TestServer(container(), latchkey, new LatchkeyServlet(latchkey));
        servers.add(server);
        return new Http(server.base());
    }

    private Latchkey latchkey(LatchkeyConfig config, KeyRing keys) {
        UserRepository users = users();
        SessionRepository sessions = sessions(users);
        mailbox = new RecordingMailSender();
        MailDelivery delivery = MailDelivery.builder(mailbox).build();
        servers.add(delivery);
        return Latchkey.builder().users(faults.guard(UserRepository.class, users))
                .sessions(faults.guard(SessionRepository.class, sessions))
                .throttle(faults.guard(LoginThrottle.class, throttle()))
                .oneTimeTokens(faults.guard(OneTimeTokenRepository.class, oneTimeTokens()))
                .mail(delivery, MailTemplates.builder(URI.create("http://localhost:8000/")).build())
                .keys(keys).config(config).build();
    }

    // ---- sending and checking --------------------------------------------------------------------

    /** Sends a request and checks the answer against the document's operation {@code method path}. */
    private Http.Answer exchange(Http client, String method, String path, String json, HttpRequest.Builder request) {
        Http.Answer answer = client.send(request.build());
        contract.check(method, path, json, OpenApiContract.Reply.of(answer));
        return answer;
    }

    private Http.Answer exchange(String method, String path, String json, HttpRequest.Builder request) {
        return exchange(http, method, path, json, request);
    }

    private Http.Answer post(Http client, String path, String target, String json, String bearer) {
        HttpRequest.Builder request = client.request(target);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(client, "POST", path, json, request);
    }

    private Http.Answer post(String path, String json, String bearer) {
        return post(http, path, path, json, bearer);
    }

    private Http.Answer post(String path, String json) {
        return post(path, json, null);
    }

    private Http.Answer call(String method, String path, String target, String bearer) {
        HttpRequest.Builder request = http.request(target).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(method, path, null, request);
    }

    private Http.Answer put(String path, String target, String json, String bearer) {
        HttpRequest.Builder request = http.request(target).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange("PUT", path, json, request);
    }

    private JsonNode register(String email) {
        Http.Answer answer = post(REGISTER, "{\"real_name\":\"Kim\",\"email\":\"" + email
                + "\",\"password\":\"testpassword123\"}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.json();
    }

    private JsonNode login(Http client, String email) {
        Http.Answer answer = post(client, LOGIN, LOGIN, "{\"email\":\"" + email
                + "\",\"password\":\"testpassword123\",\"device_name\":\"Galaxy S24\"}", null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private String accessToken(String email) {
        register(email);
        return login(http, email).get("access_token").asText();
    }

    /** The Bearer operations, each as one request with the given token (null for none). */
    private List<Runnable> bearerCalls(String token, String sessionId) {
        String session = SESSIONS + "/" + sessionId;
        return List.of(
                () -> post(LOGOUT, null, token),
                () -> post(REVOKE_ALL, null, token),
                () -> call("GET", ME, ME, token),
                () -> call("HEAD", ME, ME, token),
                () -> call("GET", SESSIONS, SESSIONS, token),
                () -> call("HEAD", SESSIONS, SESSIONS, token),
                () -> call("DELETE", SESSION, session, token),
                () -> post(CHANGE_PASSWORD, CHANGE, token),
                () -> post(RESEND_VERIFICATION, null, token));
    }

    /** The recovery operations without a Bearer token, each as one request with a well-formed body. */
    private List<Runnable> recoveryCalls() {
        return List.of(
                () -> post(FORGOT_PASSWORD, "{\"email\":\"test@example.com\"}"),
                () -> post(RESET_PASSWORD, UNKNOWN_TOKEN),
                () -> post(VERIFY_EMAIL, UNKNOWN_TOKEN));
    }

    /** An administrator's access token (registered as {@code email}, granted the role by the host). */
    private String adminToken(String email) {
        JsonNode user = register(email);
        latchkey.admin(Actor.system("contract test")).grantRole(UserId.parse(user.get("id").asText()), "admin");
        return login(http, email).get("access_token").asText();
    }

    /** The administration's operations, each as one request with the given token on the given user and session. */
    private List<Runnable> adminCalls(String token, String userId, String sessionId) {
        String user = "/api/admin/users/" + userId;
        return List.of(
                () -> call("GET", ADMIN_USERS, ADMIN_USERS, token),
                () -> call("HEAD", ADMIN_USERS, ADMIN_USERS, token),
                () -> call("GET", ADMIN_USER, user, token),
                () -> call("HEAD", ADMIN_USER, user, token),
                () -> call("POST", ADMIN_DISABLE, user + "/disable", token),
                () -> call("POST", ADMIN_ENABLE, user + "/enable", token),
                () -> put(ADMIN_ROLES, user + "/roles", "{\"roles\":[\"editor\"]}", token),
                () -> call("PUT", ADMIN_ROLE, user + "/roles/editor", token),
                () -> call("DELETE", ADMIN_ROLE, user + "/roles/editor", token),
                () -> call("DELETE", ADMIN_SESSION, "/api/admin/sessions/" + sessionId, token));
    }

    // ---- successes -------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theGuidesFlowAndEveryOtherSuccessMatchTheDocument() {
        assertThat(post(REGISTER, GUIDE_REGISTRATION).status()).isEqualTo(201);
        assertThat(post(REGISTER, "{\"real_name\":\"No Phone\",\"email\":\"nophone@example.com\","
                + "\"password\":\"testpassword123\"}").json().get("phone_number").isNull()).isTrue();
        JsonNode phone = post(LOGIN, GUIDE_LOGIN).json();
        JsonNode laptop = login(http, "test@example.com");
        String access = laptop.get("access_token").asText();

        assertThat(post(REFRESH, "{\"refresh_token\": \"" + phone.get("refresh_token").asText() + "\"}").status())
                .isEqualTo(200);
        assertThat(call("GET", ME, ME, access).status()).isEqualTo(200);
        assertThat(call("HEAD", ME, ME, access).status()).isEqualTo(200);
        JsonNode sessions = call("GET", SESSIONS, SESSIONS, access).json();
        assertThat(sessions).hasSize(2);
        assertThat(call("HEAD", SESSIONS, SESSIONS, access).status()).isEqualTo(200);
        String phoneSession = sessions.get(1).get("id").asText();
        assertThat(call("DELETE", SESSION, SESSIONS + "/" + phoneSession, access).status()).isEqualTo(200);
        assertThat(post(CHANGE_PASSWORD, CHANGE, access).status()).isEqualTo(200);
        assertThat(post(LOGOUT, "{\"refresh_token\": \"" + laptop.get("refresh_token").asText() + "\"}", access)
                .status()).isEqualTo(200);

        String other = login(http, "nophone@example.com").get("access_token").asText();
        login(http, "nophone@example.com");
        assertThat(post(REVOKE_ALL, null, other).json().get("revoked_sessions").asInt()).isEqualTo(2);
        String again = login(http, "nophone@example.com").get("access_token").asText();
        assertThat(post(LOGOUT, null, again).status()).as("logout without a body").isEqualTo(200);
        assertThat(call("GET", JWKS, JWKS, null).json().get("keys")).isEmpty();
    }

    @Test
    @Order(2)
    void everyAdministrationSuccessMatchesTheDocument() {
        String admin = adminToken("admin@example.com");
        JsonNode user = register("kim@example.com");
        String id = user.get("id").asText();
        login(http, "kim@example.com");

        assertThat(call("GET", ADMIN_USERS, ADMIN_USERS + "?query=KIM@&page=0&size=5", admin).json().get("total")
                .asLong()).isEqualTo(1);
        assertThat(call("HEAD", ADMIN_USERS, ADMIN_USERS + "?role=admin", admin).status()).isEqualTo(200);
        JsonNode read = call("GET", ADMIN_USER, "/api/admin/users/" + id, admin).json();
        assertThat(read.get("sessions")).hasSize(1);
        assertThat(call("HEAD", ADMIN_USER, "/api/admin/users/" + id, admin).status()).isEqualTo(200);
        assertThat(call("PUT", ADMIN_ROLE, "/api/admin/users/" + id + "/roles/editor", admin).json().get("roles")
                .get(0).asText()).isEqualTo("editor");
        assertThat(call("DELETE", ADMIN_ROLE, "/api/admin/users/" + id + "/roles/editor", admin).json().get("roles"))
                .isEmpty();
        assertThat(put(ADMIN_ROLES, "/api/admin/users/" + id + "/roles", "{\"roles\":[\"Support\",\"editor\"]}", admin)
                .json().get("roles").toString()).isEqualTo("[\"editor\",\"support\"]");
        assertThat(put(ADMIN_ROLES, "/api/admin/users/" + id + "/roles", "{\"roles\":[]}", admin).json().get("roles"))
                .isEmpty();
        assertThat(call("DELETE", ADMIN_SESSION, "/api/admin/sessions/" + read.get("sessions").get(0).get("id")
                .asText(), admin).status()).isEqualTo(200);
        assertThat(call("POST", ADMIN_DISABLE, "/api/admin/users/" + id + "/disable", admin).json().get("is_active")
                .asBoolean()).isFalse();
        assertThat(call("POST", ADMIN_ENABLE, "/api/admin/users/" + id + "/enable", admin).json().get("is_active")
                .asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void administrationRefusalsAre400401403And404() {
        String admin = adminToken("admin@example.com");
        String plain = accessToken("kim@example.com");
        String adminId = call("GET", ME, ME, admin).json().get("id").asText();
        String plainId = call("GET", ME, ME, plain).json().get("id").asText();
        String session = UUID.randomUUID().toString();

        adminCalls(null, plainId, session).forEach(Runnable::run);
        adminCalls("not.a.token", plainId, session).forEach(Runnable::run);
        adminCalls(plain, plainId, session).forEach(Runnable::run);
        adminCalls(admin, UUID.randomUUID().toString(), session).stream().skip(2).forEach(Runnable::run);
        for (String[] op : new String[][] {{ADMIN_USERS, "/api/admin/users"}, {ADMIN_USER, "/api/admin/users/" + plainId},
            {ADMIN_DISABLE, "/api/admin/users/" + plainId + "/disable"},
            {ADMIN_ENABLE, "/api/admin/users/" + plainId + "/enable"},
            {ADMIN_ROLES, "/api/admin/users/" + plainId + "/roles"},
            {ADMIN_ROLE, "/api/admin/users/" + plainId + "/roles/editor"}, {ADMIN_SESSION, "/api/admin/sessions/" + session}}) {
            for (String method : methodsOf(op[0])) {
                HttpRequest.Builder twice = http.request(op[1]).method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + admin).header("Authorization", "Bearer " + admin);
                assertThat(exchange(method, op[0], null, twice).status()).as(method + op[1]).isEqualTo(400);
            }
        }
        assertThat(call("GET", ADMIN_USERS, ADMIN_USERS + "?size=500", admin).status()).isEqualTo(400);
        assertThat(call("POST", ADMIN_DISABLE, "/api/admin/users/" + adminId + "/disable", admin).status())
                .isEqualTo(400);
        assertThat(call("PUT", ADMIN_ROLE, "/api/admin/users/" + plainId + "/roles/no%20spaces", admin).status())
                .isEqualTo(400);
        assertThat(call("DELETE", ADMIN_ROLE, "/api/admin/users/" + adminId + "/roles/admin", admin).status())
                .isEqualTo(400);
        String plainRoles = "/api/admin/users/" + plainId + "/roles";
        for (String bad : List.of("{\"roles\":[\"no spaces\"]}", "{}", "{\"roles\":\"editor\"}", "{\"roles\":[1]}", "[]",
                "{\"roles\":")) {
            assertThat(put(ADMIN_ROLES, plainRoles, bad, admin).status()).as(bad).isEqualTo(400);
        }
        assertThat(put(ADMIN_ROLES, "/api/admin/users/" + adminId + "/roles", "{\"roles\":[\"editor\"]}", admin)
                .status()).isEqualTo(400);
        assertThat(put(ADMIN_ROLES, plainRoles, "{\"roles\":[\"" + "r".repeat(20 * 1024) + "\"]}", admin).status())
                .isEqualTo(413);
        HttpRequest.Builder text = http.request(plainRoles).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + admin).PUT(HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(exchange("PUT", ADMIN_ROLES, null, text).status()).isEqualTo(415);
        for (String[] call : new String[][] {{"POST", ADMIN_USERS, ADMIN_USERS},
            {"DELETE", ADMIN_USER, "/api/admin/users/" + plainId}, {"GET", ADMIN_DISABLE, "/api/admin/users/x/disable"},
            {"PUT", ADMIN_ENABLE, "/api/admin/users/x/enable"}, {"POST", ADMIN_ROLE, "/api/admin/users/x/roles/y"},
            {"DELETE", ADMIN_ROLES, "/api/admin/users/x/roles"},
            {"GET", ADMIN_SESSION, "/api/admin/sessions/" + session}}) {
            assertThat(call(call[0], call[1], call[2], admin).status()).as(call[0] + " " + call[2]).isEqualTo(405);
        }
    }

    @Test
    @Order(4)
    void withRotationARefreshAnswersTheNextRefreshToken() throws Exception {
        Http rotating = start(Fixtures.fastConfig().refreshTokenRotation(true).build(), KeyRing.hs256(Fixtures.SECRET));
        post(rotating, REGISTER, REGISTER, GUIDE_REGISTRATION, null);
        String refreshToken = login(rotating, "test@example.com").get("refresh_token").asText();

        Http.Answer refreshed = post(rotating, REFRESH, REFRESH, "{\"refresh_token\":\"" + refreshToken + "\"}", null);

        assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(refreshToken);
    }

    @Test
    @Order(6)
    void everyRecoverySuccessMatchesTheDocument() throws Exception {
        post(REGISTER, GUIDE_REGISTRATION);
        String verification = RecordingMailSender.token(mailbox.next());
        String access = login(http, "test@example.com").get("access_token").asText();

        assertThat(post(RESEND_VERIFICATION, null, access).status()).isEqualTo(202);
        String newer = RecordingMailSender.token(mailbox.next());
        assertThat(post(VERIFY_EMAIL, "{\"token\":\"" + verification + "\"}").status()).isEqualTo(400);
        assertThat(post(VERIFY_EMAIL, "{\"token\":\"" + newer + "\"}").json().get("email_verified").asBoolean())
                .isTrue();
        assertThat(post(FORGOT_PASSWORD, "{\"email\":\"test@example.com\"}").status()).isEqualTo(202);
        String reset = RecordingMailSender.token(mailbox.next());
        assertThat(post(RESET_PASSWORD, "{\"token\":\"" + reset + "\",\"new_password\":\"brand-new-password\"}")
                .status()).isEqualTo(200);
        assertThat(call("GET", ME, ME, access).status()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void withVerifiedEmailRequiredAnUnverifiedLoginIs403() throws Exception {
        Http strict = start(Fixtures.fastConfig().requireVerifiedEmail(true).build(), KeyRing.hs256(Fixtures.SECRET));
        post(strict, REGISTER, REGISTER, GUIDE_REGISTRATION, null);

        assertThat(post(strict, LOGIN, LOGIN, GUIDE_LOGIN, null).status()).isEqualTo(403);
        post(strict, VERIFY_EMAIL, VERIFY_EMAIL, "{\"token\":\"" + RecordingMailSender.token(mailbox.next()) + "\"}",
                null);
        assertThat(post(strict, LOGIN, LOGIN, GUIDE_LOGIN, null).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void asymmetricKeysArePublishedWithoutTheirPrivateParts() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyRing keys = KeyRing.of(TokenKey.generate(SigningAlgorithm.ES256, "es-1", random),
                TokenKey.generate(SigningAlgorithm.EdDSA, "ed-1", random),
                TokenKey.generate(SigningAlgorithm.RS256, "rs-1", random));
        Http asymmetric = start(Fixtures.fastConfig().build(), keys);

        Http.Answer jwks = exchange(asymmetric, "GET", JWKS, null, asymmetric.request(JWKS).GET());

        assertThat(jwks.json().get("keys")).hasSize(3);
    }

    // ---- 400, 401, 403, 404, 409, 413, 415 -------------------------------------------------------

    @Test
    @Order(10)
    void badBodiesAre400And413And415() {
        String access = accessToken("kim@example.com");
        String huge = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
        for (String path : List.of(REGISTER, LOGIN, REFRESH, LOGOUT, CHANGE_PASSWORD, FORGOT_PASSWORD, RESET_PASSWORD,
                VERIFY_EMAIL)) {
            String bearer = path.equals(LOGOUT) || path.equals(CHANGE_PASSWORD) ? access : null;
            assertThat(post(path, "{\"email\": ", bearer).status()).as(path).isEqualTo(400);
            assertThat(post(path, "{\"refresh_token\": 42, \"email\": [], \"current_password\": {}}", bearer).json()
                    .get("errors")).as(path).isNotEmpty();
            assertThat(post(path, huge, bearer).status()).as(path).isEqualTo(413);
            HttpRequest.Builder text = http.request(path).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (bearer != null) {
                text.header("Authorization", "Bearer " + bearer);
            }
            assertThat(exchange("POST", path, null, text).status()).as(path).isEqualTo(415);
        }
        assertThat(post(CHANGE_PASSWORD, "{\"current_password\":\"wrong-one\",\"new_password\":\"brand-new-password\"}",
                access).json().get("errors").get(0).get("field").asText()).isEqualTo("current_password");
    }

    @Test
    @Order(11)
    void refusedBearerTokensAre401AndAmbiguousOnes400() {
        String access = accessToken("kim@example.com");
        String session = UUID.randomUUID().toString();
        bearerCalls(null, session).forEach(Runnable::run);
        bearerCalls("not.a.token", session).forEach(Runnable::run);
        for (String path : List.of(LOGOUT, REVOKE_ALL, ME, SESSIONS, SESSIONS + "/" + session, CHANGE_PASSWORD,
                RESEND_VERIFICATION)) {
            String documented = path.startsWith(SESSIONS + "/") ? SESSION : path;
            for (String method : methodsOf(documented)) {
                HttpRequest.Builder twice = http.request(path).method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + access).header("Authorization", "Bearer " + access);
                assertThat(exchange(method, documented, null, twice).status()).as(method + path).isEqualTo(400);
                HttpRequest.Builder query = http.request(path + "?access_token=" + access)
                        .method(method, HttpRequest.BodyPublishers.noBody());
                assertThat(exchange(method, documented, null, query).status()).as(method + path).isEqualTo(400);
            }
        }
    }

    private List<String> methodsOf(String path) {
        List<String> methods = new ArrayList<>();
        contract.document().path("paths").path(path).fieldNames().forEachRemaining(name -> {
            if (!name.equals("parameters")) {
                methods.add(name.toUpperCase(java.util.Locale.ROOT));
            }
        });
        return methods;
    }

    @Test
    @Order(12)
    void wrongCredentialsAndRefreshTokensAre401() {
        register("kim@example.com");
        assertThat(post(LOGIN, "{\"email\":\"kim@example.com\",\"password\":\"wrong-password\"}").status())
                .isEqualTo(401);
        assertThat(post(REFRESH, "{\"refresh_token\":\"your-refresh-token-here\"}").status()).isEqualTo(401);
    }

    @Test
    @Order(13)
    void anotherUsersSessionIs403AndAnUnknownOne404() {
        String mine = accessToken("kim@example.com");
        String theirs = accessToken("lee@example.com");
        String theirSession = call("GET", SESSIONS, SESSIONS, theirs).json().get(0).get("id").asText();

        assertThat(call("DELETE", SESSION, SESSIONS + "/" + theirSession, mine).status()).isEqualTo(403);
        assertThat(call("DELETE", SESSION, SESSIONS + "/" + UUID.randomUUID(), mine).status()).isEqualTo(404);
        assertThat(call("DELETE", SESSION, SESSIONS + "/not-a-uuid", mine).status()).isEqualTo(404);
    }

    @Test
    @Order(14)
    void aTakenEmailIs409() {
        post(REGISTER, GUIDE_REGISTRATION);
        assertThat(post(REGISTER, GUIDE_REGISTRATION.replace("test@example.com", "TEST@example.com")).status())
                .isEqualTo(409);
    }

    // ---- 405 and 404 for what the document does not list ----------------------------------------

    @Test
    @Order(15)
    void undocumentedMethodsAre405WithAllowAndUnknownPathsAre404() {
        String session = SESSIONS + "/" + UUID.randomUUID();
        for (String[] call : new String[][] {
            {"GET", REGISTER, REGISTER}, {"GET", LOGIN, LOGIN}, {"PUT", REFRESH, REFRESH}, {"GET", LOGOUT, LOGOUT},
            {"DELETE", REVOKE_ALL, REVOKE_ALL}, {"POST", ME, ME}, {"DELETE", SESSIONS, SESSIONS},
            {"GET", SESSION, session}, {"PATCH", CHANGE_PASSWORD, CHANGE_PASSWORD}, {"POST", JWKS, JWKS},
            {"GET", FORGOT_PASSWORD, FORGOT_PASSWORD}, {"PUT", RESET_PASSWORD, RESET_PASSWORD},
            {"GET", VERIFY_EMAIL, VERIFY_EMAIL}, {"GET", RESEND_VERIFICATION, RESEND_VERIFICATION}}) {
            assertThat(call(call[0], call[1], call[2], null).status()).as(call[0] + " " + call[2]).isEqualTo(405);
        }
        for (String unknown : List.of("/api/auth/nope", "/api/auth/sessions/a/b", "/api/auth/login/", "/api/auth")) {
            Http.Answer answer = http.get(unknown, null);
            contract.check("GET", null, null, OpenApiContract.Reply.of(answer));
        }
    }

    // ---- 429, 503, 500 ---------------------------------------------------------------------------

    @Test
    @Order(20)
    void throttledPasswordChecksAndRegistrationsAre429WithRetryAfter() {
        String access = accessToken("kim@example.com");
        String other = accessToken("lee@example.com");
        for (int i = 0; i < 5; i++) {
            post(CHANGE_PASSWORD, "{\"current_password\":\"guess-" + i + "\",\"new_password\":\"brand-new-password\"}",
                    access);
        }
        assertThat(post(CHANGE_PASSWORD, CHANGE, access).status()).isEqualTo(429);
        assertThat(post(LOGIN, "{\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}").status())
                .isEqualTo(429);
        int status = 201;
        for (int i = 0; i < 25 && status == 201; i++) {
            status = post(REGISTER, "{\"real_name\":\"Many\",\"email\":\"many" + i
                    + "@example.com\",\"password\":\"testpassword123\"}").status();
        }
        assertThat(status).isEqualTo(429);
        for (int i = 0; i < 5; i++) {
            assertThat(post(FORGOT_PASSWORD, "{\"email\":\"kim@example.com\"}").status()).isEqualTo(202);
        }
        assertThat(post(FORGOT_PASSWORD, "{\"email\":\"KIM@example.com\"}").status()).isEqualTo(429);
        status = 400;
        for (int i = 0; i < 25 && status == 400; i++) {
            status = post(RESET_PASSWORD, UNKNOWN_TOKEN).status();
        }
        assertThat(status).isEqualTo(429);
        assertThat(post(VERIFY_EMAIL, UNKNOWN_TOKEN).status()).isEqualTo(429);
        status = 202;
        for (int i = 0; i < 10 && status == 202; i++) {
            status = post(RESEND_VERIFICATION, null, other).status();
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    @Order(21)
    void anUnreachableStoreIs503WithRetryAfterOnEveryOperationThatNeedsIt() {
        post(REGISTER, GUIDE_REGISTRATION);
        JsonNode login = post(LOGIN, GUIDE_LOGIN).json();
        String access = login.get("access_token").asText();
        String session = call("GET", SESSIONS, SESSIONS, access).json().get(0).get("id").asText();
        faults.set(new StorageUnavailableException("simulated outage", new java.net.ConnectException("refused")));

        assertThat(post(REGISTER, GUIDE_REGISTRATION.replace("test@", "new@")).status()).isEqualTo(503);
        assertThat(post(LOGIN, GUIDE_LOGIN).status()).isEqualTo(503);
        assertThat(post(REFRESH, "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}").status())
                .isEqualTo(503);
        bearerCalls(access, session).forEach(Runnable::run);
        recoveryCalls().forEach(Runnable::run);
        faults.set(null);
        String admin = adminToken("admin@example.com");
        faults.set(new StorageUnavailableException("simulated outage", new java.net.ConnectException("refused")));
        adminCalls(admin, UUID.randomUUID().toString(), session).forEach(Runnable::run);
    }

    @Test
    @Order(22)
    void aBugIs500WithoutAnythingOfIt() {
        post(REGISTER, GUIDE_REGISTRATION);
        JsonNode login = post(LOGIN, GUIDE_LOGIN).json();
        String access = login.get("access_token").asText();
        String session = call("GET", SESSIONS, SESSIONS, access).json().get(0).get("id").asText();
        Logger errors = Logger.getLogger(Errors.class.getName());
        Level level = errors.getLevel();
        errors.setLevel(Level.OFF);
        try {
            faults.set(new IllegalStateException("a bug"));
            Http.Answer answer = post(REGISTER, GUIDE_REGISTRATION.replace("test@", "new@"));
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.raw().body()).doesNotContain("a bug");
            post(LOGIN, GUIDE_LOGIN);
            post(REFRESH, "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}");
            bearerCalls(access, session).forEach(Runnable::run);
            recoveryCalls().forEach(Runnable::run);
            faults.set(null);
            String admin = adminToken("admin@example.com");
            faults.set(new IllegalStateException("a bug"));
            adminCalls(admin, UUID.randomUUID().toString(), session).forEach(Runnable::run);
        } finally {
            errors.setLevel(level);
        }
    }

    // ---- 408 -------------------------------------------------------------------------------------

    @Test
    @Order(30)
    void aBodyThatStopsArrivingIs408() throws Exception {
        // On a Jetty of its own, with a short idle time-out, whatever container the class runs on.
        Latchkey latchkey = latchkey(Fixtures.fastConfig().build(), KeyRing.hs256(Fixtures.SECRET));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(300);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new LatchkeyServlet(latchkey)), "/api/auth/*");
        context.addServlet(new ServletHolder(new LatchkeyAdminServlet(latchkey)), "/api/admin/*");
        context.addFilter(new FilterHolder(new LatchkeyFilter(latchkey, "/api/auth/*")), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        servers.add(server::stop);
        int port = connector.getLocalPort();
        Http client = new Http(URI.create("http://127.0.0.1:" + port));
        post(client, REGISTER, REGISTER, GUIDE_REGISTRATION, null);
        String access = login(client, "test@example.com").get("access_token").asText();

        for (String path : List.of(REGISTER, LOGIN, REFRESH, LOGOUT, CHANGE_PASSWORD, FORGOT_PASSWORD, RESET_PASSWORD,
                VERIFY_EMAIL)) {
            String bearer = path.equals(LOGOUT) || path.equals(CHANGE_PASSWORD)
                    ? "Authorization: Bearer " + access + "\r\n" : "";
            RawHttp.Answer answer = stall(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":\"te");
            contract.check("POST", path, null, OpenApiContract.Reply.of(answer));
            assertThat(answer.status()).as(path).isEqualTo(408);
        }
        latchkey.admin(Actor.system("contract test")).grantRole(latchkey.verify(access).userId(), "admin");
        String admin = login(client, "test@example.com").get("access_token").asText();
        RawHttp.Answer roles = stall(port, "PUT /api/admin/users/" + UUID.randomUUID() + "/roles HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + admin + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"roles\":[\"ed");
        contract.check("PUT", ADMIN_ROLES, null, OpenApiContract.Reply.of(roles));
        assertThat(roles.status()).isEqualTo(408);
    }

    /** Sends the start of a request and then nothing, and reads the answer to its end. */
    private static RawHttp.Answer stall(int port, String start) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return RawHttp.parse(bytes.toByteArray());
        }
    }

    // ---- coverage --------------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void everyAnswerTheDocumentListsWasProvokedAndChecked() {
        Set<String> expected = new TreeSet<>(contract.documented());
        expected.removeAll(notProvoked());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(contract.seen());

        assertThat(missing).as("documented answers no test provoked (of " + expected.size() + ")").isEmpty();
    }

    /** Repositories that fail, while a fault is set, as a broken or unreachable store does. */
    private static final class Faults {
        private final AtomicReference<RuntimeException> fault = new AtomicReference<>();

        void set(RuntimeException value) {
            fault.set(value);
        }

        <T> T guard(Class<T> type, T real) {
            Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
                RuntimeException failure = fault.get();
                if (failure != null) {
                    throw failure;
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            return type.cast(proxy);
        }
    }
}
