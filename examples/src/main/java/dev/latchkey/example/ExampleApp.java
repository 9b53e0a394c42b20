package dev.latchkey.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailSender;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.example.config.EnvironmentSettings;
import dev.latchkey.example.config.InvalidConfigurationException;
import dev.latchkey.example.config.SmtpSettings;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.servlet.JwksServlet;
import dev.latchkey.servlet.LatchkeyFilter;
import dev.latchkey.servlet.LatchkeyAdminServlet;
import dev.latchkey.servlet.LatchkeyServlet;
import dev.latchkey.core.mail.SmtpMailSender;
import jakarta.servlet.DispatcherType;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Latchkey example service: the endpoints under {@code /api/auth}, the administration under
 * {@code /api/admin} (for holders of the administrator role, see {@code ADMIN_EMAILS}), a protected resource at
 * {@code /api/notes}, {@code /health}, the JWK set, the endpoints' OpenAPI document at
 * {@code /openapi.json}, and a web page at {@code /}. Configured by the guide's environment
 * variables and {@code .env}; with no {@code DATABASE_URL} it keeps users and sessions in memory.
 */
public final class ExampleApp implements AutoCloseable {

    private static final Duration FEED_POLL = Duration.ofSeconds(5);
    /** How often the schema step is tried again when PostgreSQL did not answer at start-up. */
    static final Duration SCHEMA_RETRY = Duration.ofSeconds(5);
    // Held so the settings stick: java.util.logging keeps loggers only weakly.
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.eclipse.jetty"), java.util.logging.Logger.getLogger("com.zaxxer.hikari"));
    private static final Duration KEEP_FINISHED_SESSIONS = Duration.ofDays(30);
    /** How long a request waits for a database connection, and for a new one to open. */
    static final Duration POOL_WAIT = Duration.ofSeconds(5);
    /** How long one statement may run before PostgreSQL is asked to cancel it. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How long the driver waits for any answer from the database: the last resort when a cancel cannot get through. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /** Connections the kernel may hold until Jetty accepts them (Linux caps it at net.core.somaxconn). */
    private static final int ACCEPT_QUEUE = 1024;

    private final Server server;
    private final List<AutoCloseable> resources;
    private final String summary;

    private ExampleApp(Server server, List<AutoCloseable> resources, String summary) {
        this.server = server;
        this.resources = resources;
        this.summary = summary;
    }

