package dev.latchkey.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real mail to a real SMTP server (GreenMail, in this process). */
class SmtpMailSenderTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("sender@example.com", "sender", "s3cret"));

    private static final Mail MAIL = new Mail("kim@example.com", "비밀번호 재설정",
            "김민수님, 링크: https://app.example.com/#reset-password?token=abc",
            "<p>김민수님, <a href=\"https://app.example.com/#reset-password?token=abc\">링크</a></p>");

    private static SmtpMailSender.Builder sender() {
        return SmtpMailSender.builder("127.0.0.1", "no-reply@example.com").port(SMTP.getSmtp().getPort())
                .security(SmtpMailSender.Security.NONE).timeout(Duration.ofSeconds(5));
    }

    @Test
    void aMailArrivesWithItsSubjectTextAndHtmlInUtf8() throws Exception {
        sender().build().send(MAIL);

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("비밀번호 재설정");
        assertThat(received.getFrom()[0].toString()).isEqualTo("no-reply@example.com");
        assertThat(received.getMessageID()).as("not @localhost").endsWith("@example.com>");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("kim@example.com");
        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("김민수님").contains("token=abc");
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) parts.getBodyPart(1).getContent()).contains("<a href=");
    }

    @Test
    void aPlainTextMailHasOnePart() throws Exception {
        sender().build().send(new Mail("lee@example.com", "Confirm", "Just text", null));

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.isMimeType("text/plain")).isTrue();
        assertThat(GreenMailUtil.getBody(received)).isEqualTo("Just text");
    }

    @Test
    void theSenderLogsInWithItsCredentials() throws Exception {
        sender().credentials("sender", "s3cret").build().send(MAIL);

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
    }

    @Test
    void wrongCredentialsFailTheSend() {
        assertThatThrownBy(() -> sender().credentials("sender", "wrong").build().send(MAIL))
                .isInstanceOf(MailSendException.class);
    }

    @Test
    void aServerWithoutStartTlsIsRefusedWhenStartTlsIsRequired() {
        SmtpMailSender strict = SmtpMailSender.builder("127.0.0.1", "no-reply@example.com")
                .port(SMTP.getSmtp().getPort()).timeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> strict.send(MAIL)).isInstanceOf(MailSendException.class);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aClosedPortFailsTheSendWithoutHanging() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SmtpMailSender dead = SmtpMailSender.builder("127.0.0.1", "no-reply@example.com").port(closed)
                .security(SmtpMailSender.Security.NONE).timeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> dead.send(MAIL)).isInstanceOf(MailSendException.class)
                .hasMessageContaining("SMTP could not send");
    }

    @Test
    void settingsAreCheckedAsTheyAreGiven() {
        assertThatThrownBy(() -> SmtpMailSender.builder(" ", "a@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> SmtpMailSender.builder("smtp.example.com", "not an address"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> SmtpMailSender.builder("smtp.example.com", "a@example.com").port(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
