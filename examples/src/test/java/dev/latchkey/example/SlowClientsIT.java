package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients against the packaged jar. An attacker on one address holds many connections open
 * with {@code POST /api/auth/login} bodies it sends a byte at a time, or not at all, while a real
 * user on another loopback address logs in: the user's logins must keep answering within seconds,
 * and every slow connection must be cut (answered or closed) within the idle time-out, however many
 * bytes the server has read from other requests before. A client that is slow but steady still logs in.
 */
class SlowClientsIT {

    private static final String SECRET = "slow-clients-test-secret-0123456789abcdef";
    private static final String EMAIL = "probe@example.com";
    private static final String PASSWORD = "testpassword123";
    private static final String LOGIN_BODY = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}";

    /** The attack: as many connections as the reproduction used, a byte every few seconds on half of them. */
    private static final int SLOW_CONNECTIONS = Integer.getInteger("latchkey.slow.connections", 250);
    private static final Duration TRICKLE_EVERY = Duration.ofSeconds(Long.getLong("latchkey.slow.trickleSeconds", 2));
    private static final Duration ATTACK_FOR = Duration.ofSeconds(Long.getLong("latchkey.slow.attackSeconds", 15));
    /** Tighter than the default (10 s), to keep the test short. */
    private static final int IDLE_TIMEOUT_SECONDS = Integer.getInteger("latchkey.slow.idleSeconds", 4);
    /** Scheduling slack on a loaded two-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_BOUND = Duration.ofSeconds(5);

    private static final InetAddress ATTACKER = loopback(1);
    private static final InetAddress USER = loopback(2);

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> env() {
        // A cheaper password hash than the default cost 12, so that the probes measure whether the
        // service answers rather than how busy the shared CPU is.
        return Map.of("SECRET_KEY", SECRET, "IDLE_TIMEOUT_SECONDS", Integer.toString(IDLE_TIMEOUT_SECONDS),
                "BCRYPT_COST", "10");
    }

    private static String login(int contentLength) {
        return "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\nConnection: close\r\n\r\n";
    }

    private record Probe(long millis, int status, boolean timedOut, String failure) {
    }

    private static Probe probe(int port) {
        long start = System.nanoTime();
        try {
            RawHttp.Answer answer = RawHttp.exchange(USER, port, login(LOGIN_BODY.length()) + LOGIN_BODY, PROBE_TIMEOUT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Probe(millis, answer.status(), answer.timedOut() || answer.status() == 0, "");
        } catch (IOException e) {
            return new Probe(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), 0, true, e.toString());
        }
    }

    private static String summary(List<Probe> probes) {
        List<Long> millis = probes.stream().map(Probe::millis).sorted().toList();
        long timedOut = probes.stream().filter(Probe::timedOut).count();
        if (millis.isEmpty()) {
            return "no probes";
        }
        return probes.size() + " probes, " + timedOut + " timed out, median " + millis.get(millis.size() / 2)
                + " ms, p95 " + millis.get(Math.min(millis.size() - 1, millis.size() * 95 / 100)) + " ms, max "
                + millis.get(millis.size() - 1) + " ms";
    }

    /** Logins from the other address, one every 500 ms (each waiting up to 10 s) while {@code attack} runs. */
    private static List<Probe> probesDuring(int port, SlowLoris attack, Duration duration) throws Exception {
        List<Future<Probe>> underAttack = new ArrayList<>();
        ExecutorService probes = Executors.newCachedThreadPool();
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
        attack.openAll();
        every.scheduleAtFixedRate(() -> underAttack.add(probes.submit(() -> probe(port))), 0, 500,
                TimeUnit.MILLISECONDS);
        try {
            attack.runFor(duration);
        } finally {
            every.shutdownNow();
            every.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<Probe> answered = new ArrayList<>();
        for (Future<Probe> probe : underAttack) {
            answered.add(probe.get(PROBE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS));
        }
        probes.shutdown();
        return answered;
    }

    /**
     * Every probe was answered 200 within the bound, every slow connection was cut within the idle
     * time-out and a little, and each was answered 408 or 400 in JSON, or closed.
     */
    private static void assertServedAndCut(List<Probe> answered, SlowLoris attack) {
        assertThat(answered).as("probes under attack").hasSizeGreaterThanOrEqualTo(10);
        assertThat(answered).as("every login from the other address is answered 200 within "
                + PROBE_BOUND.toSeconds() + " s: " + summary(answered))
                .allSatisfy(p -> {
                    assertThat(p.timedOut()).isFalse();
                    assertThat(p.status()).isEqualTo(200);
                    assertThat(p.millis()).isLessThanOrEqualTo(PROBE_BOUND.toMillis());
                });
        Duration bound = Duration.ofSeconds(IDLE_TIMEOUT_SECONDS).plus(SLACK);
        assertThat(attack.longestLifetime()).as("the longest a slow connection stayed open; " + attack.report())
                .isLessThanOrEqualTo(bound);
        assertThat(attack.unexpectedAnswers()).as("slow connections are answered 408 or 400 in JSON, or closed")
                .isEmpty();
    }

    private static void register(RunningApp app) throws Exception {
        assertThat(new Client(app.base()).post("/api/auth/register", "{\"real_name\":\"Probe\",\"email\":\""
                + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
    }

    @Test
    void slowBodiesFromOneAddressNeitherStallLoginsFromAnotherNorOutliveTheIdleTimeout() throws Exception {
        try (RunningApp app = RunningApp.start(env())) {
            int port = app.base().getPort();
            register(app);
            List<Probe> quiet = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                quiet.add(probe(port));
            }

            SlowLoris attack = new SlowLoris(port, SLOW_CONNECTIONS, TRICKLE_EVERY, false);
            List<Probe> answered = probesDuring(port, attack, ATTACK_FOR);

            System.out.println("[latchkey] slow clients: before the attack " + summary(quiet) + "; under attack "
                    + summary(answered) + "; " + attack.report());
            assertServedAndCut(answered, attack);
            // Once its slow connections are gone, the attacker's address is served again.
            RawHttp.Answer after = RawHttp.exchange(ATTACKER, port, login(LOGIN_BODY.length()) + LOGIN_BODY, PROBE_TIMEOUT);
            assertThat(after.status()).as(after.toString()).isEqualTo(200);
            assertThat(app.isAlive()).isTrue();
        }
    }

    /**
     * The minimum data rate is a bound on each request's own body: bodies other requests have sent
     * before do not lend a trickling one their bytes. First ten ordinary 60 KB logins (600 KB read
     * by the server), then 30 connections that trickle a byte a second inside the idle time-out, so
     * that only the rate can cut them.
     */
    @Test
    void trickledBodiesAreStillCutAfterTheServerHasReadMuchOrdinaryTraffic() throws Exception {
        try (RunningApp app = RunningApp.start(env())) {
            int port = app.base().getPort();
            register(app);
            String padded = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}";
            String body = padded.charAt(0) + " ".repeat(60_000 - padded.length()) + padded.substring(1);
            for (int i = 0; i < 10; i++) {
                RawHttp.Answer ordinary = RawHttp.exchange(USER, port, login(body.length()) + body, PROBE_TIMEOUT);
                assertThat(ordinary.status()).as(ordinary.toString()).isEqualTo(200);
            }

            Duration trickleEvery = Duration.ofSeconds(Math.max(1, IDLE_TIMEOUT_SECONDS - 1));
            SlowLoris attack = new SlowLoris(port, 30, trickleEvery, true);
            List<Probe> answered = probesDuring(port, attack, Duration.ofSeconds(IDLE_TIMEOUT_SECONDS * 4L));

            System.out.println("[latchkey] trickling after 600 KB of ordinary bodies: under attack "
                    + summary(answered) + "; " + attack.report());
            assertServedAndCut(answered, attack);
            assertThat(attack.cut()).as("trickling connections cut; " + attack.report()).isGreaterThanOrEqualTo(30);
        }
    }

    @Test
    void aClientThatSendsItsBodySlowlyButSteadilyStillLogsIn() throws Exception {
        try (RunningApp app = RunningApp.start(env())) {
            assertThat(new Client(app.base()).post("/api/auth/register", "{\"real_name\":\"Slow\",\"email\":\""
                    + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
            // About 2 KB: the login padded with JSON whitespace, sent in 20 pieces over 2 s (1 KB/s).
            String body = "{\"email\":\"" + EMAIL + "\"," + " ".repeat(1950) + "\"password\":\"" + PASSWORD + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.bind(new InetSocketAddress(USER, 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), app.base().getPort()));
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(login(bytes.length).getBytes(StandardCharsets.ISO_8859_1));
                int piece = (bytes.length + 19) / 20;
                for (int at = 0; at < bytes.length; at += piece) {
                    TimeUnit.MILLISECONDS.sleep(100);
                    socket.getOutputStream().write(bytes, at, Math.min(piece, bytes.length - at));
                    socket.getOutputStream().flush();
                }
                RawHttp.Answer answer = RawHttp.parse(socket.getInputStream().readAllBytes(), false);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                assertThat(answer.json().get("access_token").asText()).isNotBlank();
            }
        }
    }

    /**
     * The attacker: keeps a number of connections from 127.0.0.1, each with the headers of a
     * 60,000-byte login and then one byte; then another byte every so often on all of them, or on
     * half of them and nothing more on the other half. A connection the server cuts is opened
     * again at the next tick, so the pressure lasts the whole attack. Everything is non-blocking, so
     * a connect the server's accept queue holds back never delays noticing that another was cut. A
     * connection's lifetime runs from the moment it is established until it is answered or closed.
     */
    private static final class SlowLoris {
        private static final byte[] HEAD = (login(60_000) + "{").getBytes(StandardCharsets.ISO_8859_1);

        private final int port;
        private final int connections;
        private final Duration trickleEvery;
        private final boolean allTrickle;
        private final Selector selector;
        private final Set<SelectionKey> live = new HashSet<>();
        private final List<Long> lifetimesMillis = new ArrayList<>();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, Long> longestByOutcome = new TreeMap<>();
        private final List<String> unexpected = new ArrayList<>();
        private long opened;
        private long refused;
        private int established;
        private long stillOpenOldestMillis;
        private boolean nextTrickles;

        private static final class Conn {
            final boolean trickles;
            long establishedNanos;
            long answeredNanos;
            final StringBuilder received = new StringBuilder();

            Conn(boolean trickles) {
                this.trickles = trickles;
            }
        }

        /** {@code connections} connections, a byte every {@code trickleEvery} on all or on half of them. */
        SlowLoris(int port, int connections, Duration trickleEvery, boolean allTrickle) throws IOException {
            this.port = port;
            this.connections = connections;
            this.trickleEvery = trickleEvery;
            this.allTrickle = allTrickle;
            this.selector = Selector.open();
        }

        /** Starts connects until all the connections are live or under way. */
        void openAll() {
            while (live.size() < connections) {
                opened++;
                nextTrickles = allTrickle || !nextTrickles;
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.bind(new InetSocketAddress(ATTACKER, 0));
                    channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    live.add(channel.register(selector, SelectionKey.OP_CONNECT, new Conn(nextTrickles)));
                } catch (IOException e) {
                    refused++;
                    return;
                }
            }
        }

        void runFor(Duration duration) throws IOException {
            long end = System.nanoTime() + duration.toNanos();
            long nextTick = System.nanoTime() + trickleEvery.toNanos();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (System.nanoTime() < end) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    Conn conn = (Conn) key.attachment();
                    if (key.isValid() && key.isConnectable()) {
                        try {
                            channel.finishConnect();
                            conn.establishedNanos = System.nanoTime();
                            established++;
                            channel.write(ByteBuffer.wrap(HEAD));
                            key.interestOps(SelectionKey.OP_READ);
                        } catch (IOException e) {
                            refused++;
                            live.remove(key);
                            channel.close();
                        }
                    } else if (key.isValid() && key.isReadable()) {
                        buffer.clear();
                        int n;
                        try {
                            n = channel.read(buffer);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n > 0) {
                            if (conn.answeredNanos == 0) {
                                conn.answeredNanos = System.nanoTime();
                            }
                            conn.received.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                        } else if (n < 0) {
                            cut(key);
                        }
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTick) {
                    nextTick += trickleEvery.toNanos();
                    for (SelectionKey key : List.copyOf(live)) {
                        Conn conn = (Conn) key.attachment();
                        if (conn.trickles && conn.establishedNanos != 0) {
                            try {
                                ((SocketChannel) key.channel()).write(ByteBuffer.wrap(new byte[] {' '}));
                            } catch (IOException e) {
                                cut(key);
                            }
                        }
                    }
                    openAll();
                }
            }
            for (SelectionKey key : live) {
                Conn conn = (Conn) key.attachment();
                if (conn.establishedNanos != 0 && conn.answeredNanos == 0) {
                    stillOpenOldestMillis = Math.max(stillOpenOldestMillis,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - conn.establishedNanos));
                }
                key.channel().close();
            }
            selector.close();
        }

        private void cut(SelectionKey key) {
            if (!live.remove(key)) {
                return;
            }
            Conn conn = (Conn) key.attachment();
            // Cut means answered or closed, whichever came first: after an answer Jetty may go on
            // reading (and discarding) the rest of the body for up to an idle time-out, on no thread.
            long lifetime = TimeUnit.NANOSECONDS.toMillis(
                    (conn.answeredNanos != 0 ? conn.answeredNanos : System.nanoTime()) - conn.establishedNanos);
            lifetimesMillis.add(lifetime);
            RawHttp.Answer answer = RawHttp.parse(conn.received.toString().getBytes(StandardCharsets.ISO_8859_1), false);
            String outcome = answer.status() == 0 ? "closed" : Integer.toString(answer.status());
            outcomes.merge(outcome, 1, Integer::sum);
            longestByOutcome.merge(outcome + (conn.trickles ? " trickling" : " silent"), lifetime, Math::max);

            if (answer.status() != 0 && (!(answer.status() == 408 || answer.status() == 400) || !answer.isJson())) {
                unexpected.add(answer.toString());
            }
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }

        /** How many connections were answered or closed. */
        int cut() {
            return lifetimesMillis.size();
        }

        Duration longestLifetime() {
            long cut = lifetimesMillis.stream().mapToLong(Long::longValue).max().orElse(0);
            return Duration.ofMillis(Math.max(cut, stillOpenOldestMillis));
        }

        List<String> unexpectedAnswers() {
            return unexpected;
        }

        String report() {
            List<Long> sorted = lifetimesMillis.stream().sorted().toList();
            long bound = Duration.ofSeconds(IDLE_TIMEOUT_SECONDS).plus(SLACK).toMillis();
            return "attack: " + opened + " connects (" + established + " established, " + refused + " refused), "
                    + sorted.size() + " cut (" + sorted.stream().filter(l -> l > bound).count() + " after more than "
                    + bound + " ms), outcomes " + outcomes + ", longest-lived by outcome (ms) "
                    + longestByOutcome + ", lifetime of cut ones median "
                    + (sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2) + " ms") + " max "
                    + (sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1) + " ms") + ", " + live.size()
                    + " live at the end (oldest unanswered " + stillOpenOldestMillis + " ms)";
        }
    }
}
