package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged jar's account recovery as a user sets it up: mail over SMTP from the environment
 * (to GreenMail, a real SMTP server in this process), or, without SMTP, the mail printed to the log
 * in DEBUG so that the reset flow can be followed locally.
 */
class AccountRecoveryIT {

    private static final String SECRET = "recovery-test-secret-0123456789abcdefghij";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static String registration(String email) {
        return "{\"real_name\":\"김민수\",\"email\":\"" + email + "\",\"password\":\"testpassword123\"}";
    }

    private static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void aBadAppBaseUrlStopsTheStartNamingTheVariable() throws Exception {
        try (RunningApp app = RunningApp.startAndExit(Map.of("SECRET_KEY", SECRET, "APP_BASE_URL", "app.example.com"))) {
            assertThat(app.exitCode()).isEqualTo(2);
            assertThat(String.join("\n", app.stderr())).contains("Configuration error: APP_BASE_URL")
                    .contains("'app.example.com'");
        }
    }

    @Test
    void inDebugWithoutSmtpTheMailsArePrintedAndTheResetFlowCanBeFollowed() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("DEBUG", "True"))) {
            assertThat(String.join("\n", app.stderr())).contains("SMTP_HOST is not set");
            Client client = new Client(app.base());
            assertThat(client.post("/api/auth/register", registration("kim@example.com")).status()).isEqualTo(201);
            String verification = app.awaitPrintedToken("verify-email", 1, 15);
            assertThat(client.post("/api/auth/verify-email", "{\"token\":\"" + verification + "\"}").json()
                    .get("email_verified").asBoolean()).isTrue();

            assertThat(client.post("/api/auth/forgot-password", "{\"email\":\"kim@example.com\"}").status())
                    .isEqualTo(202);
            String token = app.awaitPrintedToken("reset-password", 1, 15);
            assertThat(client.post("/api/auth/reset-password", "{\"token\":\"" + token
                    + "\",\"new_password\":\"새 비밀번호 123\"}").status()).isEqualTo(200);

            assertThat(client.post("/api/auth/login", credentials("kim@example.com", "새 비밀번호 123")).status())
                    .isEqualTo(200);
            assertThat(client.post("/api/auth/reset-password", "{\"token\":\"" + token
                    + "\",\"new_password\":\"third password 1\"}").status()).isEqualTo(400);
        }
    }

    @Test
    void withoutDebugOrSmtpNoLinkReachesTheLog() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET))) {
            Client client = new Client(app.base());
            client.post("/api/auth/register", registration("kim@example.com"));
            client.post("/api/auth/forgot-password", "{\"email\":\"kim@example.com\"}");
            app.awaitErrorLine("(Reset your password) was not sent", 15);

            assertThat(String.join("\n", app.stderr())).doesNotContain("token=");
        }
    }

    @Test
    void withSmtpSettingsTheMailsGoToTheServerWithLinksToTheAppBaseUrl() throws Exception {
        int port = RunningApp.freePort();
        String base = "http://127.0.0.1:" + port + "/";
        try (RunningApp app = RunningApp.start(Map.of("SECRET_KEY", SECRET, "PORT", Integer.toString(port),
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()),
                "SMTP_FROM", "no-reply@latchkey.test", "SMTP_STARTTLS", "False", "APP_BASE_URL", base,
                "REQUIRE_VERIFIED_EMAIL", "True", "MAIL_LANGUAGE", "ko"))) {
            assertThat(app.stdout()).anyMatch(line -> line.contains("mail: SMTP 127.0.0.1:"));
            Client client = new Client(app.base());
            client.post("/api/auth/register", registration("kim@example.com"));
            assertThat(client.post("/api/auth/login", credentials("kim@example.com", "testpassword123")).status())
                    .as("a verified email is required").isEqualTo(403);

            assertThat(SMTP.waitForIncomingEmail(15_000, 1)).isTrue();
            MimeMessage mail = SMTP.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("이메일 주소 확인");
            String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
            Matcher link = Pattern.compile(Pattern.quote(base) + "#verify-email\\?token=([A-Za-z0-9_-]{43})").matcher(text);
            assertThat(link.find()).as(text).isTrue();

            assertThat(client.post("/api/auth/verify-email", "{\"token\":\"" + link.group(1) + "\"}").status())
                    .isEqualTo(200);
            assertThat(client.post("/api/auth/login", credentials("kim@example.com", "testpassword123")).status())
                    .isEqualTo(200);
        }
    }
}
