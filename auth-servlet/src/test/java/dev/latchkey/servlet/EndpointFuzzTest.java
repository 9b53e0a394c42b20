package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Account;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random input to every endpoint that reads a body, over real HTTP. Whatever arrives — any JSON,
 * the endpoints' own fields with values of every type, text that is not JSON, bytes that are not
 * UTF-8, any Authorization header — the answer is a 4xx JSON body with {@code detail}, never a
 * 5xx, and nothing is stored. Every input goes to the in-memory store and to PostgreSQL, which
 * refuses text that memory keeps.
 *
 * <p>Each suite has a fixed seed, so that a run is reproducible and the build's result does not
 * depend on luck; a failure names the case's number and input. To explore further, change the seeds
 * locally.
 */
class EndpointFuzzTest {

    private static final List<String> BODY_ENDPOINTS = List.of("/api/auth/register", "/api/auth/login",
            "/api/auth/refresh", "/api/auth/logout", "/api/auth/change-password");
    private static final List<String> FIELDS = List.of("real_name", "email", "phone_number", "password",
            "device_name", "refresh_token", "current_password", "new_password");

    private static final AtomicInteger WRITES = new AtomicInteger();
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final java.util.Deque<String> LAST_WRITES = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final AtomicInteger ACCEPTED = new AtomicInteger();
    private static final String SCHEMA = "latchkey_servlet_fuzz";
    private static final String PASSWORD = "testpassword123";
    private static final List<Target> TARGETS = new ArrayList<>();

    /**
     * One service under fuzzing: a store, the server over it, and a valid access token (logout and
     * change-password read their body only after authenticating), renewed after anything accepted.
     */
    private static final class Target {
        private final String store;
        private final Latchkey latchkey;
        private final UserRepository users;
        private final Account user;
        private final String firstPasswordHash;
        private final TestServer server;
        private final Http http;
        private String accessToken;

        Target(String store, Latchkey latchkey, UserRepository users, TestServer server) {
            this.store = store;
            this.latchkey = latchkey;
            this.users = users;
            this.user = latchkey.register(new Registration("Fuzz", "fuzz@example.com", null, PASSWORD));
            this.firstPasswordHash = users.findById(user.id()).orElseThrow().passwordHash();
            this.server = server;
            this.http = new Http(server.base());
        }

        String store() {
            return store;
        }

        Http http() {
            return http;
        }

        TestServer server() {
            return server;
        }

        String accessToken() {
            if (accessToken == null) {
                accessToken = latchkey.login(user.email(), PASSWORD, null, ClientInfo.of("127.0.0.1"))
                        .accessToken().value();
            }
            return accessToken;
        }

        /** After an accepted request (a logout, a password change): a new session, the first password. */
        void reset() {
            accessToken = null;
            String now = users.findById(user.id()).orElseThrow().passwordHash();
            users.replacePasswordHash(user.id(), now, firstPasswordHash);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        InMemoryUserRepository memory = new InMemoryUserRepository();
        TARGETS.add(target("in memory", memory, new InMemorySessionRepository(memory), new InMemoryLoginThrottle()));
        // The same input goes to PostgreSQL too: it refuses text (NUL, lone surrogates) that memory keeps.
        if (TestPostgres.available()) {
            PostgresStorage storage = TestPostgres.freshStorage(SCHEMA);
            TARGETS.add(target("PostgreSQL", storage.users(), storage.sessions(), storage.loginThrottle()));
        }
    }

    private static Target target(String store, UserRepository users, SessionRepository sessions,
            LoginThrottle throttle) throws Exception {
        Latchkey latchkey = Latchkey.builder().users(counting(UserRepository.class, users))
                .sessions(counting(SessionRepository.class, sessions)).throttle(throttle)
                .keys(KeyRing.hs256(Fixtures.SECRET)).config(Fixtures.unthrottledConfig().build()).build();
        return new Target(store, latchkey, users, new TestServer(latchkey, new LatchkeyServlet(latchkey)));
    }

    @AfterAll
    static void stop() {
        System.out.println("[latchkey] Endpoint fuzzing: " + CASES.get() + " bodies to "
                + TARGETS.stream().map(Target::store).toList() + ", " + ACCEPTED.get()
                + " of them valid by chance and accepted, none answered 5xx");
        TARGETS.forEach(t -> t.server().close());
    }

