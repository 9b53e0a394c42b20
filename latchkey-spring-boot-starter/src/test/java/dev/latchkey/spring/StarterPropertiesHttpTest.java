package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Account;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.spring.HttpJson.Reply;
import dev.latchkey.spring.ownchain.OwnChainApplication;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter with other paths, another token lifetime and a first administrator, in an application
 * that writes its own filter chain: the properties bind, the endpoints move, and the application's
 * rules apply to its own paths only.
 */
@ExtendWith(TestPostgres.class)
@SpringBootTest(classes = OwnChainApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "latchkey.secret-key=" + StarterPropertiesHttpTest.SECRET,
            "latchkey.bcrypt-cost=4",
            "latchkey.base-path=/auth/",
            "latchkey.admin.base-path=/manage",
            "latchkey.admin.role=Operator",
            "latchkey.admin.bootstrap-emails=" + StarterPropertiesHttpTest.FIRST_ADMIN + ", nobody@example.com, "
                    + StarterPropertiesHttpTest.UNVERIFIED,
            "latchkey.jwks-path=/keys.json",
            "latchkey.access-token-ttl=5m",
            "latchkey.refresh-token-ttl=2d",
            "latchkey.refresh-token-rotation=true"})
class StarterPropertiesHttpTest {

    static final String SECRET = "Qm8Tz3Lp6Vr1Xn4Bc7Hd2Kf5Gj9Ws0Ay";
    static final String FIRST_ADMIN = "first.admin@example.com";
    /** Listed too, registered, but never opened the verification link: anyone may register an address. */
    static final String UNVERIFIED = "squatter@example.com";
    private static final String SCHEMA = "latchkey_spring_properties";

    @LocalServerPort
    int port;

    @Autowired
    Latchkey latchkey;

    @Autowired
    LatchkeyProperties properties;

    @Autowired
    OwnChainApplication.Events events;

    private HttpJson http;

    /** The first administrator registered before the application starts, as an operator would. */
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.recreateSchema(SCHEMA);
        PostgresStorage storage = PostgresStorage.create(TestPostgres.dataSource(SCHEMA));
        storage.schema().migrate();
        Latchkey before = Latchkey.builder().keys(KeyRing.hs256(SECRET))
                .config(LatchkeyConfig.builder().bcryptCost(4).build())
                .users(storage.users()).sessions(storage.sessions()).build();
        Account first = before.register(new Registration("First Admin", FIRST_ADMIN, "010-0000-0000", "testpassword123"));
        storage.users().markEmailVerified(first.id(), FIRST_ADMIN);
        before.register(new Registration("Squatter", UNVERIFIED, null, "testpassword123"));
        registry.add("spring.datasource.url", () -> TestPostgres.url().orElseThrow() + "&currentSchema=" + SCHEMA);
    }

    @BeforeEach
    void client() {
        http = new HttpJson(port);
    }

    @Test
    void thePropertiesBindWithTheirNormalForms() {
        assertThat(properties.basePath()).isEqualTo("/auth");
        assertThat(properties.admin().role()).isEqualTo("operator");
        assertThat(properties.admin().bootstrapEmails()).containsExactly(FIRST_ADMIN, "nobody@example.com", UNVERIFIED);
        LatchkeyConfig config = latchkey.config();
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(config.refreshTokenRotation()).isTrue();
        assertThat(config.adminRole()).isEqualTo("operator");
    }

    @Test
    void theEndpointsAnswerAtTheConfiguredPaths() throws Exception {
        String email = "moved@example.com";
        Reply login = http.registerAndLogin("/auth", email);
        assertThat(login.json().get("expires_in").asInt()).isEqualTo(300);
        Reply refreshed = http.post("/auth/refresh", "{\"refresh_token\": \"" + login.text("refresh_token") + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().has("refresh_token")).as("rotation is on").isTrue();
        assertThat(http.get("/auth/me", login.text("access_token")).text("email")).isEqualTo(email);
        assertThat(http.get("/keys.json", null).status()).isEqualTo(200);
        // The default paths are not Latchkey's here: the application's chain wants a token for them.
        assertThat(http.post("/api/auth/login", "{}").status()).isEqualTo(401);
        assertThat(events.heard()).anyMatch(e -> e instanceof AuthEvent.Registered r
                && r.account().email().equals(email));
    }

    @Test
    void theFirstAdministratorHasTheConfiguredRoleAfterStartUp() throws Exception {
        String admin = http.login("/auth", FIRST_ADMIN).text("access_token");
        Reply me = http.get("/auth/me", admin);
        assertThat(me.json().get("roles").get(0).asText()).isEqualTo("operator");
        assertThat(http.get("/manage/users", admin).status()).isEqualTo(200);

        String user = http.registerAndLogin("/auth", "not.admin@example.com").text("access_token");
        assertThat(http.get("/manage/users", user).status()).isEqualTo(403);
        String squatter = http.login("/auth", UNVERIFIED).text("access_token");
        assertThat(http.get("/auth/me", squatter).json().get("roles")).as("listed but not verified").isEmpty();
        assertThat(http.get("/manage/users", squatter).status()).isEqualTo(403);
    }

    @Test
    void theApplicationsOwnChainDecidesOnItsOwnPaths() throws Exception {
        assertThat(http.get("/public", null).status()).isEqualTo(200);
        Reply anonymous = http.get("/reports", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text("detail")).isEqualTo("Not authenticated");
        String admin = http.login("/auth", FIRST_ADMIN).text("access_token");
        // Its rule asks for ROLE_ADMIN; the first administrator's role here is "operator".
        assertThat(http.get("/reports", admin).status()).isEqualTo(403);
        String userId = http.get("/auth/me", admin).text("id");
        assertThat(http.get("/anything", admin).status()).isEqualTo(404);
        assertThat(userId).isNotBlank();
    }
}
