package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.RevocationFeed;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two service instances (each its own connections, Latchkey, revocation feed and Jetty) on one
 * PostgreSQL database, with refresh-token rotation on, and many client threads that refresh —
 * the same token from several threads on both instances at once —, call a protected resource,
 * log out, end single sessions and log out every device, all at the same moment.
 *
 * <p>After every round the answers and the database are checked against what docs/rotation.md and
 * docs/revocation.md promise: no refresh succeeds once its session's end was answered, and no
 * refresh token of an ended session works afterwards on either instance; a protected call on the
 * instance that ended the session is refused at once, and on the other within the revocation feed's
 * bound; every presented token has exactly one successor; every login is exactly one session row,
 * none lost, none added; a session nobody ended still refreshes. Rounds:
 * {@code -Dlatchkey.concurrency.rounds} (the long profile runs more).
 */
@ExtendWith(TestPostgres.class)
class ConcurrencyTest {

    private static final String SCHEMA = "latchkey_servlet_race";
    private static final int ROUNDS = Integer.getInteger("latchkey.concurrency.rounds", 10);
    private static final int USERS = 3;
    private static final int DEVICES = 4;
    private static final int RACERS_PER_TOKEN = 3;
    private static final int CHAIN = 3;
    private static final int THREADS = 16;
    private static final Duration FEED_BOUND = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final EnumMap<Kind, AtomicInteger> CALLS = new EnumMap<>(Kind.class);
    private static final AtomicInteger SWEEPS = new AtomicInteger();
    private static PostgresStorage database;
    private static Node nodeA;
    private static Node nodeB;
    private static ExecutorService pool;

    private enum Kind { LOGIN, REFRESH, PROTECTED, LOGOUT, END_SESSION, REVOKE_ALL }