    /**
     * Counts the calls that changed state: a create, rotate, end, replace, set, advance or touch
     * that returned normally and reported a change (a write a store refused, such as a taken email,
     * changed nothing).
     */
    private static <T> T counting(Class<T> type, T real) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
            String name = method.getName();
            boolean write = name.equals("create") || name.startsWith("rotate") || name.startsWith("end")
                    || name.startsWith("replace") || name.startsWith("set") || name.startsWith("advance")
                    || name.equals("touch");
            if (write && changed(result)) {
                WRITES.incrementAndGet();
                LAST_WRITES.addFirst(name + " on " + Thread.currentThread().getName());
                while (LAST_WRITES.size() > 5) {
                    LAST_WRITES.removeLast();
                }
            }
            return result;
        }));
    }

    private static boolean changed(Object result) {
        if (result instanceof Boolean b) {
            return b;
        }
        if (result instanceof java.util.Optional<?> o) {
            return o.isPresent();
        }
        if (result instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    /**
     * Sends the body with a fresh, valid access token (logout and change-password read their body
     * only after authenticating). A refused request must be a 4xx JSON answer with {@code detail}
     * and must change nothing; random input that happens to be valid may succeed; nothing may be 5xx.
     */
    private static void assertNoServerErrorAndRefusalsChangeNothing(String path, byte[] body, String what) {
        for (Target target : TARGETS) {
            Http http = target.http();
            String token = target.accessToken();
            int before = WRITES.get();
            Http.Answer answer = http.send(http.request(path).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            String where = target.store() + ": " + what;
            assertThat(answer.status()).as(where + " -> " + answer.raw().body()).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(answer.json()).as(where).isNotNull();
                assertThat(answer.json().get("detail").isTextual()).as(where).isTrue();
                assertThat(WRITES.get()).as("a refused request changed nothing: " + where + "; last writes "
                        + LAST_WRITES).isEqualTo(before);
            } else {
                ACCEPTED.incrementAndGet();
                // It may have logged the session out or changed the password: start afresh.
                target.reset();
            }
            CASES.incrementAndGet();
        }
    }

    @Test
    void anyJsonValueIsAnsweredWithoutServerError() {
        Fuzz fuzz = new Fuzz(20261125);
        for (int i = 0; i < 400; i++) {
            String path = fuzz.oneOf(BODY_ENDPOINTS);
            byte[] body = fuzz.toJson(fuzz.jsonValue(3));
            assertNoServerErrorAndRefusalsChangeNothing(path, body, "case " + i + ": " + path + " " + show(body));
        }
    }

    @Test
    void theEndpointsOwnFieldsWithValuesOfEveryTypeAreAnsweredWithoutServerError() {
        Fuzz fuzz = new Fuzz(20261126);
        for (int i = 0; i < 400; i++) {
            String path = fuzz.oneOf(BODY_ENDPOINTS);
            byte[] body = fuzz.toJson(fuzz.objectOf(FIELDS));
            assertNoServerErrorAndRefusalsChangeNothing(path, body, "case " + i + ": " + path + " " + show(body));
        }
    }

    @Test
    void stringsOfEveryKindInEveryFieldOfAnEndpointAreAnsweredWithoutServerError() {
        Map<String, List<String>> fields = Map.of(
                "/api/auth/register", List.of("real_name", "email", "phone_number", "password"),
                "/api/auth/login", List.of("email", "password", "device_name"),
                "/api/auth/refresh", List.of("refresh_token"),
                "/api/auth/logout", List.of("refresh_token"),
                "/api/auth/change-password", List.of("current_password", "new_password"));
        Map<String, String> valid = Map.of("real_name", "Fuzz", "email", "fuzz@example.com",
                "password", PASSWORD, "current_password", PASSWORD);
        Fuzz fuzz = new Fuzz(20261130);
        for (int i = 0; i < 400; i++) {
            String path = fuzz.oneOf(BODY_ENDPOINTS);
            byte[] body = fuzz.toJson(fuzz.stringsFor(fields.get(path), valid));
            assertNoServerErrorAndRefusalsChangeNothing(path, body, "case " + i + ": " + path + " " + show(body));
        }
    }

    @Test
    void textThatIsNotJsonIsRefusedWithoutChange() {
        Fuzz fuzz = new Fuzz(20261127);
        for (int i = 0; i < 300; i++) {
            String path = fuzz.oneOf(BODY_ENDPOINTS);
            byte[] body = fuzz.anyText().getBytes(StandardCharsets.UTF_8);
            assertNoServerErrorAndRefusalsChangeNothing(path, body, "case " + i + ": " + path + " " + show(body));
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithoutChange() {
        Fuzz fuzz = new Fuzz(20261128);
        for (int i = 0; i < 300; i++) {
            String path = fuzz.oneOf(BODY_ENDPOINTS);
            byte[] body = fuzz.invalidUtf8();
            assertNoServerErrorAndRefusalsChangeNothing(path, body, "case " + i + ": " + path + " "
                    + java.util.Arrays.toString(body));
        }
    }

    @Test
    void anyAuthorizationValueOnAProtectedResourceIsRefused() {
        Fuzz fuzz = new Fuzz(20261129);
        for (int i = 0; i < 300; i++) {
            String value = fuzz.authorization();
            for (Target target : TARGETS) {
                Http http = target.http();
                Http.Answer answer = http.send(http.request("/api/notes").header("Authorization", value).GET().build());
                assertThat(answer.status()).as("case " + i + ", " + target.store() + ": " + value).isIn(400, 401);
                assertThat(answer.json().get("detail").isTextual()).isTrue();
            }
        }
    }

    private static String show(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text;
    }
}
