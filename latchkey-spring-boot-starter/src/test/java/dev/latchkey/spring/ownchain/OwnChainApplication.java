package dev.latchkey.spring.ownchain;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import dev.latchkey.spring.LatchkeyPaths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host application with a filter chain of its own (the starter's default backs off), written with
 * {@link LatchkeyPaths}, and an event listener of its own.
 */
@SpringBootApplication
public class OwnChainApplication {

    /** The application's rules: a public page, administrators only under /manage-reports. */
    @Bean
    SecurityFilterChain applicationChain(HttpSecurity http, LatchkeyPaths latchkey, AuthenticationEntryPoint entryPoint)
            throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(latchkey.publicEndpoints()).permitAll()
                        .requestMatchers("/public").permitAll()
                        .requestMatchers("/reports").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()).authenticationEntryPoint(entryPoint))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** Every event Latchkey published, in order. */
    @Bean
    Events events() {
        return new Events();
    }

    /** Hears Latchkey's events. */
    public static final class Events implements AuthEventListener {
        private final List<AuthEvent> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AuthEvent event) {
            heard.add(event);
        }

        public List<AuthEvent> heard() {
            return heard;
        }
    }

    /** The application's own endpoints. */
    @RestController
    static class Pages {
        @GetMapping("/public")
        Map<String, Object> open() {
            return Map.of("page", "public");
        }

        @GetMapping("/reports")
        Map<String, Object> reports(@AuthenticationPrincipal Jwt jwt) {
            return Map.of("for", jwt.getSubject());
        }
    }
}