    /**
     * Runs the service until the process is stopped; exits 2 with a clear message on bad configuration,
     * and 1 when it cannot start otherwise (the port is taken, the database does not answer).
     */
    public static void main(String[] args) {
        // One start-up line of our own instead of the libraries' INFO chatter; their warnings still show.
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        ExampleApp app;
        try {
            app = start(EnvironmentSettings.load(), ClientLimits.load(), TrustedProxies.load(), System.err);
        } catch (InvalidConfigurationException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("Could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Registered before the start-up line is printed: whoever sees the line can stop it gracefully.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            System.out.println("Latchkey example stopped.");
        }, "latchkey-shutdown"));
        System.out.println(app.summary());
        System.out.flush();
        app.join();
    }

    /** Starts the service as the settings say; warnings go to {@code err}, the start-up line is {@link #summary()}. */
    static ExampleApp start(EnvironmentSettings settings, ClientLimits limits, TrustedProxies proxies, PrintStream err)
            throws Exception {
        SecureRandom random = new SecureRandom();
        SecretKeys.Choice secret = SecretKeys.choose(settings.secretKey(), settings.debug(), random);
        secret.warning().ifPresent(w -> err.println("WARNING: " + w));
        LatchkeyConfig config = settings.config();
        List<AutoCloseable> resources = new ArrayList<>();

        Latchkey.Builder builder = Latchkey.builder().keys(KeyRing.hs256(secret.secret())).config(config).random(random);
        PostgresStorage storage = null;
        String store;
        if (settings.databaseUrl().isPresent()) {
            DatabaseUrl url = DatabaseUrl.parse(settings.databaseUrl().get());
            HikariDataSource pool = pool(url, settings);
            resources.add(pool);
            storage = PostgresStorage.create(pool, QUERY_TIMEOUT);
            applySchema(storage, err, resources);
            // Every node on this database counts password checks and registrations in one table.
            builder.users(storage.users()).sessions(storage.sessions()).throttle(storage.loginThrottle())
                    .oneTimeTokens(storage.oneTimeTokens());
            store = "PostgreSQL " + url.redacted();
        } else {
            err.println("WARNING: DATABASE_URL is not set: users and sessions are kept in memory and are lost when "
                    + "the service stops.");
            InMemoryUserRepository users = new InMemoryUserRepository();
            builder.users(users).sessions(new InMemorySessionRepository(users));
            store = "in-memory (lost on restart)";
        }
        MailDelivery delivery = MailDelivery.builder(mailSender(settings, err)).build();
        resources.add(0, delivery);
        builder.mail(delivery, MailTemplates.builder(settings.appBaseUrl()).defaultLanguage(settings.mailLanguage())
                .build());
        AdminEmails admins = new AdminEmails(settings.adminEmails(), settings.debug() && storage == null, err);
        Latchkey latchkey = builder.listener(admins).build();
        if (storage != null) {
            resources.add(0, storage.startRevocationFeed(latchkey, FEED_POLL));
        }
        admins.grantAtStart(latchkey);
        ScheduledExecutorService cleanUp = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-clean-up");
            t.setDaemon(true);
            return t;
        });
        cleanUp.scheduleWithFixedDelay(() -> {
            try {
                latchkey.cleanUp(KEEP_FINISHED_SESSIONS);
            } catch (RuntimeException e) {
                err.println("WARNING: clean-up failed: " + e.getMessage());
            }
        }, 1, 15, TimeUnit.MINUTES);
        resources.add(0, cleanUp::shutdownNow);

        Server server = server(settings.port(), limits, proxies, latchkey, storage);
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String summary = "Latchkey example on http://localhost:" + port + " | store: " + store
                + " | tokens: HS256, access " + minutes(config.accessTokenTtl()) + ", refresh "
                + config.refreshTokenTtl().toDays() + " days, rotation " + (config.refreshTokenRotation() ? "on" : "off")
                + config.idleTimeout().map(idle -> ", idle sessions end after " + minutes(idle)).orElse("")
                + " | bcrypt " + config.bcryptCost() + " | " + limits.summary() + (proxies.entries().isEmpty() ? "" : " | " + proxies.summary())
                + " | mail: " + settings.smtp().map(SmtpSettings::summary).orElse(settings.debug() ? "printed here" : "not sent")
                + ", links to " + settings.appBaseUrl() + (config.requireVerifiedEmail() ? ", verified email required" : "")
                + (settings.debug() ? " | DEBUG" : "") + " | " + jvm();
        return new ExampleApp(server, resources, summary);
    }

    /** SMTP when {@code SMTP_HOST} is set; otherwise the log, with a warning at start. */
    private static MailSender mailSender(EnvironmentSettings settings, PrintStream err) {
        if (settings.smtp().isEmpty()) {
            err.println("WARNING: SMTP_HOST is not set: reset and verification mails are not sent"
                    + (settings.debug() ? "; with DEBUG they are printed here, links included." : "."));
            return new LogMailSender(settings.debug(), err);
        }
        SmtpSettings smtp = settings.smtp().get();
        SmtpMailSender.Builder sender = SmtpMailSender.builder(smtp.host(), smtp.from()).port(smtp.port())
                .security(SmtpMailSender.Security.valueOf(smtp.security().name()));
        smtp.username().ifPresent(user -> sender.credentials(user, smtp.password().orElseThrow()));
        return sender.build();
    }

    /**
     * Applies the schema now, or, when PostgreSQL does not answer, starts anyway and applies it in
     * the background as soon as it does: the service verifies access tokens meanwhile, and what
     * needs the database is answered 503 until then.
     */
    private static void applySchema(PostgresStorage storage, PrintStream err, List<AutoCloseable> resources) {
        try {
            storage.schema().migrate();
            return;
        } catch (StorageUnavailableException e) {
            err.println("WARNING: PostgreSQL does not answer at start-up (" + e.getMessage() + "): starting anyway;"
                    + " the schema is applied as soon as it answers (tried every " + SCHEMA_RETRY.toSeconds()
                    + " s), and until then what needs the database is answered 503.");
        }
        ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-schema");
            t.setDaemon(true);
            return t;
        });
        retry.scheduleWithFixedDelay(() -> {
            try {
                storage.schema().migrate();
                err.println("PostgreSQL answers: the schema is applied.");
                retry.shutdown();
            } catch (StorageUnavailableException e) {
                // Still down; the next try comes.
            } catch (RuntimeException e) {
                err.println("WARNING: applying the schema failed: " + e.getMessage());
            }
        }, SCHEMA_RETRY.toMillis(), SCHEMA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        resources.add(0, retry::shutdownNow);
    }

    private static HikariDataSource pool(DatabaseUrl url, EnvironmentSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("latchkey");
        hikari.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(hikari::setUsername);
        url.password().ifPresent(hikari::setPassword);
        // The guide's pool_size / max_overflow / pool_recycle, on HikariCP.
        hikari.setMinimumIdle(settings.pool().size());
        hikari.setMaximumPoolSize(settings.pool().maxConnections());
        hikari.setMaxLifetime(settings.pool().recycle().toMillis());
        // A request waits at most this long for a connection before it is answered 503.
        hikari.setConnectionTimeout(POOL_WAIT.toMillis());
        hikari.setValidationTimeout(2_000);
        // Bounds for a database that stops answering (a network partition), which the driver's defaults
        // would leave to TCP, minutes later. Parameters in DATABASE_URL win over these.
        hikari.addDataSourceProperty("connectTimeout", Long.toString(POOL_WAIT.toSeconds()));
        hikari.addDataSourceProperty("loginTimeout", Long.toString(POOL_WAIT.toSeconds()));
        hikari.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        // A statement past its time-out waits for its cancel request to be sent (default: up to 10 s more).
        hikari.addDataSourceProperty("cancelSignalTimeout", "3");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        // The pool's counts (active, idle, waiting) as JMX attributes, for monitoring.
        hikari.setRegisterMbeans(true);
        // The pool itself does not fail while the database is down: outages, at start-up too, are answered
        // 503 until it returns.
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    private static Server server(int port, ClientLimits limits, TrustedProxies proxies, Latchkey latchkey,
            PostgresStorage storage) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        // Bodies are read with blocking reads: a client that stalls, trickles or opens many connections
        // would hold request threads until none is left for anyone else (see ClientLimits).
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new ConnectionsPerAddress(limits.maxConnectionsPerAddress()));
        // Room for a burst of connects (JDK default: 50): a connection refused by the limit above must
        // be accepted first, and while the queue is full every client's new connection waits seconds.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        // Behind a trusted proxy, the client address (sessions' IP, the per-address login and registration
        // throttles) comes from Forwarded / X-Forwarded-For; ConnectionsPerAddress still counts the proxy.
        context.addServlet(new ServletHolder(LatchkeyServlet.builder(latchkey)
                .trustedProxies(proxies.entries().toArray(String[]::new)).build()), "/api/auth/*");
        context.addServlet(new ServletHolder(new LatchkeyAdminServlet(latchkey)), "/api/admin/*");
        context.addServlet(new ServletHolder(new ExampleServlets.NotesServlet()), "/api/notes");
        context.addServlet(new ServletHolder(new ExampleServlets.HealthServlet(
                storage == null ? null : storage.schema()::testConnection)), "/health");
        context.addServlet(new ServletHolder(new JwksServlet(latchkey)), "/.well-known/jwks.json");
        context.addServlet(new ServletHolder(new ExampleServlets.OpenApiServlet()), "/openapi.json");
        context.addServlet(new ServletHolder(new ExampleServlets.PageServlet()), "/");
        context.addFilter(new FilterHolder(new LatchkeyFilter(latchkey, "/api/auth/*")), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        JsonErrorHandler errors = new JsonErrorHandler();
        context.setErrorHandler(errors);
        server.setErrorHandler(errors);
        // Checked each time a servlet waits for more of a body (HttpConfiguration's minRequestDataRate is
        // deprecated for removal, and Jetty's MinimumDataRateHandler counts every request's bytes together).
        server.setHandler(new ServiceGate(new MinimumRequestDataRate(context, limits.minRequestDataRate())));
        server.setStopTimeout(10_000);
        return server;
    }

    /** The collector and heap bound this JVM runs with, as its options set them. */
    static String jvm() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        try {
            // The option as given; Runtime.maxMemory() leaves out a survivor space with some collectors.
            maxHeap = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxHeapSize").getValue());
        } catch (RuntimeException notHotSpot) {
            // Keep the runtime's figure.
        }
        return jvm(ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                maxHeap);
    }

    /** "JVM: G1 collector, heap up to 128 MB", from the collectors' management names and the heap bound. */
    static String jvm(List<String> collectorBeans, long maxHeapBytes) {
        String collector = collectorBeans.stream().map(ExampleApp::collector).filter(name -> name != null).findFirst()
                .orElse(String.join(" + ", collectorBeans));
        return "JVM: " + collector + " collector, heap up to " + maxHeapBytes / (1024 * 1024) + " MB";
    }

    private static String collector(String bean) {
        if (bean.startsWith("G1 ")) {
            return "G1";
        } else if (bean.startsWith("PS ")) {
            return "Parallel";
        } else if (bean.equals("Copy") || bean.equals("MarkSweepCompact")) {
            return "Serial";
        } else if (bean.startsWith("ZGC")) {
            return "Z";
        } else if (bean.startsWith("Shenandoah")) {
            return "Shenandoah";
        }
        return null;
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }

    /** The start-up line. */
    String summary() {
        return summary;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    void join() {
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking requests, lets those in flight finish, then closes the feed and the pool. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("WARNING: stopping the server failed: " + e.getMessage());
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("WARNING: closing " + resource + " failed: " + e.getMessage());
            }
        }
    }
}