    /** One service instance. */
    private record Node(String name, HikariDataSource pool, Latchkey latchkey, RevocationFeed feed, TestServer server,
            Http http) {
        static Node start(String name) throws Exception {
            HikariConfig config = new HikariConfig();
            config.setDataSource(TestPostgres.dataSource(SCHEMA));
            config.setPoolName("node-" + name);
            config.setMaximumPoolSize(8);
            HikariDataSource pool = new HikariDataSource(config);
            PostgresStorage storage = PostgresStorage.create(pool);
            // Both instances count password checks in the shared table, as a service's nodes should.
            Latchkey latchkey = Latchkey.builder().users(storage.users()).sessions(storage.sessions())
                    .throttle(storage.loginThrottle()).keys(KeyRing.hs256(Fixtures.SECRET))
                    .config(Fixtures.fastConfig().refreshTokenRotation(true)
                            .registrationThrottle(new ThrottlePolicy(100_000, Duration.ofHours(1))).build())
                    .build();
            // A poll far beyond the bound: the other instance learns of ends through the notification.
            RevocationFeed feed = storage.startRevocationFeed(latchkey, Duration.ofMinutes(5));
            TestServer server = new TestServer(latchkey, new LatchkeyServlet(latchkey));
            return new Node(name, pool, latchkey, feed, server, new Http(server.base()));
        }

        void close() {
            server.close();
            feed.close();
            pool.close();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One login: a session, and every token it was given. */
    private static final class Device {
        final String email;
        final String sessionId;
        final String firstRefresh;
        final String firstAccess;
        final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
        final Set<String> accessTokens = ConcurrentHashMap.newKeySet();

        Device(String email, String sessionId, String refresh, String access) {
            this.email = email;
            this.sessionId = sessionId;
            this.firstRefresh = refresh;
            this.firstAccess = access;
            refreshTokens.add(refresh);
            accessTokens.add(access);
        }
    }

    /** A call that ended sessions, answered at {@code answeredAt} (nanoTime). */
    private record End(Node node, List<Device> devices, long answeredAt) {
    }

    /** A call that succeeded on a session: refresh or protected, started at {@code startedAt}. */
    private record Success(Kind kind, Node node, Device device, long startedAt) {
    }

    /** What one round saw. */
    private static final class Round {
        final List<End> ends = Collections.synchronizedList(new ArrayList<>());
        final List<Success> successes = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Set<String>> successors = new ConcurrentHashMap<>();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        database = TestPostgres.freshStorage(SCHEMA);
        nodeA = Node.start("A");
        nodeB = Node.start("B");
        pool = Executors.newFixedThreadPool(THREADS);
        for (Kind kind : Kind.values()) {
            CALLS.put(kind, new AtomicInteger());
        }
    }

    @AfterAll
    static void stopTwoInstances() {
        pool.shutdownNow();
        nodeA.close();
        nodeB.close();
    }

    @Test
    void refreshLogoutAndRevokeRacingOnTwoInstancesKeepEveryPromise() throws Exception {
        int racingGroups = 0;
        for (int round = 0; round < ROUNDS; round++) {
            racingGroups += round(round);
        }
        System.out.println("[latchkey] Concurrency: " + ROUNDS + " rounds on 2 instances, " + THREADS + " threads; "
                + CALLS.get(Kind.LOGIN) + " logins, " + CALLS.get(Kind.REFRESH) + " refreshes (" + racingGroups
                + " tokens raced by " + RACERS_PER_TOKEN + "), " + CALLS.get(Kind.PROTECTED) + " protected calls, "
                + CALLS.get(Kind.LOGOUT) + " logouts, " + CALLS.get(Kind.END_SESSION) + " single-session ends, "
                + CALLS.get(Kind.REVOKE_ALL) + " revoke-alls; " + SWEEPS + " tokens re-checked afterwards");
    }

    @Test
    void parallelWrongPasswordsSpreadOverBothInstancesGetThePolicysNumberChecked() throws Exception {
        String email = "guessed-" + UUID.randomUUID() + "@example.com";
        assertThat(nodeA.http().postJson("/api/auth/register", "{\"real_name\":\"Target\",\"email\":\"" + email
                + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}").status()).isEqualTo(201);

        List<Integer> statuses = Race.run(100, i -> (i % 2 == 0 ? nodeA : nodeB).http().postJson("/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"wrong-" + i + "\"}").status());

        assertThat(statuses).filteredOn(status -> status == 401).as("passwords checked on the two instances")
                .hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(95);
        for (Node node : List.of(nodeA, nodeB)) {
            assertThat(node.http().postJson("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\""
                    + Fixtures.PASSWORD + "\"}").status()).as("the right password from there, on " + node).isEqualTo(429);
        }
    }

    /** One round; returns how many tokens were raced. */
    private static int round(int round) throws Exception {
        Random random = new Random(round);
        Round seen = new Round();
        List<List<Device>> users = loginEveryone(round);

        // Everything below starts at once, in a seeded random order, from THREADS threads.
        List<Runnable> work = new ArrayList<>();
        int revokingUser = round % USERS;
        for (int u = 0; u < USERS; u++) {
            List<Device> devices = users.get(u);
            for (Device device : devices) {
                for (int racer = 0; racer < RACERS_PER_TOKEN; racer++) {
                    Node node = pick(random);
                    work.add(() -> refreshChain(seen, device, node));
                }
                for (int call = 0; call < 2; call++) {
                    Node node = pick(random);
                    work.add(() -> protectedCall(seen, device, device.firstAccess, node));
                }
            }
            Node logoutNode = pick(random);
            work.add(() -> logout(seen, devices.get(1), logoutNode));
            Node endNode = pick(random);
            work.add(() -> endSession(seen, devices.get(3), devices.get(2), endNode));
            if (u == revokingUser) {
                Node revokeNode = pick(random);
                work.add(() -> revokeAll(seen, devices, revokeNode));
            }
        }
        Collections.shuffle(work, random);
        runAtOnce(work);

        assertThat(seen.unexpected).as("answers outside the HTTP contract").isEmpty();
        List<Device> all = users.stream().flatMap(List::stream).toList();
        checkOneSuccessorPerToken(seen);
        Map<String, String> rows = checkOneRowPerLogin(users);
        checkAnsweredEndsAreStored(seen, rows);
        checkNothingSucceededAfterAnAnsweredEnd(seen);
        for (Device device : all) {
            if (rows.get(device.sessionId) != null) {
                checkEndedSessionIsDeadEverywhere(device);
            } else {
                checkLiveSessionStillRefreshes(seen, device, pick(random));
            }
        }
        return USERS * DEVICES;
    }

    private static List<List<Device>> loginEveryone(int round) throws Exception {
        List<String> emails = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String email = "race-" + round + "-" + u + "-" + UUID.randomUUID() + "@example.com";
            Http.Answer registered = (u % 2 == 0 ? nodeA : nodeB).http().postJson("/api/auth/register",
                    "{\"real_name\":\"Racer\",\"email\":\"" + email + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}");
            assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
            emails.add(email);
        }
        // The logins race too: each must become exactly one session.
        List<Future<Device>> logins = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int d = 0; d < DEVICES; d++) {
                String email = emails.get(u);
                Node node = d % 2 == 0 ? nodeA : nodeB;
                String deviceName = "device " + d;
                logins.add(pool.submit(() -> login(node, email, deviceName)));
            }
        }
        List<List<Device>> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            List<Device> devices = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                devices.add(logins.get(u * DEVICES + d).get(60, TimeUnit.SECONDS));
            }
            users.add(devices);
        }
        return users;
    }

    private static Device login(Node node, String email, String deviceName) throws IOException {
        Http.Answer answer = node.http().postJson("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\""
                + Fixtures.PASSWORD + "\",\"device_name\":\"" + deviceName + "\"}");
        CALLS.get(Kind.LOGIN).incrementAndGet();
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        String access = answer.json().get("access_token").asText();
        return new Device(email, sessionOf(access), answer.json().get("refresh_token").asText(), access);
    }

    private static String sessionOf(String accessToken) throws IOException {
        byte[] payload = Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]);
        return JSON.readTree(new String(payload, StandardCharsets.UTF_8)).get("sid").asText();
    }

    private static Node pick(Random random) {
        return random.nextBoolean() ? nodeA : nodeB;
    }

    private static void runAtOnce(List<Runnable> work) throws Exception {
        ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>(work);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
                    next.run();
                }
                return null;
            }));
        }
        ready.await();
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(2, TimeUnit.MINUTES);
        }
    }

    // ---- the racing calls ------------------------------------------------------------------------

    /** Refreshes the device's first token, then its successor, and so on, on one instance. */
    private static void refreshChain(Round seen, Device device, Node node) {
        String presented = device.firstRefresh;
        for (int step = 0; step < CHAIN; step++) {
            long started = System.nanoTime();
            Http.Answer answer = node.http().postJson("/api/auth/refresh", refreshBody(presented));
            CALLS.get(Kind.REFRESH).incrementAndGet();
            if (answer.status() != 200) {
                expectRefusal(seen, "refresh on " + node, answer, 401);
                return;
            }
            String successor = answer.json().get("refresh_token").asText();
            seen.successors.computeIfAbsent(presented, k -> ConcurrentHashMap.newKeySet()).add(successor);
            seen.successes.add(new Success(Kind.REFRESH, node, device, started));
            device.refreshTokens.add(successor);
            device.accessTokens.add(answer.json().get("access_token").asText());
            presented = successor;
        }
    }

    private static void protectedCall(Round seen, Device device, String access, Node node) {
        long started = System.nanoTime();
        Http.Answer answer = node.http().get("/api/notes", access);
        CALLS.get(Kind.PROTECTED).incrementAndGet();
        if (answer.status() == 200) {
            seen.successes.add(new Success(Kind.PROTECTED, node, device, started));
        } else {
            expectRefusal(seen, "protected call on " + node, answer, 401);
        }
    }

    private static void logout(Round seen, Device device, Node node) {
        Http.Answer answer = node.http().send(node.http().request("/api/auth/logout")
                .header("Authorization", "Bearer " + device.firstAccess).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(refreshBody(device.firstRefresh))).build());
        CALLS.get(Kind.LOGOUT).incrementAndGet();
        if (answer.status() == 200) {
            seen.ends.add(new End(node, List.of(device), System.nanoTime()));
        } else {
            // Its session may have been ended first by revoke-all or by reuse detection.
            expectRefusal(seen, "logout on " + node, answer, 401);
        }
    }

    /** {@code caller} logs {@code target}, another device of the same user, out. */
    private static void endSession(Round seen, Device caller, Device target, Node node) {
        Http.Answer answer = node.http().delete("/api/auth/sessions/" + target.sessionId, caller.firstAccess);
        CALLS.get(Kind.END_SESSION).incrementAndGet();
        if (answer.status() == 200) {
            seen.ends.add(new End(node, List.of(target), System.nanoTime()));
        } else {
            expectRefusal(seen, "session end on " + node, answer, 401, 404);
        }
    }

    private static void revokeAll(Round seen, List<Device> devices, Node node) {
        Http.Answer answer = node.http().post("/api/auth/revoke-all-tokens", devices.get(0).firstAccess);
        CALLS.get(Kind.REVOKE_ALL).incrementAndGet();
        if (answer.status() == 200) {
            seen.ends.add(new End(node, devices, System.nanoTime()));
        } else {
            expectRefusal(seen, "revoke-all on " + node, answer, 401);
        }
    }

    private static void expectRefusal(Round seen, String what, Http.Answer answer, int... allowed) {
        boolean ok = answer.detail() != null && java.util.Arrays.stream(allowed).anyMatch(s -> s == answer.status());
        if (!ok) {
            seen.unexpected.add(what + ": " + answer.status() + " " + answer.raw().body());
        }
    }

    private static String refreshBody(String token) {
        return "{\"refresh_token\":\"" + token + "\"}";
    }

    // ---- the invariants --------------------------------------------------------------------------

    private static void checkOneSuccessorPerToken(Round seen) {
        seen.successors.forEach((presented, successors) ->
                assertThat(successors).as("successors of one refresh token").hasSize(1));
    }

    /** Every login is one row, none lost, none extra; returns each session's end reason (null: active). */
    private static Map<String, String> checkOneRowPerLogin(List<List<Device>> users) {
        List<String> emails = users.stream().map(d -> d.get(0).email).toList();
        Map<String, String> rows = new HashMap<>();
        List<String> ids = new ArrayList<>();
        database.jdbi().useHandle(h -> h.createQuery("""
                SELECT s.id::text AS id, s.end_reason FROM refresh_tokens s JOIN users u ON u.id = s.user_id
                WHERE u.email IN (<emails>)""").bindList("emails", emails).map((rs, ctx) -> {
                    ids.add(rs.getString("id"));
                    rows.put(rs.getString("id"), rs.getString("end_reason"));
                    return null;
                }).list());
        Set<String> logins = new HashSet<>();
        users.forEach(devices -> devices.forEach(d -> logins.add(d.sessionId)));
        assertThat(logins).as("one session per login").hasSize(USERS * DEVICES);
        assertThat(ids).as("session rows of this round's users").hasSize(USERS * DEVICES)
                .containsExactlyInAnyOrderElementsOf(logins);
        return rows;
    }

    private static void checkAnsweredEndsAreStored(Round seen, Map<String, String> rows) {
        for (End end : seen.ends) {
            for (Device device : end.devices()) {
                assertThat(rows.get(device.sessionId)).as("end reason of a session whose end was answered").isNotNull();
            }
        }
    }

    private static void checkNothingSucceededAfterAnAnsweredEnd(Round seen) {
        for (End end : seen.ends) {
            for (Success success : seen.successes) {
                if (!end.devices().contains(success.device())) {
                    continue;
                }
                boolean sameInstance = success.node() == end.node();
                long bound = success.kind() == Kind.REFRESH || sameInstance ? end.answeredAt()
                        : end.answeredAt() + FEED_BOUND.toNanos();
                assertThat(success.startedAt()).as(success.kind() + " on " + success.node()
                        + " succeeded although it started after the session's end was answered on " + end.node())
                        .isLessThan(bound);
            }
        }
    }

    private static void checkEndedSessionIsDeadEverywhere(Device device) throws InterruptedException {
        for (Node node : List.of(nodeA, nodeB)) {
            for (String refresh : device.refreshTokens) {
                Http.Answer answer = node.http().postJson("/api/auth/refresh", refreshBody(refresh));
                SWEEPS.incrementAndGet();
                assertThat(answer.status()).as("a refresh token of an ended session on " + node).isEqualTo(401);
            }
            for (String access : device.accessTokens) {
                SWEEPS.incrementAndGet();
                awaitRefused(node, access);
            }
        }
    }

    /** The other instance learns of an end through the feed: poll, within its bound. */
    private static void awaitRefused(Node node, String access) throws InterruptedException {
        long deadline = System.nanoTime() + FEED_BOUND.toNanos();
        int status;
        do {
            status = node.http().get("/api/notes", access).status();
            if (status == 401) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("An access token of an ended session still passes on " + node + " after "
                + FEED_BOUND + " (" + status + ")");
    }

    /** A session nobody ended is intact: its newest refresh token works, and its new access token. */
    private static void checkLiveSessionStillRefreshes(Round seen, Device device, Node node) {
        String newest = device.firstRefresh;
        for (Set<String> next = seen.successors.get(newest); next != null; next = seen.successors.get(newest)) {
            newest = next.iterator().next();
        }
        Http.Answer answer = node.http().postJson("/api/auth/refresh", refreshBody(newest));
        SWEEPS.incrementAndGet();
        assertThat(answer.status()).as("the newest refresh token of a live session on " + node).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(node.http().get("/api/notes", json.get("access_token").asText()).status()).isEqualTo(200);
    }
}
