package dev.latchkey.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The example jar, started as a user starts it: {@code java -jar}, configured by environment variables. */
final class RunningApp implements AutoCloseable {

    private static final String START_LINE = "Latchkey example on http://localhost:";

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final int port;
    private final Thread outPump;
    private final Thread errPump;

    private RunningApp(Process process, int port) {
        this.process = process;
        this.port = port;
        this.outPump = pump(process.getInputStream(), out);
        this.errPump = pump(process.getErrorStream(), err);
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("latchkey.example.jar", "target/latchkey-example.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the jar first (./mvnw package): " + jar.toAbsolutePath());
        }
        return jar;
    }

    /** Starts the jar and waits for its start-up line. */
    static RunningApp start(Map<String, String> env) throws Exception {
        int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : freePort();
        RunningApp app = launch(env, port);
        app.awaitLine(START_LINE, 60);
        return app;
    }

    /** Starts the jar expecting it to refuse to start; returns it once it exited. */
    static RunningApp startAndExit(Map<String, String> env) throws Exception {
        RunningApp app = launch(env, env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : freePort());
        if (!app.process.waitFor(60, TimeUnit.SECONDS)) {
            app.close();
            throw new AssertionError("The app did not exit: " + app.err);
        }
        // Everything it printed before it went.
        app.outPump.join(5000);
        app.errPump.join(5000);
        return app;
    }

    private static RunningApp launch(Map<String, String> env, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toAbsolutePath().toString());
        builder.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.equals("SECRET_KEY")
                || k.equals("DEBUG") || k.equals("PORT") || k.startsWith("REFRESH_TOKEN") || k.startsWith("DB_")
                || k.equals("MIN_REQUEST_DATA_RATE") || k.equals("IDLE_TIMEOUT_SECONDS")
                || k.equals("MAX_CONNECTIONS_PER_ADDRESS") || k.equals("BCRYPT_COST") || k.equals("TRUSTED_PROXIES")
                || k.startsWith("TOKEN_") || k.equals("SESSION_IDLE_TIMEOUT_MINUTES")
                || k.equals("REGISTRATIONS_PER_ADDRESS_PER_HOUR") || k.equals("ACCESS_TOKEN_EXPIRE_MINUTES")
                || k.startsWith("SMTP_") || k.equals("APP_BASE_URL") || k.equals("MAIL_LANGUAGE")
                || k.equals("REQUIRE_VERIFIED_EMAIL"));
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        builder.directory(Files.createTempDirectory("latchkey-example").toFile());
        return new RunningApp(builder.start(), port);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    List<String> stdout() {
        return List.copyOf(out);
    }

    List<String> stderr() {
        return List.copyOf(err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Asks the app to stop (SIGTERM) and waits for it. */
    int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our ends of its output pipes.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The app did not stop within 30 s");
        }
        return process.exitValue();
    }

    void awaitLine(String fragment, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (out) {
                if (out.stream().anyMatch(l -> l.contains(fragment))) {
                    return;
                }
            }
            if (!process.isAlive()) {
                // Read what it printed before it went.
                outPump.join(5000);
                errPump.join(5000);
                if (out.stream().anyMatch(l -> l.contains(fragment))) {
                    return;
                }
                throw new AssertionError("The app exited with " + process.exitValue() + ": " + err);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("No line '" + fragment + "' within " + seconds + " s; stdout " + out + ", stderr " + err);
    }

    /** Waits until the app printed a line containing {@code fragment} to its standard error. */
    void awaitErrorLine(String fragment, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (err) {
                if (err.stream().anyMatch(l -> l.contains(fragment))) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("No error line '" + fragment + "' within " + seconds + " s; stderr " + err);
    }

    /**
     * Waits for the {@code n}-th link of this kind ({@code reset-password} or {@code verify-email},
     * counting from 1) that the app printed to its standard error, and returns its token.
     */
    String awaitPrintedToken(String kind, int n, int seconds) throws InterruptedException {
        Pattern link = Pattern.compile("#" + kind + "\\?token=([A-Za-z0-9_-]{43})");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<String> tokens = new ArrayList<>();
            synchronized (err) {
                for (String line : err) {
                    Matcher m = link.matcher(line);
                    if (m.find()) {
                        tokens.add(m.group(1));
                    }
                }
            }
            if (tokens.size() >= n) {
                return tokens.get(n - 1);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("No " + kind + " link number " + n + " within " + seconds + " s; stderr " + err);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static Thread pump(java.io.InputStream stream, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
