package dev.latchkey.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.PostgresStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refresh through auth-jdbi on PostgreSQL with many threads. Sessions are seeded with one
 * {@code generate_series} statement, not through the API; session {@code g}'s refresh token is
 * {@code g} left-padded with {@code A} to 43 characters, so the harness can present it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.RefreshLoad \
 *      JDBC_URL ROWS THREADS SECONDS ROTATION [seed|reuse|seed-only] [WARM_UP_SECONDS]
 * </pre>
 *
 * <p>Warm-up defaults to 3 s. Besides throughput and latency it prints what PostgreSQL did during
 * the measured seconds: full-page images written to the WAL and blocks read from outside its buffer
 * cache, per refresh, and the checkpoints that ran — the costs that grow with the table.
 */
public final class RefreshLoad {

    private static final String SCHEMA = "latchkey_bench";

    private RefreshLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        boolean rotation = Boolean.parseBoolean(args[4]);
        String mode = args.length < 6 ? "seed" : args[5];
        boolean seed = mode.startsWith("seed");
        int warmUp = args.length < 7 ? 3 : Integer.parseInt(args[6]);

        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        hikari.setMaximumPoolSize(threads);
        hikari.setMinimumIdle(threads);
        try (HikariDataSource pool = new HikariDataSource(hikari)) {
            if (seed) {
                seed(pool, rows);
            }
            if (mode.equals("seed-only")) {
                return;
            }
            PostgresStorage storage = PostgresStorage.create(pool);
            Latchkey latchkey = Latchkey.builder().users(storage.users()).sessions(storage.sessions())
                    .keys(KeyRing.hs256(Tokens.SECRET))
                    .config(LatchkeyConfig.builder().refreshTokenRotation(rotation).build()).build();
            run(latchkey, pool, rows, threads, seconds, warmUp, rotation);
        }
    }

    static String token(long g) {
        String digits = Long.toString(g);
        return "A".repeat(43 - digits.length()) + digits;
    }

    private static void seed(HikariDataSource pool, int rows) throws Exception {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        PostgresStorage.create(pool).schema().migrate();
        int users = Math.max(1, rows / 5);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, real_name, email, password_hash) SELECT gen_random_uuid(), 'User ' || g, "
                    + "'user' || g || '@example.com', '$2b$12$' || repeat('a', 53) FROM generate_series(1, " + users + ") g");
            s.execute("CREATE TEMP TABLE bench_users AS SELECT id, row_number() OVER () AS n FROM users");
            s.execute("INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address, user_agent, created_at,"
                    + " last_used_at, last_ip_address, expires_at) SELECT gen_random_uuid(), u.id,"
                    + " sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8')), 'Device ' || g, '203.0.113.7', 'bench',"
                    + " now(), now(), '203.0.113.7', now() + interval '7 days'"
                    + " FROM generate_series(1, " + rows + ") g JOIN bench_users u ON u.n = 1 + g % " + users);
            s.execute("ANALYZE");
        }
        System.out.printf(Locale.ROOT, "seeded %,d sessions in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
    }

    private static void run(Latchkey latchkey, HikariDataSource pool, int rows, int threads, int seconds, int warmUp,
            boolean rotation) throws Exception {
        ClientInfo client = new ClientInfo("198.51.100.20", "refresh-load");
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        long warmupEnd = System.nanoTime() + warmUp * 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            long[] mine = new long[4_000_000];
            latencies.add(mine);
            Thread worker = new Thread(() -> {
                // With rotation each thread owns the sessions g ≡ id (mod threads) and follows their chains.
                int owned = rows / threads;
                String[] current = rotation ? new String[owned] : null;
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (true) {
                    long now = System.nanoTime();
                    if (now > end) {
                        break;
                    }
                    int slot = random.nextInt(owned);
                    long g = (long) slot * threads + id + 1;
                    String token = rotation && current[slot] != null ? current[slot] : token(g);
                    long t0 = System.nanoTime();
                    try {
                        RefreshResult result = latchkey.refresh(token, client);
                        if (rotation) {
                            current[slot] = result.refreshToken().orElseThrow();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    long t1 = System.nanoTime();
                    if (t0 > warmupEnd && n < mine.length) {
                        mine[n++] = t1 - t0;
                    }
                }
                counts[id] = n;
            });
            workers.add(worker);
            worker.start();
        }
        Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
        DatabaseCounters before = DatabaseCounters.read(pool);
        for (Thread worker : workers) {
            worker.join();
        }
        DatabaseCounters during = DatabaseCounters.read(pool).minus(before);
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "refresh rotation=%s rows=%,d threads=%d: %,.0f refreshes/s, p50 %.2f ms, p99 %.2f ms,"
                        + " errors %d%n", rotation, rows, threads, total / (double) seconds,
                all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, errors.get());
        System.out.printf(Locale.ROOT, "  while measured (after %d s of warm-up): %.2f WAL full-page images and %.2f blocks read"
                        + " from outside shared_buffers per refresh, %d checkpoint(s)%n", warmUp,
                during.fullPageImages() / (double) total, during.blocksRead() / (double) total, during.checkpoints());
    }

    /** PostgreSQL's cumulative counters for the costs that grow with the table. */
    private record DatabaseCounters(long fullPageImages, long blocksRead, long checkpoints) {

        static DatabaseCounters read(HikariDataSource pool) throws Exception {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT wal_fpi FROM pg_stat_wal),"
                         + " (SELECT blks_read FROM pg_stat_database WHERE datname = current_database()),"
                         + " (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)")) {
                r.next();
                return new DatabaseCounters(r.getLong(1), r.getLong(2), r.getLong(3));
            }
        }

        DatabaseCounters minus(DatabaseCounters earlier) {
            return new DatabaseCounters(fullPageImages - earlier.fullPageImages, blocksRead - earlier.blocksRead,
                    checkpoints - earlier.checkpoints);
        }
    }
}
