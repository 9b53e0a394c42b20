package dev.latchkey.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.Latchkey;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example's three endpoints over real HTTP on PostgreSQL: 401, 403 and 200 where each belongs. */
@ExtendWith(TestPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleSpringApplicationTest {

    private static final String SCHEMA = "latchkey_spring_example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Latchkey latchkey;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestPostgres.recreateSchema(SCHEMA);
        registry.add("spring.datasource.url", () -> TestPostgres.url().orElseThrow() + "&currentSchema=" + SCHEMA);
        registry.add("latchkey.secret-key", () -> "Wd3Fh8Jk1Lz6Xc9Vb2Nm5Qa0Rs4Ty7Ug");
        registry.add("latchkey.bcrypt-cost", () -> "4");
        // Tests share one PostgreSQL with every other module's tests.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }

    @Test
    void thePublicEndpointNeedsNoToken() throws Exception {
        HttpResponse<String> hello = get("/api/hello", null);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(hello.body()).get("message").asText()).contains("Latchkey");
    }

    @Test
    void theUserEndpointAnswers401WithoutATokenAnd200WithOne() throws Exception {
        HttpResponse<String> anonymous = get("/api/profile", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"latchkey\"");
        assertThat(JSON.readTree(anonymous.body()).get("detail").asText()).isEqualTo("Not authenticated");

        String email = email();
        String token = registerAndLogin(email);
        HttpResponse<String> profile = get("/api/profile", token);
        assertThat(profile.statusCode()).isEqualTo(200);
        String userId = JSON.readTree(get("/api/auth/me", token).body()).get("id").asText();
        assertThat(JSON.readTree(profile.body()).get("user_id").asText()).isEqualTo(userId);

        assertThat(post("/api/auth/logout", token).statusCode()).isEqualTo(200);
        HttpResponse<String> after = get("/api/profile", token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"latchkey\", error=\"invalid_token\"");
    }

    @Test
    void theAdministratorEndpointAnswers403ToAUserAnd200ToAnAdministrator() throws Exception {
        assertThat(get("/api/reports", null).statusCode()).isEqualTo(401);
        String email = email();
        String user = registerAndLogin(email);
        HttpResponse<String> denied = get("/api/reports", user);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(denied.body()).get("detail").asText()).isEqualTo("Not allowed");

        Administration admin = latchkey.admin(Actor.system("test"));
        admin.grantRole(admin.userByEmail(email).orElseThrow().id(), "admin");
        String administrator = login(email);
        HttpResponse<String> reports = get("/api/reports", administrator);
        assertThat(reports.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reports.body()).get("reports").size()).isEqualTo(2);
    }

    private static String email() {
        return "example-" + UUID.randomUUID() + "@example.com";
    }

    private String registerAndLogin(String email) throws Exception {
        HttpResponse<String> registered = send(HttpRequest.newBuilder(uri("/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"real_name\": \"Example\", \"email\": \"" + email
                        + "\", \"phone_number\": \"010-1234-5678\", \"password\": \"testpassword123\"}")));
        assertThat(registered.statusCode()).isEqualTo(201);
        return login(email);
    }

    private String login(String email) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\": \"" + email + "\", \"password\": \"testpassword123\"}")));
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(login.body());
        return body.get("access_token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
