package dev.latchkey.migrate;

import static dev.latchkey.migrate.UserRowsTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.migrate.testing.Cli;
import dev.latchkey.migrate.testing.LegacyHashes;
import dev.latchkey.migrate.testing.Migration;
import dev.latchkey.migrate.testing.TestMariaDb;
import dev.latchkey.servlet.LatchkeyFilter;
import dev.latchkey.servlet.LatchkeyServlet;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Imported users log in over real HTTP to Latchkey's endpoints (the servlet and filter on Jetty, on
 * the imported PostgreSQL schema) with the passwords they had, whatever scheme the legacy backend
 * hashed them with; a client still holding its legacy refresh token keeps its session.
 */
@ExtendWith({TestPostgres.class, TestMariaDb.class})
class ImportedUsersLogInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = Fixtures.PASSWORD;
    private static final String LEGACY_REFRESH_TOKEN = "eyJhbGciOiJIUzI1NiJ9.legacy-refresh.c2lnbmF0dXJl";
    private static final Map<String, String> PASSWORDS = Map.of(
            "bcrypt2b@example.com", PASSWORD,
            "bcrypt2y@example.com", PASSWORD,
            "passlib@example.com", LegacyVectors.PASSLIB.get(1).password(),
            "django@example.com", LegacyVectors.DJANGO.get(1).password(),
            "argon2id@example.com", PASSWORD,
            "korean@example.com", LegacyVectors.LONG_KOREAN,
            "racer@example.com", PASSWORD);

    private static Migration migration;
    private static Server server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void importAndServe() throws Exception {
        migration = Migration.create("login");
        migration.user(uuid(1), "Bcrypt 2b", "bcrypt2b@example.com", null, LegacyHashes.bcrypt2b(PASSWORD), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(2), "Bcrypt 2y", "bcrypt2y@example.com", null, LegacyHashes.bcrypt2y(PASSWORD), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(3), "Passlib", "passlib@example.com", null, LegacyVectors.PASSLIB.get(1).hash(), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(4), "Django", "django@example.com", null, LegacyVectors.DJANGO.get(1).hash(), 1,
                "2024-01-01 00:00:00");
        migration.user(uuid(5), "Argon2id", "argon2id@example.com", null, LegacyHashes.argon2id(PASSWORD), 1,
                "2024-01-01 00:00:00");
        // 28 Hangul syllables are 84 bytes; the legacy bcrypt read only the first 72.
        migration.user(uuid(6), "긴비밀번호", "korean@example.com", null,
                LegacyHashes.bcrypt2b(LegacyVectors.LONG_KOREAN), 1, "2024-01-01 00:00:00");
        migration.user(uuid(7), "Racer", "racer@example.com", null, LegacyHashes.bcrypt2b(PASSWORD), 1,
                "2024-01-01 00:00:00");
        migration.session(uuid(1), LEGACY_REFRESH_TOKEN, "Galaxy S24", "198.51.100.23", "okhttp/4.12",
                "2099-01-01 00:00:00", 0, "2024-06-01 08:00:00");
        Cli.Result run = migration.importUsers("--with-sessions");
        assertThat(run.exit()).as(run.toString()).isZero();

        PostgresStorage storage = PostgresStorage.create(migration.target());
        Latchkey latchkey = Latchkey.builder().users(storage.users()).sessions(storage.sessions())
                .throttle(storage.loginThrottle()).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.unthrottledConfig().bcryptCost(4).build()).build();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new LatchkeyServlet(latchkey)), "/api/auth/*");
        context.addFilter(new FilterHolder(new LatchkeyFilter(latchkey, "/api/auth/*")), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (migration != null) {
            migration.close();
        }
    }

    @Test
    void everyLegacySchemeLogsInWithTheOldPasswordAndIsUpgradedToLatchkeysHash() throws Exception {
        assertThat(post("/api/auth/login", login("argon2id@example.com", "not the password")).statusCode())
                .isEqualTo(401);
        for (String email : List.of("bcrypt2b@example.com", "bcrypt2y@example.com", "passlib@example.com",
                "django@example.com", "argon2id@example.com", "korean@example.com")) {
            HttpResponse<String> first = post("/api/auth/login", login(email, PASSWORDS.get(email)));
            assertThat(first.statusCode()).as(email + ": " + first.body()).isEqualTo(200);
            assertThat(JSON.readTree(first.body()).get("access_token").asText()).isNotEmpty();
            Map<String, Object> user = migration.usersByEmail().get(email);
            assertThat(user.get("legacy_password")).as(email).isEqualTo(false);
            assertThat((String) user.get("password_hash")).as(email).startsWith("$2b$");
            HttpResponse<String> again = post("/api/auth/login", login(email, PASSWORDS.get(email)));
            assertThat(again.statusCode()).as(email + " after the upgrade").isEqualTo(200);
        }
    }

    @Test
    void twoFirstLoginsAtOnceBothSucceed() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> logins = List.of(racingLogin(start), racingLogin(start));
        start.countDown();
        for (CompletableFuture<Integer> login : logins) {
            assertThat(login.get()).isEqualTo(200);
        }
        assertThat(migration.usersByEmail().get("racer@example.com").get("legacy_password")).isEqualTo(false);
    }

    @Test
    void aClientHoldingItsLegacyRefreshTokenRefreshesAndSeesItsDevice() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("refresh_token", LEGACY_REFRESH_TOKEN);
        HttpResponse<String> refreshed = post("/api/auth/refresh", body.toString());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String access = JSON.readTree(refreshed.body()).get("access_token").asText();
        HttpResponse<String> sessions = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/auth/sessions"))
                .header("Authorization", "Bearer " + access).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
        JsonNode current = null;
        for (JsonNode session : JSON.readTree(sessions.body())) {
            if (session.get("current").asBoolean()) {
                current = session;
            }
        }
        assertThat(current).as(sessions.body()).isNotNull();
        assertThat(current.get("device_name").asText()).isEqualTo("Galaxy S24");
        assertThat(current.get("ip_address").asText()).isEqualTo("198.51.100.23");
        assertThat(current.get("user_agent").asText()).isEqualTo("okhttp/4.12");
        assertThat(current.get("created_at").asText()).isEqualTo("2024-06-01T08:00:00Z");
    }

    private static CompletableFuture<Integer> racingLogin(CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                return post("/api/auth/login", login("racer@example.com", PASSWORD)).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String login(String email, String password) {
        return JSON.createObjectNode().put("email", email).put("password", password).toString();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
