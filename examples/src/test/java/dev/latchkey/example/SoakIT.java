package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ten minutes (the long profile; {@code -Dlatchkey.soak.minutes}) of mixed load on the example jar
 * on PostgreSQL: clients that register, log in, call a protected resource, refresh (rotation on),
 * list their sessions, log out, and check that their tokens then fail. Every answer must be the one
 * auth-servlet's OpenAPI document gives; afterwards the heap (after a full collection) and the pool's active connections
 * must be back to what they were after the warm-up. The jar's JVM is read over JMX through the
 * attach API, as an operator's tools would read it.
 */
@ExtendWith(TestPostgres.class)
class SoakIT {

    private static final String SCHEMA = "latchkey_example_soak";
    private static final String SECRET = "soak-test-secret-key-0123456789abcdef";
    private static final Duration SOAK = Duration.ofMinutes(Long.getLong("latchkey.soak.minutes", 10));
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final int CLIENTS = 4;
    /**
     * What the service keeps on purpose after the load, each part bounded: ended sessions stay in the
     * revocation list for the access-token lifetime plus leeway (31 min, ~200 bytes each), and the
     * verifier remembers up to 10,000 recently verified tokens (~1 KB each).
     */
    private static final long RETAINED_BOUND_BYTES = 32L * 1024 * 1024;
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*");

    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;

    /** One client: loops through a user's whole life until told to stop. */
    private final class LoadClient implements Runnable {
        private final Client http;
        private final int number;

        LoadClient(Client http, int number) {
            this.http = http;
            this.number = number;
        }

        @Override
        public void run() {
            for (int i = 0; !stop; i++) {
                try {
                    oneUser("soak-" + number + "-" + i + "-" + UUID.randomUUID() + "@example.com");
                } catch (Exception e) {
                    errors.add("client " + number + ": " + e);
                }
            }
        }

        private void oneUser(String email) throws Exception {
            String registration = "{\"real_name\":\"Soak\",\"email\":\"" + email
                    + "\",\"phone_number\":\"010-1234-5678\",\"password\":\"testpassword123\"}";
            Client.Reply registered = http.post("/api/auth/register", registration);
            // A registration that finds every hashing slot busy for two seconds is answered 429 with
            // Retry-After (the contract's "busy" answer); a polite client waits and tries again.
            for (int retry = 0; retry < 5 && registered.status() == 429; retry++) {
                answers.computeIfAbsent("register 429, retried", k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(1000L * Math.max(1, Long.parseLong(registered.raw().headers().firstValue("Retry-After")
                        .orElse("1"))));
                registered = http.post("/api/auth/register", registration);
            }
            expect("register", 201, registered);
            Client.Reply login = expect("login", 200, http.post("/api/auth/login", "{\"email\":\"" + email
                    + "\",\"password\":\"testpassword123\",\"device_name\":\"soak client " + number + "\"}"));
            String access = login.text("access_token");
            String refresh = login.text("refresh_token");
            for (int round = 0; round < 3; round++) {
                for (int call = 0; call < 5; call++) {
                    expect("protected", 200, http.get("/api/notes", access));
                }
                Client.Reply refreshed = expect("refresh", 200, http.post("/api/auth/refresh",
                        "{\"refresh_token\":\"" + refresh + "\"}"));
                access = refreshed.text("access_token");
                refresh = refreshed.text("refresh_token");
            }
            expect("sessions", 200, http.get("/api/auth/sessions", access));
            expect("me", 200, http.get("/api/auth/me", access));
            expect("logout", 200, http.call("POST", "/api/auth/logout", "{\"refresh_token\":\"" + refresh + "\"}", access));
            // Logout takes effect at once: both tokens are refused from now on.
            expect("protected after logout", 401, http.get("/api/notes", access));
            expect("refresh after logout", 401, http.post("/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}"));
        }

        private Client.Reply expect(String kind, int status, Client.Reply reply) {
            answers.computeIfAbsent(kind + " " + reply.status(), k -> new AtomicInteger()).incrementAndGet();
            if (reply.status() != status) {
                errors.add(kind + ": " + reply.status() + " instead of " + status + ": " + reply.raw().body());
            }
            return reply;
        }
    }

    /** The jar's JVM, over JMX. */
    private record Jvm(long pid, JMXConnector connector, MemoryMXBean memory, MBeanServerConnection mbeans) {
        static Jvm attach(long pid) throws Exception {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            return new Jvm(pid, connector, ManagementFactory.newPlatformMXBeanProxy(mbeans,
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class), mbeans);
        }

        long heapAfterGc() {
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }

        int pool(String attribute) throws Exception {
            return (Integer) mbeans.getAttribute(new ObjectName("com.zaxxer.hikari:type=Pool (latchkey)"), attribute);
        }

        /** Bytes per class of the live heap ({@code jcmd GC.class_histogram}, which collects first). */
        Map<String, Long> classHistogram() throws Exception {
            String text = (String) mbeans.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Map<String, Long> bytes = new HashMap<>();
            for (String line : text.split("\n")) {
                Matcher row = HISTOGRAM_ROW.matcher(line);
                if (row.matches()) {
                    bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
                }
            }
            return bytes;
        }

