package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailSender;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.mail.SmtpMailSender;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Account recovery end to end, with real mail: Latchkey sends through {@link SmtpMailSender} to a
 * real SMTP server in this process (GreenMail), and the tests read the link out of the mail that
 * arrived and use it over HTTP. A subclass supplies the stores.
 */
abstract class AbstractRecoveryOverSmtpTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");
    private static final String RESET_SUBJECT = "Reset your password";

    protected final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final List<AutoCloseable> running = new ArrayList<>();

    /** Fresh, empty user storage (called once per test, before the other stores). */
    protected abstract UserRepository users();

    /** Session storage beside {@link #users()}. */
    protected abstract SessionRepository sessions();

    /** Token storage beside {@link #users()}. */
    protected abstract OneTimeTokenRepository oneTimeTokens();

    /** Throttle storage beside {@link #users()}. */
    protected abstract LoginThrottle throttle();

    /** What the stores are, for the printed figures. */
    protected abstract String storeName();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    /** One node: a Latchkey over the given stores that mails through {@code sender}, served by Jetty. */
    protected Http node(UserRepository users, SessionRepository sessions, OneTimeTokenRepository tokens,
            LoginThrottle throttle, LatchkeyConfig config, MailSender sender, List<Latchkey> built) throws Exception {
        MailDelivery delivery = MailDelivery.builder(sender).attempts(3).firstRetryDelay(Duration.ofMillis(5)).build();
        running.add(delivery);
        Latchkey latchkey = Latchkey.builder().users(users).sessions(sessions).oneTimeTokens(tokens).throttle(throttle)
                .keys(KeyRing.hs256(Fixtures.SECRET)).config(config).clock(clock)
                .mail(delivery, MailTemplates.builder(URI.create("http://localhost:8000/")).build())
                .build();
        built.add(latchkey);
        TestServer server = new TestServer(latchkey, new LatchkeyServlet(latchkey));
        running.add(server);
        return new Http(server.base());
    }

    protected Http node(LatchkeyConfig config) throws Exception {
        return node(users(), sessions(), oneTimeTokens(), throttle(), config, smtp(), new ArrayList<>());
    }

    /** The sender to the test's SMTP server. */
    protected static SmtpMailSender smtp() {
        return SmtpMailSender.builder("127.0.0.1", "no-reply@latchkey.test").port(SMTP.getSmtp().getPort())
                .security(SmtpMailSender.Security.NONE).timeout(Duration.ofSeconds(5)).build();
    }

    protected static void register(Http http, String email) {
        Http.Answer answer = http.postJson("/api/auth/register", "{\"real_name\":\"김민수\",\"email\":\"" + email
                + "\",\"password\":\"testpassword123\"}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
    }

    protected static Http.Answer login(Http http, String email, String password) {
        return http.postJson("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    protected static Http.Answer forgot(Http http, String email) {
        return http.postJson("/api/auth/forgot-password", "{\"email\":\"" + email + "\"}");
    }

    protected static Http.Answer reset(Http http, String token, String password) {
        return http.postJson("/api/auth/reset-password",
                "{\"token\":\"" + token + "\",\"new_password\":\"" + password + "\"}");
    }

    /** Waits for the mail with {@code subject} to {@code to} and returns the token of its link. */
    protected static String tokenFromMail(String to, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : SMTP.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equals(to) && message.getSubject().equals(subject)) {
                    Matcher m = TOKEN.matcher(text(message));
                    assertThat(m.find()).as("a link in the mail").isTrue();
                    return m.group(1);
                }
            }
            SMTP.waitForIncomingEmail(200, SMTP.getReceivedMessages().length + 1);
        }
        throw new AssertionError("No mail '" + subject + "' to " + to + " arrived");
    }

    /** The plain-text body of a received mail, decoded. */
    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof Multipart parts ? (String) parts.getBodyPart(0).getContent() : (String) content;
    }

    protected static void assertJsonError(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(answer.json().get("detail").isTextual()).isTrue();
    }

    @Test
    void theMailArrivesOverSmtpAndItsLinkWorksOnceAndOnlyOnce() throws Exception {
        Http http = node(Fixtures.fastConfig().build());
        register(http, "kim@example.com");
        String access = login(http, "kim@example.com", "testpassword123").json().get("access_token").asText();

        assertThat(forgot(http, "kim@example.com").status()).isEqualTo(202);
        String token = tokenFromMail("kim@example.com", RESET_SUBJECT);

        assertThat(reset(http, token, "새 비밀번호 123").status()).isEqualTo(200);
        assertThat(http.get("/api/auth/me", access).status()).isEqualTo(401);
        assertThat(login(http, "kim@example.com", "새 비밀번호 123").status()).isEqualTo(200);
        Http.Answer reused = reset(http, token, "third password 1");
        assertJsonError(reused, 400);
        assertThat(reused.json().get("detail").asText()).contains("invalid or has expired");
        assertThat(login(http, "kim@example.com", "새 비밀번호 123").status()).as("the reuse changed nothing")
                .isEqualTo(200);
    }

    @Test
    void theVerificationMailArrivesInTheReadersLanguageAndItsLinkVerifiesOnce() throws Exception {
        Http http = node(Fixtures.fastConfig().requireVerifiedEmail(true).build());
        Http.Answer registered = http.send(http.request("/api/auth/register").header("Content-Type", "application/json")
                .header("Accept-Language", "ko")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"real_name\":\"김민수\","
                        + "\"email\":\"kim@example.com\",\"password\":\"testpassword123\"}")).build());
        assertThat(registered.status()).isEqualTo(201);
        assertJsonError(login(http, "kim@example.com", "testpassword123"), 403);

        String token = tokenFromMail("kim@example.com", "이메일 주소 확인");
        Http.Answer verified = http.postJson("/api/auth/verify-email", "{\"token\":\"" + token + "\"}");

        assertThat(verified.json().get("email_verified").asBoolean()).isTrue();
        assertThat(login(http, "kim@example.com", "testpassword123").status()).isEqualTo(200);
        assertJsonError(http.postJson("/api/auth/verify-email", "{\"token\":\"" + token + "\"}"), 400);
    }

    @Test
    void anExpiredLinkIsRefusedWithA400AndChangesNothing() throws Exception {
        Http http = node(Fixtures.fastConfig().build());
        register(http, "kim@example.com");
        forgot(http, "kim@example.com");
        String token = tokenFromMail("kim@example.com", RESET_SUBJECT);

        clock.advance(Duration.ofMinutes(30));

        assertJsonError(reset(http, token, "새 비밀번호 123"), 400);
        assertThat(login(http, "kim@example.com", "testpassword123").status()).isEqualTo(200);
    }

    @Test
    void aDeadMailServerLeavesTheEndpointsAnsweringAndTheSendIsLoggedAndRetried() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SmtpMailSender dead = SmtpMailSender.builder("127.0.0.1", "no-reply@latchkey.test").port(closed)
                .security(SmtpMailSender.Security.NONE).timeout(Duration.ofSeconds(2)).build();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger mailLog = Logger.getLogger("dev.latchkey.core.mail");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        mailLog.addHandler(capture);
        boolean parentHandlers = mailLog.getUseParentHandlers();
        Level level = mailLog.getLevel();
        mailLog.setUseParentHandlers(false);
        mailLog.setLevel(Level.ALL);
        try {
            Http http = node(users(), sessions(), oneTimeTokens(), throttle(), Fixtures.fastConfig().build(), dead,
                    new ArrayList<>());
            register(http, "kim@example.com");

            Http.Answer answer = forgot(http, "kim@example.com");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("message").asText()).isEqualTo(LatchkeyServlet.RESET_REQUESTED);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && logged.stream().filter(r -> r.getLevel() == Level.SEVERE
                    && r.getMessage().contains(RESET_SUBJECT)).findAny().isEmpty()) {
                Thread.onSpinWait();
            }
            List<String> reset = logged.stream().map(LogRecord::getMessage).filter(m -> m.contains(RESET_SUBJECT))
                    .toList();
            assertThat(reset).hasSize(3);
            assertThat(reset.get(0)).contains("attempt 1 of 3").contains("retrying in 5 ms");
            assertThat(reset.get(1)).contains("attempt 2 of 3").contains("retrying in 10 ms");
            assertThat(reset.get(2)).contains("Giving up").contains("after 3 attempts");
            assertThat(String.join("\n", reset)).doesNotContain("token=");
            assertThat(login(http, "kim@example.com", "testpassword123").status()).isEqualTo(200);
        } finally {
            mailLog.removeHandler(capture);
            mailLog.setUseParentHandlers(parentHandlers);
            mailLog.setLevel(level);
        }
    }

    /**
     * No enumeration: an unknown email gets the same status and the same bytes as a known one, and
     * the time of each is printed (200 of each, interleaved, after a warm-up) for the security notes;
     * timing is not asserted, since a shared machine makes any bound flaky.
     */
    @Test
    void knownAndUnknownEmailsGetTheSameAnswerAndTheirTimesArePrinted() throws Exception {
        Http http = node(Fixtures.unthrottledConfig().build());
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String email = "known-" + i + "@example.com";
            register(http, email);
            known.add(email);
        }
        String body = forgot(http, known.get(0)).raw().body();
        int tries = 200;
        long[] knownNanos = new long[tries];
        long[] unknownNanos = new long[tries];
        for (int i = -50; i < tries; i++) {
            String unknown = "unknown-" + UUID.randomUUID() + "@example.com";
            long t0 = System.nanoTime();
            Http.Answer a = forgot(http, known.get(Math.floorMod(i, known.size())));
            long t1 = System.nanoTime();
            Http.Answer b = forgot(http, unknown);
            long t2 = System.nanoTime();
            assertThat(a.status()).isEqualTo(b.status()).isEqualTo(202);
            assertThat(a.raw().body()).isEqualTo(b.raw().body()).isEqualTo(body);
            if (i >= 0) {
                knownNanos[i] = t1 - t0;
                unknownNanos[i] = t2 - t1;
            }
        }
        double knownMedian = median(knownNanos) / 1000.0;
        double unknownMedian = median(unknownNanos) / 1000.0;
        System.out.printf(Locale.ROOT, "forgot-password timing on %s over %d tries each: known median %.0f µs,"
                + " unknown median %.0f µs, difference %.0f µs (%.1f%%)%n", storeName(), tries, knownMedian,
                unknownMedian, knownMedian - unknownMedian, 100 * (knownMedian - unknownMedian) / unknownMedian);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
