package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.UserRepository;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random input to every endpoint that reads a body, over real HTTP. Whatever arrives — any JSON,
 * the endpoints' own fields with values of every type, text that is not JSON, bytes that are not
 * UTF-8, any Authorization header — the answer is a 4xx JSON body with {@code detail}, never a
 * 5xx, and nothing is stored.
 *
 * <p>Each property has a fixed seed, so that a run is reproducible and the build's result does not
 * depend on luck; to explore further, change the seeds or remove them locally.
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
    private static TestServer server;
    private static Http http;

    @BeforeContainer
    static void start() throws Exception {
        UserRepository users = counting(UserRepository.class, new InMemoryUserRepository());
        SessionRepository sessions = counting(SessionRepository.class, new InMemorySessionRepository());
        Latchkey latchkey = Latchkey.builder().users(users).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().accountThrottle(new dev.latchkey.core.throttle.ThrottlePolicy(1_000_000,
                        java.time.Duration.ofMinutes(1))).addressThrottle(new dev.latchkey.core.throttle.ThrottlePolicy(
                        1_000_000, java.time.Duration.ofMinutes(1))).build())
                .build();
        latchkey.register(new Registration("Fuzz", "fuzz@example.com", null, "testpassword123"));
        server = new TestServer(latchkey, new LatchkeyServlet(latchkey));
        http = new Http(server.base());
    }

    @AfterContainer
    static void stop() {
        System.out.println("[latchkey] Endpoint fuzzing: " + CASES.get() + " bodies, " + ACCEPTED.get()
                + " of them valid by chance and accepted, none answered 5xx");
        server.close();
    }

    /** Counts the calls that would change state: create, rotate, end, replace, set. */
    private static <T> T counting(Class<T> type, T real) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String name = method.getName();
            if (name.equals("create") || name.startsWith("rotate") || name.startsWith("end") || name.startsWith("replace")
                    || name.startsWith("set") || name.equals("touch")) {
                WRITES.incrementAndGet();
                LAST_WRITES.addFirst(name + " on " + Thread.currentThread().getName());
                while (LAST_WRITES.size() > 5) {
                    LAST_WRITES.removeLast();
                }
            }
            try {
                return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /**
     * Sends the body with a fresh, valid access token (logout and change-password read their body
     * only after authenticating). A refused request must be a 4xx JSON answer with {@code detail}
     * and must change nothing; random input that happens to be valid may succeed; nothing may be 5xx.
     */
    private static void assertNoServerErrorAndRefusalsChangeNothing(String path, byte[] body, String what) {
        String token = http.postJson("/api/auth/login", "{\"email\":\"fuzz@example.com\",\"password\":\"testpassword123\"}")
                .json().get("access_token").asText();
        int before = WRITES.get();
        Http.Answer answer = http.send(http.request(path).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(answer.status()).as(what + " -> " + answer.raw().body()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.json()).as(what).isNotNull();
            assertThat(answer.json().get("detail").isTextual()).as(what).isTrue();
            assertThat(WRITES.get()).as("a refused request changed nothing: " + what + "; last writes " + LAST_WRITES)
                    .isEqualTo(before);
        } else {
            ACCEPTED.incrementAndGet();
        }
        CASES.incrementAndGet();
    }

    @Property(tries = 400, seed = "20261125")
    void anyJsonValueIsAnsweredWithoutServerError(@ForAll("endpoints") String path, @ForAll("anyJson") String body) {
        assertNoServerErrorAndRefusalsChangeNothing(path, body.getBytes(StandardCharsets.UTF_8), path + " " + body);
    }

    @Property(tries = 400, seed = "20261126")
    void theEndpointsOwnFieldsWithValuesOfEveryTypeAreAnsweredWithoutServerError(@ForAll("endpoints") String path,
            @ForAll("fieldObjects") String body) {
        assertNoServerErrorAndRefusalsChangeNothing(path, body.getBytes(StandardCharsets.UTF_8), path + " " + body);
    }

    @Property(tries = 300, seed = "20261127")
    void textThatIsNotJsonIsRefusedWithoutChange(@ForAll("endpoints") String path, @ForAll("anyText") String body) {
        assertNoServerErrorAndRefusalsChangeNothing(path, body.getBytes(StandardCharsets.UTF_8), path + " " + body);
    }

    @Property(tries = 300, seed = "20261128")
    void bytesThatAreNotUtf8AreRefusedWithoutChange(@ForAll("endpoints") String path, @ForAll("invalidUtf8") byte[] body) {
        assertNoServerErrorAndRefusalsChangeNothing(path, body, path + " " + java.util.Arrays.toString(body));
    }

    @Property(tries = 300, seed = "20261129")
    void anyAuthorizationValueOnAProtectedResourceIsRefused(@ForAll("authorization") String value) {
        Http.Answer answer = http.send(http.request("/api/notes").header("Authorization", value).GET().build());
        assertThat(answer.status()).as(value).isIn(400, 401);
        assertThat(answer.json().get("detail").isTextual()).isTrue();
    }

    @Provide
    Arbitrary<String> endpoints() {
        return Arbitraries.of(BODY_ENDPOINTS);
    }

    /**
     * Strings of every kind: controls, NUL, surrogates, emoji, Korean, long. Bodies over the 64 KiB
     * limit are left to the 413 test: the server answers them before reading them and closes the
     * connection, and the JDK client then fails its own next request on that connection.
     */
    private static Arbitrary<String> nastyStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
                Arbitraries.strings().withCharRange('가', '힣').ofMaxLength(30),
                Arbitraries.of("", " ", "\u0000", "😀".repeat(200), "a".repeat(5_000), "null", "' OR 1=1 --",
                        "<script>alert(1)</script>", "test@example.com", "testpassword123", "\uD800"));
    }

    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                nastyStrings().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalars;
        }
        return Arbitraries.oneOf(scalars,
                jsonValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(nastyStrings(), jsonValue(depth - 1)).ofMaxSize(4).map(m -> (Object) m));
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> anyJson() {
        return jsonValue(3).map(EndpointFuzzTest::toJson);
    }

    @Provide
    Arbitrary<String> fieldObjects() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), jsonValue(2)).ofMinSize(1).ofMaxSize(FIELDS.size())
                .map(m -> toJson(new LinkedHashMap<>(m)));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("{", "}", "[", "{\"email\":", "{'email':'x'}", "{\"a\":1,}", "NaN", "{\"a\":NaN}",
                        "\u0000{}", "{} []", "{\"email\":\"a\",\"email\":\"b\"}", "[".repeat(50_000)));
    }

    @Provide
    Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)
                .map(bytes -> {
                    byte[] withBadByte = java.util.Arrays.copyOf(bytes, bytes.length + 3);
                    withBadByte[bytes.length] = (byte) '{';
                    withBadByte[bytes.length + 1] = (byte) 0xC3;
                    withBadByte[bytes.length + 2] = (byte) 0x28;
                    return withBadByte;
                });
    }

    @Provide
    Arbitrary<String> authorization() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300).map(s -> "Bearer " + s),
                Arbitraries.strings().alpha().numeric().withChars('.', '-', '_').ofMaxLength(400).map(s -> "Bearer " + s));
    }

}
