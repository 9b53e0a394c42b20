package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jdbi.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example jar on PostgreSQL behind a TCP proxy the test controls, under load from several
 * clients, while the database connection is cut (every connection reset, new ones refused) and
 * stalled (no byte moves: a network partition), then restored. Promises checked: every answer that
 * needs the database is a JSON 503 with {@code Retry-After} in bounded time — the pool wait when
 * connections are refused, the driver's socket time-out when the network stops answering —;
 * protected calls, which need no database, keep answering 200; the same process heals by itself once
 * the database is back; and nothing is half-written: every session a client was told about exists,
 * every answered logout is stored, every client's newest refresh token still works, and no replaced
 * refresh token is a session's current one.
 */
@ExtendWith(TestPostgres.class)
class DatabaseFaultIT {

    private static final String SCHEMA = "latchkey_example_faults";
    private static final String SECRET = "fault-test-secret-key-0123456789abcdef";
    private static final int CLIENTS = 6;
    private static final int FAULT_CYCLES = Integer.getInteger("latchkey.faults.cycles", 1);
    private static final Duration CUT_FOR = Duration.ofSeconds(6);
    private static final Duration STALL_FOR = Duration.ofSeconds(12);
    /** Scheduling slack on a loaded two-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration HEAL_BOUND = Duration.ofSeconds(20);
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?(/[^?]*)(\\?.*)?");

    private enum Phase { HEALTHY, CUT, STALLED, HEALING }

    private volatile Phase phase = Phase.HEALTHY;
    private volatile boolean stop;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger slowest503Millis = new AtomicInteger();

    /** A client of the service: one user, its current session and tokens, and what it was told. */
    private final class LoadClient implements Runnable {
        final Client http;
        final String email;
        final List<String> sessionsTold = Collections.synchronizedList(new ArrayList<>());
        final List<String> logoutsAnswered = Collections.synchronizedList(new ArrayList<>());
        volatile String refreshToken;
        volatile String accessToken;
        volatile long lastDatabaseSuccess;

        LoadClient(Client http, String email) throws Exception {
            this.http = http;
            this.email = email;
            Client.Reply registered = http.post("/api/auth/register", "{\"real_name\":\"Fault\",\"email\":\"" + email
                    + "\",\"password\":\"testpassword123\"}");
            assertThat(registered.status()).isEqualTo(201);
            Client.Reply login = login();
            assertThat(login.status()).isEqualTo(200);
            refreshToken = login.text("refresh_token");
            accessToken = login.text("access_token");
        }

        Client.Reply login() throws Exception {
            return http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"testpassword123\"}");
        }

        @Override
        public void run() {
            for (int i = 0; !stop; i++) {
                try {
                    switch (i % 10) {
                        case 6, 7, 8 -> protectedCall();
                        case 9 -> loginAndLogout();
                        default -> refresh();
                    }
                } catch (Exception e) {
                    violations.add("client error: " + e);
                }
            }
        }

        private void refresh() throws Exception {
            Client.Reply reply = timed("refresh", () -> http.post("/api/auth/refresh",
                    "{\"refresh_token\":\"" + refreshToken + "\"}"));
            if (reply.status() == 200) {
                // Rotation: the old token keeps working for the grace period, so a lost answer can be retried.
                refreshToken = reply.text("refresh_token");
                accessToken = reply.text("access_token");
                lastDatabaseSuccess = System.nanoTime();
            }
        }

        private void protectedCall() throws Exception {
            Client.Reply reply = timed("protected", () -> http.get("/api/notes", accessToken));
            if (reply.status() != 200) {
                violations.add("a protected call needs no database, but got " + reply.status() + " in " + phase);
            }
        }

