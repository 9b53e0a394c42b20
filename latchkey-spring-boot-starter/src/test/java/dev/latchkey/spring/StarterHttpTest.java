package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Actor;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.UserId;
import dev.latchkey.core.mail.Mail;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.spring.HttpJson.Reply;
import dev.latchkey.spring.app.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a Spring Boot application with its defaults, over real HTTP on PostgreSQL: the
 * guide's flow, the application's own controllers behind Spring Security, the administration, and
 * the firewall.
 */
@ExtendWith(TestPostgres.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"latchkey.secret-key=" + StarterHttpTest.SECRET, "latchkey.bcrypt-cost=4",
            "latchkey.mail.link-base-url=https://app.example.com/"})
class StarterHttpTest {

    static final String SECRET = "Zp4s8vLq2Wn7Kd1Rt6Yh3Jm9Xc5Bf0Ga";
    private static final String SCHEMA = "latchkey_spring_starter";

    @LocalServerPort
    int port;

    @Autowired
    Latchkey latchkey;

    private HttpJson http;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.recreateSchema(SCHEMA);
        registry.add("spring.datasource.url", () -> TestPostgres.url().orElseThrow() + "&currentSchema=" + SCHEMA);
    }

    @BeforeEach
    void client() {
        http = new HttpJson(port);
    }

    private static String email() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void theGuidesFlowWorksAtTheDefaultBasePath() throws Exception {
        String email = email();
        Reply login = http.registerAndLogin("/api/auth", email);
        assertThat(login.text("token_type")).isEqualTo("bearer");
        assertThat(login.json().get("expires_in").asInt()).isEqualTo(1800);
        String access = login.text("access_token");
        String refresh = login.text("refresh_token");

        Reply me = http.get("/api/auth/me", access);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);

        Reply refreshed = http.post("/api/auth/refresh", "{\"refresh_token\": \"" + refresh + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        String second = refreshed.text("access_token");
        assertThat(http.get("/api/profile", second).status()).isEqualTo(200);

        Reply logout = http.post("/api/auth/logout", "{\"refresh_token\": \"" + refresh + "\"}", second);
        assertThat(logout.status()).isEqualTo(200);
        // At once: the application's controller refuses the session's access tokens, and refresh fails.
        Reply after = http.get("/api/profile", second);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\", error=\"invalid_token\"");
        assertThat(after.text("detail")).isEqualTo("Could not validate credentials");
        assertThat(http.get("/api/profile", access).status()).isEqualTo(401);
        assertThat(http.post("/api/auth/refresh", "{\"refresh_token\": \"" + refresh + "\"}").status())
                .isEqualTo(401);
    }

    @Test
    void revokeAllTokensEndsEverySessionOfTheUserAtOnce() throws Exception {
        String email = email();
        String phone = http.registerAndLogin("/api/auth", email).text("access_token");
        String laptop = http.login("/api/auth", email).text("access_token");
        assertThat(http.get("/api/profile", phone).status()).isEqualTo(200);

        Reply revoked = http.post("/api/auth/revoke-all-tokens", null, laptop);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revoked_sessions").asInt()).isEqualTo(2);
        assertThat(http.get("/api/profile", phone).status()).isEqualTo(401);
        assertThat(http.get("/api/auth/me", laptop).status()).isEqualTo(401);
    }

    @Test
    void theApplicationsControllerSeesTheTokenAsItsPrincipal() throws Exception {
        String access = http.registerAndLogin("/api/auth", email()).text("access_token");
        String userId = http.get("/api/auth/me", access).text("id");

        Reply profile = http.get("/api/profile", access);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.text("user_id")).isEqualTo(userId);
        assertThat(profile.json().get("roles").size()).isZero();
    }

    @Test
    void aRoleProtectedEndpointAnswers401WithoutAToken403WithoutTheRoleAnd200WithIt() throws Exception {
        Reply anonymous = http.get("/api/reports", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        assertThat(anonymous.text("detail")).isEqualTo("Not authenticated");

        Reply forged = http.get("/api/reports", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("WWW-Authenticate")).contains("error=\"invalid_token\"");

        String email = email();
        String user = http.registerAndLogin("/api/auth", email).text("access_token");
        Reply denied = http.get("/api/reports", user);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.text("detail")).isEqualTo("Not allowed");

        grantAdmin(email);
        String admin = http.login("/api/auth", email).text("access_token");
        Reply allowed = http.get("/api/reports", admin);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("reports").get(0).asText()).isEqualTo("signups");
    }

    @Test
    void aRemovedRoleIsRefusedAtOnceThroughTheAdministrationApi() throws Exception {
        String adminEmail = email();
        http.registerAndLogin("/api/auth", adminEmail);
        grantAdmin(adminEmail);
        String admin = http.login("/api/auth", adminEmail).text("access_token");

        String email = email();
        http.registerAndLogin("/api/auth", email);
        String userId = http.get("/api/auth/me", http.login("/api/auth", email).text("access_token")).text("id");
        Reply granted = http.call("PUT", "/api/admin/users/" + userId + "/roles/admin", null, admin);
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("roles").get(0).asText()).isEqualTo("admin");
        String token = http.login("/api/auth", email).text("access_token");
        assertThat(http.get("/api/reports", token).status()).isEqualTo(200);

        Reply removed = http.call("DELETE", "/api/admin/users/" + userId + "/roles/admin", null, admin);
        assertThat(removed.status()).isEqualTo(200);
        Reply refused = http.get("/api/reports", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void theAdministrationApiAnswersOverHttp() throws Exception {
        String adminEmail = email();
        String before = http.registerAndLogin("/api/auth", adminEmail).text("access_token");
        assertThat(http.get("/api/admin/users", before).status()).isEqualTo(403);
        assertThat(http.get("/api/admin/users", null).status()).isEqualTo(401);
        grantAdmin(adminEmail);
        String admin = http.login("/api/auth", adminEmail).text("access_token");

        String email = email();
        String userToken = http.registerAndLogin("/api/auth", email).text("access_token");
        Reply page = http.get("/api/admin/users?query=" + email, admin);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("total").asInt()).isEqualTo(1);
        String userId = page.json().get("items").get(0).get("id").asText();

        Reply details = http.get("/api/admin/users/" + userId, admin);
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.json().get("sessions").size()).isEqualTo(1);

        assertThat(http.post("/api/admin/users/" + userId + "/disable", null, admin).status()).isEqualTo(200);
        assertThat(http.get("/api/profile", userToken).status()).isEqualTo(401);
        assertThat(http.post("/api/auth/login", "{\"email\": \"" + email + "\", \"password\": \"testpassword123\"}")
                .status()).isEqualTo(401);
    }

    @Test
    void aStaleTokenSentAlongToRefreshDoesNotStopTheRefresh() throws Exception {
        Reply login = http.registerAndLogin("/api/auth", email());
        Reply refreshed = http.post("/api/auth/refresh",
                "{\"refresh_token\": \"" + login.text("refresh_token") + "\"}", "not-a-token");
        assertThat(refreshed.status()).isEqualTo(200);
    }

    @Test
    void ambiguousPathsAreAnswered400WithJson() throws Exception {
        String access = http.registerAndLogin("/api/auth", email()).text("access_token");
        for (String path : new String[] {"//api/auth/me", "/api/auth/..;/profile", "/api/auth/%2e%2e/profile",
                "/api/./profile", "/api;x=1/profile"}) {
            Reply reply = http.get(path, access);
            assertThat(reply.status()).as(path).isEqualTo(400);
            assertThat(reply.text("detail")).as(path).startsWith("Ambiguous request path");
        }
        // Tomcat refuses an encoded '/' itself, before any filter: a 400 too, never a 500.
        Reply encodedSlash = http.get("/api/auth%2Fme", access);
        assertThat(encodedSlash.status()).as(encodedSlash.raw().body()).isEqualTo(400);
    }

    @Test
    void aMalformedBearerTokenIsAnInvalidToken() throws Exception {
        Reply reply = http.get("/api/profile", "two words");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\", error=\"invalid_token\"");
        assertThat(reply.text("detail")).isEqualTo("Could not validate credentials");
    }

    @Test
    void aForgottenPasswordIsResetFromTheMailedLinkAndEverySessionEndsAtOnce() throws Exception {
        String email = "forgetful-" + UUID.randomUUID() + "@example.com";
        String access = http.registerAndLogin("/api/auth", email).text("access_token");
        TestApplication.MAILS.removeIf(m -> m.to().equalsIgnoreCase(email));

        assertThat(http.post("/api/auth/forgot-password", "{\"email\":\"" + email + "\"}").status()).isEqualTo(202);
        Mail mail = null;
        for (int i = 0; i < 100 && mail == null; i++) {
            mail = TestApplication.MAILS.stream().filter(m -> m.to().equalsIgnoreCase(email)).findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertThat(mail).as("the reset mail").isNotNull();
        Matcher link = Pattern.compile("https://app\\.example\\.com/#reset-password\\?token=([A-Za-z0-9_-]{43})")
                .matcher(mail.text());
        assertThat(link.find()).as(mail.text()).isTrue();

        Reply reset = http.post("/api/auth/reset-password", "{\"token\":\"" + link.group(1)
                + "\",\"new_password\":\"a-new-passphrase\"}");
        assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
        assertThat(http.get("/api/profile", access).status()).as("the old access token").isEqualTo(401);
        assertThat(http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"a-new-passphrase\"}")
                .status()).isEqualTo(200);
        assertThat(http.post("/api/auth/reset-password", "{\"token\":\"" + link.group(1)
                + "\",\"new_password\":\"another-passphrase\"}").status()).as("a used link").isEqualTo(400);
    }

    @Test
    void twoAuthorizationHeadersAreRefusedOnTheApplicationsControllersAsOnLatchkeysEndpoints() throws Exception {
        String email = email();
        http.registerAndLogin("/api/auth", email);
        grantAdmin(email);
        String admin = http.login("/api/auth", email).text("access_token");
        String plain = http.registerAndLogin("/api/auth", email()).text("access_token");
        for (String path : List.of("/api/reports", "/api/profile", "/api/auth/me")) {
            HttpResponse<String> twice = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + admin)
                    .header("Authorization", "Bearer " + plain).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(twice.statusCode()).as(path).isEqualTo(400);
            assertThat(twice.body()).as(path).contains("\"detail\"");
        }
    }

    @Test
    void theJwkSetIsPublic() throws Exception {
        Reply jwks = http.get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").size()).isZero();
    }

    private void grantAdmin(String email) {
        UserId id = latchkey.admin(Actor.system("test")).userByEmail(email).orElseThrow().id();
        latchkey.admin(Actor.system("test")).grantRole(id, "admin");
    }
}