        long rssBytes() throws Exception {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        }
    }

    @Test
    void tenMinutesOfMixedLoadWithoutAnErrorAndHeapAndPoolBackToBaseline() throws Exception {
        TestPostgres.recreateSchema(SCHEMA);
        String url = TestPostgres.url().orElseThrow();
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET,
                "DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "REFRESH_TOKEN_ROTATION", "true", "REGISTRATIONS_PER_ADDRESS_PER_HOUR", "1000000"))) {
            Jvm jvm = Jvm.attach(app.pid());
            try {
                load(app, WARM_UP);
                awaitPoolIdle(jvm, Duration.ofSeconds(30));
                long baselineHeap = jvm.heapAfterGc();
                Map<String, Long> baselineClasses = jvm.classHistogram();
                int baselineActive = jvm.pool("ActiveConnections");
                long baselineRss = jvm.rssBytes();
                answers.clear();
                latenciesMicros.clear();

                List<String> minutes = new ArrayList<>();
                long rssPeak = baselineRss;
                int totalPeak = 0;
                long started = System.nanoTime();
                List<Thread> clients = startClients(app);
                while (System.nanoTime() - started < SOAK.toNanos()) {
                    TimeUnit.SECONDS.sleep(Math.min(60, Math.max(1, SOAK.toSeconds() / 10)));
                    rssPeak = Math.max(rssPeak, jvm.rssBytes());
                    totalPeak = Math.max(totalPeak, jvm.pool("TotalConnections"));
                    minutes.add(mb(jvm.heapAfterGc()));
                }
                stopClients(clients);
                double seconds = (System.nanoTime() - started) / 1e9;

                awaitPoolIdle(jvm, Duration.ofSeconds(30));
                int endActive = jvm.pool("ActiveConnections");
                int waiting = jvm.pool("ThreadsAwaitingConnection");
                long endHeap = jvm.heapAfterGc();
                String grewMost = grewMost(baselineClasses, jvm.classHistogram(), 6);
                long endRss = jvm.rssBytes();
                int requests = answers.values().stream().mapToInt(AtomicInteger::get).sum();
                List<Long> sorted = latenciesMicros.stream().sorted().toList();

                System.out.println("[latchkey] Soak: " + Math.round(seconds) + " s, " + CLIENTS + " clients, "
                        + requests + " requests (" + Math.round(requests / seconds) + "/s; p50 "
                        + percentile(sorted, 50) + " ms, p99 " + percentile(sorted, 99) + " ms), " + errors.size()
                        + " errors; answers " + new TreeMap<>(answers.entrySet().stream().collect(
                                Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())))
                        + "; heap after GC " + mb(baselineHeap) + " → " + mb(endHeap) + " (at each sample "
                        + minutes + "; grew most: " + grewMost + "); pool active " + baselineActive + " → "
                        + endActive + ", most open " + totalPeak + ", waiting " + waiting + "; RSS " + mb(baselineRss) + " → " + mb(endRss)
                        + ", peak " + mb(rssPeak));

                assertThat(errors).as("answers outside the HTTP contract").isEmpty();
                assertThat(requests).as("requests in the soak").isPositive();
                assertThat(endActive).as("active connections after the load").isEqualTo(baselineActive);
                assertThat(waiting).as("requests waiting for a connection").isZero();
                assertThat(endHeap).as("heap after a full collection, against " + mb(baselineHeap) + " after the warm-up")
                        .isLessThanOrEqualTo(baselineHeap + RETAINED_BOUND_BYTES);
                assertThat(app.isAlive()).isTrue();
            } finally {
                jvm.connector().close();
            }
        }
    }

    private void load(RunningApp app, Duration duration) throws InterruptedException {
        List<Thread> clients = startClients(app);
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        stopClients(clients);
        assertThat(errors).as("answers outside the HTTP contract during the warm-up").isEmpty();
    }

    private List<Thread> startClients(RunningApp app) {
        stop = false;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Client client = new Client(app.base(), latenciesMicros);
            Thread t = new Thread(new LoadClient(client, c), "soak-client-" + c);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private void stopClients(List<Thread> threads) throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("a client still running a minute after the stop").isFalse();
        }
    }

    private static void awaitPoolIdle(Jvm jvm, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        // The revocation feed holds one connection for LISTEN; requests hold none once answered.
        while (jvm.pool("ActiveConnections") > 1 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The classes whose live bytes grew most, largest first. */
    private static String grewMost(Map<String, Long> before, Map<String, Long> after, int count) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(count)
                .map(e -> e.getKey() + " +" + e.getValue() / 1024 + " KB").collect(Collectors.joining(", "));
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String percentile(List<Long> sortedMicros, int p) {
        if (sortedMicros.isEmpty()) {
            return "-";
        }
        long micros = sortedMicros.get(Math.min(sortedMicros.size() - 1, sortedMicros.size() * p / 100));
        return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
