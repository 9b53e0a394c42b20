package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.jdbi.testing.TestPostgres;
import dev.latchkey.servlet.OpenApiDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged jar, end to end, as the README tells a newcomer to run it. */
class ExampleJarIT {

    private static final String SECRET = "example-test-secret-0123456789abcdefghij";
    private static final String REGISTER = """
            {
              "real_name": "테스트 사용자",
              "email": "test@example.com",
              "phone_number": "010-1234-5678",
              "password": "testpassword123"
            }""";
    private static final String LOGIN = """
            {
              "email": "test@example.com",
              "password": "testpassword123"
            }""";

    private static List<String> keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The guide's three curl calls, and logout and revoke-all taking effect at once. */
    static void guideFlow(Client client) throws Exception {
        Client.Reply registered = client.post("/api/auth/register", REGISTER);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(keys(registered.json())).containsExactly("id", "real_name", "email", "phone_number", "is_active",
                "created_at", "roles", "email_verified");

        Client.Reply login = client.post("/api/auth/login", LOGIN);
        assertThat(login.status()).isEqualTo(200);
        assertThat(keys(login.json())).containsExactly("access_token", "refresh_token", "token_type", "expires_in",
                "user");
        assertThat(login.json().get("expires_in").asInt()).isEqualTo(1800);

        Client.Reply refreshed = client.post("/api/auth/refresh",
                "{\"refresh_token\": \"" + login.text("refresh_token") + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(keys(refreshed.json())).containsExactly("access_token", "token_type", "expires_in");

        String access = refreshed.text("access_token");
        assertThat(client.get("/api/notes", access).status()).isEqualTo(200);
        assertThat(client.call("POST", "/api/auth/logout", null, access).status()).isEqualTo(200);
        assertThat(client.get("/api/notes", access).status()).as("logout takes effect at once").isEqualTo(401);
        assertThat(client.get("/api/notes", login.text("access_token")).status())
                .as("the session's older access token too").isEqualTo(401);

        String phone = client.post("/api/auth/login", LOGIN).text("access_token");
        String laptop = client.post("/api/auth/login", LOGIN).text("access_token");
        Client.Reply revoked = client.call("POST", "/api/auth/revoke-all-tokens", null, phone);
        assertThat(revoked.json().get("revoked_sessions").asInt()).isEqualTo(2);
        assertThat(client.get("/api/notes", phone).status()).isEqualTo(401);
        assertThat(client.get("/api/notes", laptop).status()).isEqualTo(401);
    }

    @Test
    void theStartLineSaysWhichCollectorAndHeapBoundTheJvmRunsWith() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("DEBUG", "True",
                "JAVA_TOOL_OPTIONS", "-Xmx128m -XX:+UseParallelGC"))) {
            assertThat(app.stdout()).anySatisfy(line -> assertThat(line).startsWith("Latchkey example on")
                    .endsWith("| JVM: Parallel collector, heap up to 128 MB"));
        }
    }

    @Test
    void withNoConfigurationAtAllInDebugItRunsInMemoryAndSaysSo() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("DEBUG", "True"))) {
            guideFlow(new Client(app.base()));

            assertThat(app.stdout()).anySatisfy(line -> assertThat(line).contains("store: in-memory (lost on restart)")
                    .contains("HS256").contains("access 30 min").contains("refresh 7 days").contains("rotation off")
                    .contains("| bcrypt 12 |").doesNotContain("idle sessions")
                    .contains("limits: bodies at least 512 B/s, idle 10 s, 32 connections per address")
                    .containsPattern("\\| JVM: \\S+ collector, heap up to \\d+ MB$"));
            assertThat(app.stderr()).anySatisfy(line -> assertThat(line).contains("DATABASE_URL is not set"));
            assertThat(app.stderr()).noneMatch(line -> line.contains("INFO"));
            Client.Reply health = new Client(app.base()).get("/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("database").get("type").asText()).isEqualTo("in-memory");
        }
    }

    @Test
    void inDebugInMemoryRegisteringAnAdminEmailGrantsTheRoleAndSaysSo() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("DEBUG", "True", "ADMIN_EMAILS", "test@example.com"))) {
            app.awaitErrorLine("registering one of ADMIN_EMAILS grants it the admin role", 10);
            Client client = new Client(app.base());
            client.post("/api/auth/register", REGISTER);
            client.post("/api/auth/register", "{\"real_name\":\"Other\",\"email\":\"other@example.com\","
                    + "\"password\":\"testpassword123\"}");
            String admin = client.post("/api/auth/login", LOGIN).text("access_token");
            String other = client.post("/api/auth/login", "{\"email\":\"other@example.com\","
                    + "\"password\":\"testpassword123\"}").text("access_token");

            assertThat(client.get("/api/admin/users", admin).json().get("total").asLong()).isEqualTo(2);
            assertThat(client.get("/api/admin/users", other).status()).isEqualTo(403);
            assertThat(client.get("/api/admin/users", null).status()).isEqualTo(401);
        }
    }

    @Test
    void unknownPathsAndContainerErrorsAreJsonWithoutABanner() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            Client client = new Client(app.base());
            Client.Reply missing = client.get("/no/such/page", null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("detail").asText()).isEqualTo("Not found");
            assertThat(missing.raw().headers().firstValue("Server")).isEmpty();
            Client.Reply page = client.get("/", null);
            assertThat(page.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        }
    }

    @Test
    void theOpenApiDocumentIsServedToAnyoneAsTheJarShipsIt() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            Client client = new Client(app.base());
            for (String bearer : new String[] {null, "not.a.token"}) {
                Client.Reply document = client.get("/openapi.json", bearer);
                assertThat(document.status()).isEqualTo(200);
                assertThat(document.raw().headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(document.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(document.raw().body()).isEqualTo(new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8));
                assertThat(document.json().get("openapi").asText()).isEqualTo("3.1.0");
                assertThat(document.json().get("paths").has("/api/auth/login")).isTrue();
            }
            Client.Reply head = client.call("HEAD", "/openapi.json", null, null);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.raw().body()).isEmpty();
            Client.Reply post = client.post("/openapi.json", "{}");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.raw().headers().firstValue("Allow")).contains("GET, HEAD");
            assertThat(client.get("/openapi.json/x", null).status()).isEqualTo(404);
        }
    }

    @Test
    void anInMemoryRestartForgetsSessions() throws Exception {
        Map<String, String> env = Map.of("SECRET_KEY", SECRET);
        String refreshToken;
        int port;
        try (RunningApp first = RunningApp.start(env)) {
            Client client = new Client(first.base());
            client.post("/api/auth/register", REGISTER);
            refreshToken = client.post("/api/auth/login", LOGIN).text("refresh_token");
            port = first.base().getPort();
            assertThat(first.stop()).isNotEqualTo(-1);
        }
        Map<String, String> again = new HashMap<>(env);
        again.put("PORT", Integer.toString(port));
        try (RunningApp second = RunningApp.start(again)) {
            assertThat(new Client(second.base()).post("/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}")
                    .status()).isEqualTo(401);
        }
    }

    @Test
    void withoutDebugAMissingOrWeakSecretKeyStopsTheStartWithAClearMessage() throws Exception {
        try (RunningApp app = RunningApp.startAndExit(Map.of())) {
            assertThat(app.exitCode()).isEqualTo(2);
            assertThat(String.join("\n", app.stderr())).contains("Configuration error: SECRET_KEY is not set");
        }
        try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", "your-strong-secret-key-change-this"))) {
            assertThat(app.exitCode()).isEqualTo(2);
            assertThat(String.join("\n", app.stderr())).contains("SECRET_KEY is weak");
        }
        try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", "short"))) {
            assertThat(String.join("\n", app.stderr())).contains("SECRET_KEY is too short");
        }
        try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, "ACCESS_TOKEN_EXPIRE_MINUTES", "soon"))) {
            assertThat(app.exitCode()).isEqualTo(2);
            assertThat(String.join("\n", app.stderr())).contains("ACCESS_TOKEN_EXPIRE_MINUTES").contains("'soon'");
        }
    }

    @Test
    void theBcryptCostTheIssuerTheAudienceAndTheSessionIdleTimeoutCanBeSet() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET, "BCRYPT_COST", "10",
                "SESSION_IDLE_TIMEOUT_MINUTES", "90", "TOKEN_ISSUER", "https://auth.example.com",
                "TOKEN_AUDIENCE", "notes-api"))) {
            assertThat(app.stdout()).anySatisfy(line -> assertThat(line)
                    .contains("rotation off, idle sessions end after 90 min | bcrypt 10 | limits:"));
            Client client = new Client(app.base());
            assertThat(client.post("/api/auth/register", REGISTER).status()).isEqualTo(201);
            String access = client.post("/api/auth/login", LOGIN).text("access_token");
            JsonNode claims = Client.claimsOf(access);
            assertThat(claims.get("iss").asText()).isEqualTo("https://auth.example.com");
            assertThat(claims.get("aud").isArray() ? claims.get("aud").get(0).asText() : claims.get("aud").asText())
                    .isEqualTo("notes-api");
            assertThat(client.get("/api/notes", access).status()).isEqualTo(200);
        }
        for (String[] bad : new String[][] {{"BCRYPT_COST", "32"}, {"SESSION_IDLE_TIMEOUT_MINUTES", "0"}}) {
            try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, bad[0], bad[1]))) {
                assertThat(app.exitCode()).isEqualTo(2);
                assertThat(String.join("\n", app.stderr())).contains(bad[0]).contains("'" + bad[1] + "'");
            }
        }
    }

    @Test
    void whenItCannotListenItExits1SayingWhy() throws Exception {
        try (RunningApp first = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            String port = Integer.toString(first.base().getPort());
            try (RunningApp second = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, "PORT", port))) {
                assertThat(second.exitCode()).isEqualTo(1);
                assertThat(String.join("\n", second.stderr())).contains("Could not start").contains(port);
            }
        }
    }

    @Test
    void withPostgresqlDownAtStartUpItStartsAnywayAndAnswers503WhereItNeedsTheDatabase() throws Exception {
        // Nothing listens on this port: PostgreSQL is down when the service starts.
        String down = "postgresql://latchkey:hunter2-secret@127.0.0.1:" + RunningApp.freePort() + "/latchkey";
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET, "DATABASE_URL", down))) {
            for (int i = 0; i < 50 && !String.join("\n", app.stderr()).contains("does not answer"); i++) {
                Thread.sleep(100);   // stderr is read by another thread
            }
            assertThat(String.join("\n", app.stderr())).contains("WARNING: PostgreSQL does not answer at start-up")
                    .doesNotContain("hunter2-secret");
            Client http = new Client(app.base());
            Client.Reply login = http.post("/api/auth/login", "{\"email\":\"a@example.com\",\"password\":\"x\"}");
            assertThat(login.status()).isEqualTo(503);
            assertThat(login.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(http.get("/api/notes", null).status()).as("no token: refused without the database").isEqualTo(401);
            assertThat(http.get("/health", null).json().get("status").asText()).isEqualTo("unavailable");
        }
    }

    @Test
    void aBadClientLimitStopsTheStartNamingTheVariable() throws Exception {
        for (String[] bad : new String[][] {{"MIN_REQUEST_DATA_RATE", "0"}, {"IDLE_TIMEOUT_SECONDS", "soon"},
                {"MAX_CONNECTIONS_PER_ADDRESS", "-1"}}) {
            try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, bad[0], bad[1]))) {
                assertThat(app.exitCode()).isEqualTo(2);
                assertThat(String.join("\n", app.stderr())).contains(bad[0]).contains("'" + bad[1] + "'");
            }
        }
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET, "MIN_REQUEST_DATA_RATE", "100",
                "IDLE_TIMEOUT_SECONDS", "20", "MAX_CONNECTIONS_PER_ADDRESS", "8"))) {
            assertThat(app.stdout()).anySatisfy(line -> assertThat(line)
                    .contains("limits: bodies at least 100 B/s, idle 20 s, 8 connections per address"));
        }
    }

    /** Logs in from 127.0.0.1 saying it forwards for 203.0.113.9; the address the new session recorded. */
    private static String addressRecordedForAForwardedLogin(RunningApp app) throws Exception {
        Client client = new Client(app.base());
        assertThat(client.post("/api/auth/register", REGISTER).status()).isEqualTo(201);
        String login = LOGIN.replace("\n", "");
        RawHttp.Answer answer = RawHttp.exchange(app.base().getPort(), "POST /api/auth/login HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nX-Forwarded-For: 203.0.113.9\r\n"
                + "Content-Length: " + login.length() + "\r\nConnection: close\r\n\r\n" + login);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Client.Reply sessions = client.get("/api/auth/sessions", answer.json().get("access_token").asText());
        assertThat(sessions.status()).isEqualTo(200);
        assertThat(sessions.json()).hasSize(1);
        return sessions.json().get(0).get("ip_address").asText();
    }

    @Test
    void behindATrustedProxyTheClientAddressIsTheOneItForwards() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET, "TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"))) {
            assertThat(addressRecordedForAForwardedLogin(app)).isEqualTo("203.0.113.9");
            assertThat(app.stdout()).anySatisfy(line -> assertThat(line).contains("trusted proxies: 10.0.0.0/8, 127.0.0.1"));
        }
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            assertThat(addressRecordedForAForwardedLogin(app)).as("no proxy is trusted by default")
                    .isEqualTo("127.0.0.1");
            assertThat(app.stdout()).noneMatch(line -> line.contains("trusted proxies"));
        }
    }

    @Test
    void aBadTrustedProxyStopsTheStartNamingTheVariable() throws Exception {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.1,,10.0.0.2", "::1/129")) {
            try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, "TRUSTED_PROXIES", bad))) {
                assertThat(app.exitCode()).as(bad).isEqualTo(2);
                assertThat(String.join("\n", app.stderr())).contains("Configuration error: TRUSTED_PROXIES")
                        .contains("'" + bad + "'");
            }
        }
    }

    @Test
    void aStopRequestShutsDownGracefully() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            int code = app.stop();
            assertThat(code).isIn(0, 143);
            app.awaitLine("Latchkey example stopped.", 10);
        }
    }

    /** The same on PostgreSQL, configured through DATABASE_URL. */
    @Nested
    @ExtendWith(TestPostgres.class)
    class OnPostgres {

        private static final String SCHEMA = "latchkey_example_e2e";

        private Map<String, String> env() {
            TestPostgres.recreateSchema(SCHEMA);
            String url = TestPostgres.url().orElseThrow();
            return Map.of("SECRET_KEY", SECRET, "DATABASE_URL", url + (url.contains("?") ? "&" : "?")
                    + "currentSchema=" + SCHEMA, "DB_POOL_SIZE", "2", "DB_MAX_OVERFLOW", "4");
        }

        @Test
        void theGuidesFlowWorksOnPostgresAndHealthSaysSo() throws Exception {
            try (RunningApp app = RunningApp.start(env())) {
                guideFlow(new Client(app.base()));
                assertThat(app.stdout()).anySatisfy(line -> assertThat(line).contains("store: PostgreSQL jdbc:postgresql:")
                        .doesNotContain("password"));
                Client.Reply health = new Client(app.base()).get("/health", null);
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().get("database").get("reachable").asBoolean()).isTrue();
                // Reachable or not, and nothing that tells an attacker which PostgreSQL to attack.
                assertThat(keys(health.json().get("database"))).containsExactly("type", "reachable");
                assertThat(health.raw().body()).doesNotContainIgnoringCase("version");
            }
        }

        @Test
        void aRestartKeepsSessionsOnPostgres() throws Exception {
            Map<String, String> env = new HashMap<>(env());
            String refreshToken;
            String access;
            try (RunningApp first = RunningApp.start(env)) {
                Client client = new Client(first.base());
                client.post("/api/auth/register", REGISTER);
                Client.Reply login = client.post("/api/auth/login", LOGIN);
                refreshToken = login.text("refresh_token");
                access = login.text("access_token");
                env.put("PORT", Integer.toString(first.base().getPort()));
                first.stop();
            }
            try (RunningApp second = RunningApp.start(env)) {
                Client client = new Client(second.base());
                assertThat(client.get("/api/notes", access).status()).isEqualTo(200);
                assertThat(client.post("/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}").status())
                        .isEqualTo(200);
                client.call("POST", "/api/auth/logout", null, access);
                assertThat(client.get("/api/notes", access).status()).isEqualTo(401);
            }
        }
    
        @Test
        void adminEmailsGrantsTheRoleAtStartToAVerifiedUserOnlyAndTheAdministrationAnswers() throws Exception {
            Map<String, String> env = new HashMap<>(env());
            env.put("ADMIN_EMAILS", "TEST@example.com, nobody@example.com");
            env.put("DEBUG", "True");  // the verification mail is printed to the log
            String plainAccess;
            String verification;
            try (RunningApp first = RunningApp.start(env)) {
                Client client = new Client(first.base());
                first.awaitErrorLine("ADMIN_EMAILS: no user has the email test@example.com", 10);
                client.post("/api/auth/register", REGISTER);
                verification = first.awaitPrintedToken("verify-email", 1, 15);
                plainAccess = client.post("/api/auth/login", LOGIN).text("access_token");
                assertThat(client.get("/api/admin/users", plainAccess).status())
                        .as("registering a listed email later grants nothing").isEqualTo(403);
                env.put("PORT", Integer.toString(first.base().getPort()));
                first.stop();
            }
            try (RunningApp second = RunningApp.start(env)) {
                Client client = new Client(second.base());
                second.awaitErrorLine("ADMIN_EMAILS: test@example.com has not verified its email", 10);
                assertThat(client.post("/api/auth/login", LOGIN).json().get("user").get("roles")).isEmpty();
                assertThat(client.post("/api/auth/verify-email", "{\"token\":\"" + verification + "\"}").status())
                        .isEqualTo(200);
                second.stop();
            }
            try (RunningApp third = RunningApp.start(env)) {
                Client client = new Client(third.base());
                third.awaitErrorLine("ADMIN_EMAILS: test@example.com has the admin role", 10);
                third.awaitErrorLine("no user has the email nobody@example.com", 10);
                assertThat(client.get("/api/admin/users", plainAccess).status())
                        .as("the token from before the grant carries no role").isEqualTo(403);
                Client.Reply login = client.post("/api/auth/login", LOGIN);
                assertThat(login.json().get("user").get("roles").toString()).isEqualTo("[\"admin\"]");
                Client.Reply users = client.get("/api/admin/users", login.text("access_token"));
                assertThat(users.status()).isEqualTo(200);
                assertThat(users.json().get("total").asLong()).isEqualTo(1);
            }
        }
}
}
