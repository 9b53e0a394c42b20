package dev.latchkey.spring.app;

import dev.latchkey.core.mail.Mail;
import dev.latchkey.core.mail.MailSender;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host application: the starter and two controllers of its own, one for users and one for administrators. */
@SpringBootApplication
@EnableMethodSecurity
public class TestApplication {

    /** Every mail Latchkey sent, newest last. */
    public static final BlockingQueue<Mail> MAILS = new LinkedBlockingQueue<>();

    /** How this application sends mail: it keeps it for the tests to read. */
    @Bean
    MailSender mailSender() {
        return MAILS::add;
    }

    /** What a signed-in user may see. */
    @RestController
    static class ProfileController {
        @GetMapping("/api/profile")
        Map<String, Object> profile(@AuthenticationPrincipal Jwt jwt) {
            List<String> roles = jwt.getClaimAsStringList("roles");
            return Map.of("user_id", jwt.getSubject(), "session_id", jwt.getClaimAsString("sid"), "roles", roles);
        }
    }

    /** What only administrators may see. */
    @RestController
    static class ReportsController {
        @GetMapping("/api/reports")
        @PreAuthorize("hasRole('ADMIN')")
        Map<String, Object> reports() {
            return Map.of("reports", List.of("signups"));
        }
    }
}
