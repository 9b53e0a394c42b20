package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The headers the example's own answers carry, read off a socket. */
class ResponseHeadersIT {

    private static final String SECRET = "headers-test-secret-0123456789abcdefghij";
    private static RunningApp app;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        app = RunningApp.start(Map.of("SECRET_KEY", SECRET));
        Client client = new Client(app.base());
        assertThat(client.post("/api/auth/register", "{\"real_name\":\"Headers\",\"email\":\"headers@example.com\","
                + "\"password\":\"testpassword123\"}").status()).isEqualTo(201);
        token = client.post("/api/auth/login", "{\"email\":\"headers@example.com\",\"password\":\"testpassword123\"}")
                .text("access_token");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static RawHttp.Answer send(String request) throws Exception {
        return RawHttp.exchange(app.base().getPort(), request);
    }

    private static String get(String path, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", headers) + "Connection: close\r\n\r\n";
    }

    @Test
    void thePageMayNotBeFramedByAnotherSite() throws Exception {
        for (String path : new String[] {"/", "/index.html"}) {
            RawHttp.Answer page = send(get(path));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp.split(";")).extracting(String::strip).contains("frame-ancestors 'none'"));
            assertThat(page.all("X-Frame-Options")).containsExactly("DENY");
            assertThat(page.all("X-Content-Type-Options")).containsExactly("nosniff");
        }
    }

    @Test
    void everyJsonAnswerOfTheExampleSaysNosniffOnce() throws Exception {
        String bearer = "Authorization: Bearer " + token + "\r\n";
        String note = "{\"text\":\"a note\"}";
        Map<String, RawHttp.Answer> answers = Map.of(
                "notes", send(get("/api/notes", bearer)),
                "new note", send("POST /api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                        + "Content-Type: application/json\r\nContent-Length: " + note.length()
                        + "\r\nConnection: close\r\n\r\n" + note),
                "bad note", send("POST /api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
                "health", send(get("/health")),
                "unknown path", send(get("/no/such/page")),
                "wrong method", send("DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                "bad request line", send("HELLO\r\n\r\n"),
                "bad path", send(get("/%zz")),
                "trace", send("TRACE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        answers.forEach((what, answer) -> {
            assertThat(answer.isJson()).as(what + ": " + answer).isTrue();
            assertThat(answer.all("X-Content-Type-Options")).as(what + ": " + answer).containsExactly("nosniff");
        });
        assertThat(answers.get("notes").status()).isEqualTo(200);
        assertThat(answers.get("new note").status()).isEqualTo(201);
        assertThat(answers.get("bad note").status()).isEqualTo(400);
    }
}
