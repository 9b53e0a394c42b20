package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops sending its body half-way gets a 400 from the endpoints, never a 500 (the
 * container's answer to an exception escaping the servlet), and the connection ends. On Jetty the
 * answer is Latchkey's JSON; Tomcat marks a request whose body read failed as aborted by the
 * client and writes its own error page over whatever the servlet wrote, so there the test checks
 * the status and that a host configured as auth-servlet's README says shows no stack trace.
 */
class IncompleteBodyTest {

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aBodyCutOffBeforeItsLengthIsA400JsonAnswer(ServletContainer container) throws Exception {
        Latchkey latchkey = Fixtures.inMemoryLatchkey().keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).build();
        try (TestServer server = new TestServer(container, latchkey, new LatchkeyServlet(latchkey));
                Socket socket = new Socket("127.0.0.1", server.base().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"email\":\"test@exa").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();

            String answer = readAll(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("Exception").doesNotContain("at dev.")
                    .doesNotContain("org.apache");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
            if (container == ServletContainer.JETTY) {
                assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
                JsonNode body = new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(body.get("detail").asText()).isEqualTo("The request body ended before it was complete");
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
