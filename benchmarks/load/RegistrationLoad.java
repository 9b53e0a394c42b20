import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registration against a running example service, over loopback, two measurements:
 *
 * <ul>
 *   <li>{@code timing}: registrations of new emails and of a taken one, alternating, with their
 *       answers' time (a taken email must cost what a new one does);
 *   <li>{@code flood}: clients registering new emails as fast as they can while one client logs in
 *       every 250 ms, with the login's latency (registrations must not starve logins).
 * </ul>
 *
 * <pre>{@code
 * java benchmarks/load/RegistrationLoad.java timing http://127.0.0.1:8000 40
 * java benchmarks/load/RegistrationLoad.java flood http://127.0.0.1:8000 40 20
 * }</pre>
 */
public class RegistrationLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RegistrationLoad timing BASE COUNT | flood BASE CLIENTS SECONDS");
            System.exit(2);
        }
        URI base = URI.create(args[1]);
        if (args[0].equals("timing")) {
            timing(base, Integer.parseInt(args[2]));
        } else {
            flood(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    private static void timing(URI base, int count) throws Exception {
        String taken = "taken-" + UUID.randomUUID() + "@example.com";
        register(base, taken);
        for (int i = 0; i < 5; i++) {
            register(base, "warm-" + UUID.randomUUID() + "@example.com");
            register(base, taken);
        }
        List<Long> fresh = new ArrayList<>();
        List<Long> existing = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            statuses.merge(register(base, "new-" + UUID.randomUUID() + "@example.com"), 1, Integer::sum);
            fresh.add(System.nanoTime() - start);
            start = System.nanoTime();
            statuses.merge(register(base, taken), 1, Integer::sum);
            existing.add(System.nanoTime() - start);
        }
        System.out.printf("new email:   median %.1f ms, min %.1f, max %.1f (%d)%n", median(fresh), min(fresh), max(fresh),
                count);
        System.out.printf("taken email: median %.1f ms, min %.1f, max %.1f (%d)%n", median(existing), min(existing),
                max(existing), count);
        System.out.println("answers: " + statuses);
    }

    private static void flood(URI base, int clients, int seconds) throws Exception {
        String email = "probe-" + UUID.randomUUID() + "@example.com";
        register(base, email);
        List<Long> quiet = probe(base, email, 5);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> flooders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = register(base, "flood-" + UUID.randomUUID() + "@example.com");
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            t.start();
            flooders.add(t);
        }
        List<Long> during = probe(base, email, seconds * 4);
        for (Thread t : flooders) {
            t.join();
        }
        System.out.printf("login alone:          median %.0f ms, max %.0f ms (%d)%n", median(quiet), max(quiet),
                quiet.size());
        System.out.printf("login under %d clients registering for %d s: median %.0f ms, p90 %.0f ms, max %.0f ms (%d)%n",
                clients, seconds, median(during), percentile(during, 0.9), max(during), during.size());
        System.out.println("registration answers: " + new TreeMap<>(statuses) + ", client errors: " + errors);
    }

    /** Logs in {@code times}, every 250 ms, and returns each answer's time; a failed login counts as its time too. */
    private static List<Long> probe(URI base, String email, int times) throws Exception {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            int status = post(base, "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"load-test-password\"}");
            took.add(System.nanoTime() - start);
            if (status != 200) {
                System.out.println("probe login answered " + status);
            }
            Thread.sleep(250);
        }
        return took;
    }

    private static int register(URI base, String email) throws Exception {
        return post(base, "/api/auth/register",
                "{\"real_name\":\"Load\",\"email\":\"" + email + "\",\"password\":\"load-test-password\"}");
    }

    private static int post(URI base, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double median(List<Long> nanos) {
        return percentile(nanos, 0.5);
    }

    private static double percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }

    private static double min(List<Long> nanos) {
        return Collections.min(nanos) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return Collections.max(nanos) / 1e6;
    }
}
