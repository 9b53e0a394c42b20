package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that clients rarely send and that the other suites never did, written byte for byte on
 * a socket: TRACE, methods a path does not implement, unknown methods, the asterisk form, and
 * request lines the container refuses before any servlet sees them. Every answer is JSON with a
 * {@code detail}, the right status, and {@code Allow} on a 405; TRACE echoes nothing.
 */
class OddRequestsIT {

    private static final String SECRET = "odd-requests-test-secret-0123456789abcdef";
    private static RunningApp app;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        app = RunningApp.start(Map.of("SECRET_KEY", SECRET));
        Client client = new Client(app.base());
        assertThat(client.post("/api/auth/register", "{\"real_name\":\"Odd\",\"email\":\"odd@example.com\","
                + "\"password\":\"testpassword123\"}").status()).isEqualTo(201);
        token = client.post("/api/auth/login", "{\"email\":\"odd@example.com\",\"password\":\"testpassword123\"}")
                .text("access_token");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static RawHttp.Answer send(String requestLine, String... headers) throws Exception {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return RawHttp.exchange(app.base().getPort(), request.toString());
    }

    /** The answer is {@code status} with a JSON body that has a {@code detail}, marked nosniff. */
    private static void assertJson(RawHttp.Answer answer, int status) throws Exception {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.isJson()).as("Content-Type of " + answer).isTrue();
        assertThat(answer.json().get("detail").isTextual()).as(answer.toString()).isTrue();
        assertThat(answer.header("X-Content-Type-Options")).as(answer.toString()).hasValue("nosniff");
    }

    @Test
    void traceIsRefusedOnEveryPathAndNeverEchoesTheAuthorizationHeader() throws Exception {
        for (String path : List.of("/", "/health", "/.well-known/jwks.json", "/api/notes", "/api/auth/me",
                "/api/auth/login", "/no/such/path", "*")) {
            for (String method : List.of("TRACE", "TRACK", "trace")) {
                RawHttp.Answer answer = send(method + " " + path + " HTTP/1.1", "Authorization: Bearer " + token,
                        "Cookie: session=cookie-value-to-hide");
                // Jetty itself refuses TRACE * as a bad request line; the gate refuses the rest.
                assertJson(answer, path.equals("*") ? 400 : 501);
                assertThat(answer.toString()).doesNotContain(token).doesNotContain("cookie-value-to-hide");
            }
        }
    }

    @Test
    void aMethodAPathDoesNotImplementIsAJson405WithAllow() throws Exception {
        Map<String, String> allowed = Map.of("/health", "GET, HEAD", "/api/notes", "GET, POST", "/", "GET, HEAD",
                "/index.html", "GET, HEAD", "/.well-known/jwks.json", "GET", "/api/auth/login", "POST");
        for (Map.Entry<String, String> path : allowed.entrySet()) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "FOO", "PROPFIND")) {
                RawHttp.Answer answer = send(method + " " + path.getKey() + " HTTP/1.1",
                        "Authorization: Bearer " + token, "Content-Length: 0");
                assertJson(answer, 405);
                assertThat(answer.header("Allow")).as(method + " " + path.getKey()).hasValue(path.getValue());
            }
        }
    }

    @Test
    void aMethodOnAnUnknownPathIsAJson404() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE", "OPTIONS", "FOO")) {
            assertJson(send(method + " /no/such/path HTTP/1.1", "Content-Length: 0"), 404);
        }
    }

    /** A request after which Jetty may keep the connection open: read what came within two seconds. */
    private static RawHttp.Answer sendOnce(String request) throws Exception {
        return RawHttp.exchange(InetAddress.getLoopbackAddress(), app.base().getPort(), request, Duration.ofSeconds(2));
    }

    @Test
    void connectIsRefusedInJsonWhateverItsTarget() throws Exception {
        String self = "127.0.0.1:" + app.base().getPort();
        // The form a client asks a proxy for a tunnel in, naming this server: the gate refuses it.
        assertJson(sendOnce("CONNECT " + self + " HTTP/1.1\r\nHost: " + self + "\r\n\r\n"), 501);
        // Jetty refuses every other target before any handler: a path, a URL, *, another authority.
        assertJson(send("CONNECT /api/notes HTTP/1.1", "Authorization: Bearer " + token), 400);
        assertJson(send("CONNECT / HTTP/1.1"), 400);
        assertJson(send("CONNECT http://127.0.0.1/api/notes HTTP/1.1"), 400);
        assertJson(sendOnce("CONNECT * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
        assertJson(sendOnce("CONNECT example.com:443 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
        // Another spelling is not Jetty's CONNECT (methods are case-sensitive): the gate refuses it on any path.
        for (String method : List.of("connect", "Connect")) {
            assertJson(send(method + " /api/notes HTTP/1.1"), 501);
        }
    }

    @Test
    void theAsteriskFormIsRefusedInJson() throws Exception {
        assertJson(send("OPTIONS * HTTP/1.1"), 501);
        assertJson(send("PRI * HTTP/1.1"), 400);
        assertJson(send("FOO * HTTP/1.1"), 400);
        assertJson(send("GET * HTTP/1.1"), 400);
    }

    @Test
    void requestsTheContainerRefusesBeforeAnyServletAreJsonWhateverTheMethod() throws Exception {
        // Not HTTP at all, a bad escape in the path, an ambiguous path, a header too large, an HTTP/2
        // connection preface on HTTP/1.1, an HTTP version that does not exist, a missing Host.
        assertJson(RawHttp.exchange(app.base().getPort(), "HELLO\r\n\r\n"), 400);
        for (String method : List.of("GET", "PUT", "FOO")) {
            assertJson(send(method + " /%zz HTTP/1.1"), 400);
            assertJson(send(method + " /api/%2e%2e/health HTTP/1.1"), 400);
            assertJson(send(method + " /health HTTP/1.1", "X-Big: " + "a".repeat(20_000)), 431);
        }
        assertJson(RawHttp.exchange(app.base().getPort(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 426);
        assertJson(RawHttp.exchange(app.base().getPort(), "PUT /health HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n"), 505);
        assertJson(RawHttp.exchange(app.base().getPort(), "DELETE /health HTTP/1.1\r\nConnection: close\r\n\r\n"), 400);
    }
}