        private void loginAndLogout() throws Exception {
            Client.Reply login = timed("login", this::login);
            if (login.status() != 200) {
                return;
            }
            String access = login.text("access_token");
            sessionsTold.add(Client.sessionOf(access));
            Client.Reply logout = timed("logout", () -> http.call("POST", "/api/auth/logout",
                    "{\"refresh_token\":\"" + login.text("refresh_token") + "\"}", access));
            if (logout.status() == 200) {
                logoutsAnswered.add(Client.sessionOf(access));
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        Client.Reply send() throws Exception;
    }

    /** Sends, counts, and checks the answer's status, form and time against the phase it met. */
    private Client.Reply timed(String kind, Call call) throws Exception {
        Phase before = phase;
        long start = System.nanoTime();
        Client.Reply reply = call.send();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Phase after = phase;
        counts.computeIfAbsent(kind + " " + reply.status(), k -> new AtomicInteger()).incrementAndGet();
        if (reply.status() == 503) {
            slowest503Millis.accumulateAndGet((int) took.toMillis(), Math::max);
            if (reply.json() == null || !reply.json().hasNonNull("detail")
                    || reply.raw().headers().firstValue("Retry-After").isEmpty()) {
                violations.add(kind + ": a 503 without a JSON detail or Retry-After: " + reply.raw().body());
            }
            // Refused connections fail within the pool wait; a silent network within the socket time-out.
            boolean cutOnly = before == Phase.CUT && after == Phase.CUT;
            Duration bound = (cutOnly ? ExampleApp.POOL_WAIT : ExampleApp.SOCKET_TIMEOUT).plus(SLACK);
            if (took.compareTo(bound) > 0) {
                violations.add(kind + ": 503 after " + took.toMillis() + " ms in " + before + "→" + after
                        + ", bound " + bound.toMillis() + " ms");
            }
        } else if (reply.status() != 200 && reply.status() != 201) {
            violations.add(kind + ": " + reply.status() + " in " + before + "→" + after + ": " + reply.raw().body());
        }
        if (took.compareTo(ExampleApp.SOCKET_TIMEOUT.plus(ExampleApp.POOL_WAIT).plus(SLACK)) > 0) {
            violations.add(kind + ": an answer took " + took.toMillis() + " ms");
        }
        return reply;
    }

    @Test
    void anInstanceStartedWhilePostgresqlIsDownServesProtectedCallsAndHealsWhenItReturns() throws Exception {
        TestPostgres.recreateSchema(SCHEMA);
        Matcher url = JDBC_URL.matcher(TestPostgres.url().orElseThrow());
        assertThat(url.matches()).as("a jdbc:postgresql://host:port/db URL").isTrue();
        try (TcpProxy proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)))) {
            Map<String, String> env = Map.of("SECRET_KEY", SECRET,
                    "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3)
                            + (url.group(4) == null ? "?" : url.group(4) + "&") + "currentSchema=" + SCHEMA,
                    "BCRYPT_COST", "8");
            String email = "restart-" + UUID.randomUUID() + "@example.com";
            String credentials = "{\"email\":\"" + email + "\",\"password\":\"testpassword123\"}";
            String access;
            String loggedOut;
            try (RunningApp before = RunningApp.start(env)) {
                Client http = new Client(before.base());
                assertThat(http.post("/api/auth/register", "{\"real_name\":\"Restart\",\"email\":\"" + email
                        + "\",\"password\":\"testpassword123\"}").status()).isEqualTo(201);
                access = http.post("/api/auth/login", credentials).text("access_token");
                loggedOut = http.post("/api/auth/login", credentials).text("access_token");
                assertThat(http.call("POST", "/api/auth/logout", "{}", loggedOut).status()).isEqualTo(200);
            }
            proxy.cut();
            try (RunningApp after = RunningApp.start(env)) {
                Client http = new Client(after.base());
                assertThat(http.get("/api/notes", access).status()).as("a token from before, database down")
                        .isEqualTo(200);
                assertThat(http.post("/api/auth/login", credentials).status()).isEqualTo(503);

                proxy.open();
                long deadline = System.nanoTime() + HEAL_BOUND.toNanos();
                int status;
                do {
                    TimeUnit.MILLISECONDS.sleep(500);
                    status = http.post("/api/auth/login", credentials).status();
                } while (status != 200 && System.nanoTime() < deadline);
                assertThat(status).as("login once the database is back").isEqualTo(200);
                assertThat(http.get("/api/notes", loggedOut).status())
                        .as("the logout from before the start, once the database answers").isEqualTo(401);
                assertThat(http.get("/api/notes", access).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void cutAndStalledDatabaseConnectionsGetTimely503sAndTheServiceHealsWithNothingHalfWritten() throws Exception {
        TestPostgres.recreateSchema(SCHEMA);
        Matcher url = JDBC_URL.matcher(TestPostgres.url().orElseThrow());
        assertThat(url.matches()).as("a jdbc:postgresql://host:port/db URL").isTrue();
        try (TcpProxy proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
                RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET,
                        "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3)
                                + (url.group(4) == null ? "?" : url.group(4) + "&") + "currentSchema=" + SCHEMA,
                        "DB_POOL_SIZE", "4", "DB_MAX_OVERFLOW", "4", "BCRYPT_COST", "8",
                        "REFRESH_TOKEN_ROTATION", "true", "REFRESH_TOKEN_REUSE_GRACE_SECONDS", "120",
                        "REGISTRATIONS_PER_ADDRESS_PER_HOUR", "1000000"))) {
            Client http = new Client(app.base());
            List<LoadClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new LoadClient(new Client(app.base()), "fault-" + c + "-" + UUID.randomUUID() + "@example.com"));
            }
            List<Thread> threads = clients.stream().map(c -> new Thread(c, "load-client")).toList();
            threads.forEach(Thread::start);

            List<Long> healMillis = new ArrayList<>();
            int faults = 0;
            TimeUnit.SECONDS.sleep(3);
            for (int cycle = 0; cycle < FAULT_CYCLES; cycle++) {
                for (Phase fault : List.of(Phase.CUT, Phase.STALLED)) {
                    phase = fault;
                    if (fault == Phase.CUT) {
                        proxy.cut();
                    } else {
                        proxy.stall();
                    }
                    faults++;
                    Duration hold = fault == Phase.CUT ? CUT_FOR : STALL_FOR;
                    TimeUnit.MILLISECONDS.sleep(hold.toMillis() / 2);
                    Client.Reply health = http.get("/health", null);
                    assertThat(health.status()).as("/health while the database is " + fault).isEqualTo(503);
                    assertThat(health.json().get("status").asText()).isEqualTo("unavailable");
                    TimeUnit.MILLISECONDS.sleep(hold.toMillis() / 2);
                    phase = Phase.HEALING;
                    long restored = System.nanoTime();
                    proxy.open();
                    healMillis.add(awaitHealed(clients, restored));
                    phase = Phase.HEALTHY;
                    TimeUnit.SECONDS.sleep(2);
                }
            }
            stop = true;
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }

            assertThat(violations).as("promises broken under faults").isEmpty();
            assertThat(app.isAlive()).as("the same process, never restarted").isTrue();
            assertThat(http.get("/health", null).status()).isEqualTo(200);
            int sessionsChecked = checkNothingHalfWritten(http, clients);
            System.out.println("[latchkey] Database faults: " + faults + " injected (" + FAULT_CYCLES + " cuts of "
                    + CUT_FOR.toSeconds() + " s, " + FAULT_CYCLES + " stalls of " + STALL_FOR.toSeconds() + " s) under "
                    + CLIENTS + " clients; answers " + new java.util.TreeMap<>(counts.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())))
                    + "; slowest 503 " + slowest503Millis + " ms; healed " + healMillis + " ms after each restore; "
                    + sessionsChecked + " sessions checked in the database");
        }
    }

    /** Waits until every client has had a database-backed success after {@code restored}; returns how long. */
    private long awaitHealed(List<LoadClient> clients, long restored) throws InterruptedException {
        long deadline = restored + HEAL_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(c -> c.lastDatabaseSuccess > restored)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("Not healed " + HEAL_BOUND + " after the database came back; " + violations);
    }

    private int checkNothingHalfWritten(Client http, List<LoadClient> clients) throws Exception {
        DataSource database = TestPostgres.dataSource(SCHEMA);
        int checked = 0;
        for (LoadClient client : clients) {
            // The newest refresh token the client was given works, and so does the access token it brings.
            Client.Reply refreshed = http.post("/api/auth/refresh", "{\"refresh_token\":\"" + client.refreshToken + "\"}");
            assertThat(refreshed.status()).as("a client's newest refresh token after the faults").isEqualTo(200);
            assertThat(http.get("/api/notes", refreshed.text("access_token")).status()).isEqualTo(200);
            for (String session : client.sessionsTold) {
                String reason = endReason(database, session);
                assertThat(reason).as("a session a login answered exists").isNotEqualTo("missing");
                if (client.logoutsAnswered.contains(session)) {
                    assertThat(reason).as("a session whose logout was answered").isEqualTo("LOGOUT");
                }
                checked++;
            }
        }
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM refresh_token_replaced r JOIN refresh_tokens t ON t.id = r.session_id
                WHERE t.token_hash = r.token_hash"""); ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("replaced refresh tokens that are still a session's current one").isZero();
        }
        return checked;
    }

    /** The session's end reason, {@code "active"}, or {@code "missing"}. */
    private static String endReason(DataSource database, String sessionId) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT end_reason FROM refresh_tokens WHERE id = ?::uuid")) {
            s.setString(1, sessionId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "missing";
                }
                String reason = rs.getString(1);
                return reason == null ? "active" : reason;
            }
        }
    }
}
