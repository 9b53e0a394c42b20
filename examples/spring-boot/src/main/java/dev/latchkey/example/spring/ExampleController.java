package dev.latchkey.example.spring;

import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** One endpoint for anyone, one for signed-in users, one for administrators. */
@RestController
class ExampleController {

    /** {@code GET /api/hello}: open to anyone. */
    @GetMapping("/api/hello")
    Map<String, Object> hello() {
        return Map.of("message", "Hello from a Spring Boot application on Latchkey");
    }

    /**
     * {@code GET /api/profile}: the caller's access token, verified by Latchkey (a logged-out session or a
     * removed role is refused at once): {@code sub} is the user id, {@code roles} the user's roles.
     */
    @GetMapping("/api/profile")
    Map<String, Object> profile(@AuthenticationPrincipal Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return Map.of("user_id", jwt.getSubject(), "session_id", jwt.getClaimAsString("sid"),
                "roles", roles == null ? List.of() : roles);
    }

    /** {@code GET /api/reports}: administrators only (Latchkey's role {@code admin} is {@code ROLE_ADMIN}). */
    @GetMapping("/api/reports")
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, Object> reports() {
        return Map.of("reports", List.of("daily-signups", "active-sessions"));
    }
}
