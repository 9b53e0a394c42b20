package dev.latchkey.spring;

import dev.latchkey.core.Latchkey;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security on Latchkey's access tokens: a {@link JwtDecoder} that is {@link Latchkey#verify}
 * (so logout, revoke-all, a disabled account and a removed role take effect at once), the token's
 * {@code roles} as {@code ROLE_} authorities, 401 and 403 in Latchkey's JSON format, a filter chain
 * that lets Latchkey's own endpoints through, and — only when the application defines no
 * {@link SecurityFilterChain} of its own — a stateless one that requires a valid token everywhere else.
 */
@AutoConfiguration(after = LatchkeyWebAutoConfiguration.class, beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class, JwtDecoder.class, JwtAuthenticationConverter.class})
public class LatchkeySecurityAutoConfiguration {

    /** The bean name of the filter chain for Latchkey's own endpoints. */
    public static final String ENDPOINTS_CHAIN = "latchkeyEndpointsSecurityFilterChain";
    /** Its order: before the application's chains. */
    public static final int ENDPOINTS_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Access tokens verified by Latchkey. */
    @Bean
    @ConditionalOnMissingBean
    public JwtDecoder latchkeyJwtDecoder(Latchkey latchkey) {
        return new LatchkeyJwtDecoder(latchkey);
    }

    /** The token's {@code roles} as {@code ROLE_} authorities; the principal's name is the user id. */
    @Bean
    @ConditionalOnMissingBean
    public JwtAuthenticationConverter latchkeyJwtAuthenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new LatchkeyRoles());
        return converter;
    }

    /**
     * The Bearer token from the one {@code Authorization} header (two are a 400, as on Latchkey's own
     * endpoints); every resource-server chain of the application uses it.
     */
    @Bean
    @ConditionalOnMissingBean
    public BearerTokenResolver latchkeyBearerTokenResolver() {
        return new SingleBearerTokenResolver();
    }

    /** 401 as JSON with {@code WWW-Authenticate: Bearer}. */
    @Bean
    @ConditionalOnMissingBean
    public AuthenticationEntryPoint latchkeyAuthenticationEntryPoint() {
        return new JsonSecurityErrors.EntryPoint();
    }

    /** 403 as JSON. */
    @Bean
    @ConditionalOnMissingBean
    public AccessDeniedHandler latchkeyAccessDeniedHandler() {
        return new JsonSecurityErrors.DeniedHandler();
    }

    /**
     * Latchkey's endpoints pass through to the endpoints, which check the Bearer token themselves
     * (with no session, no CSRF token, and no 401 for a stale token sent along to {@code /refresh}).
     */
    @Bean(ENDPOINTS_CHAIN)
    @Order(ENDPOINTS_CHAIN_ORDER)
    @ConditionalOnMissingBean(name = ENDPOINTS_CHAIN)
    public SecurityFilterChain latchkeyEndpointsSecurityFilterChain(HttpSecurity http, LatchkeyPaths paths)
            throws Exception {
        return http.securityMatcher(paths.allEndpoints())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(AbstractHttpConfigurer::disable)
                .build();
    }

    /**
     * The application's chain when it defines none: every other request needs a valid access token;
     * stateless, no CSRF token (the API is called with a Bearer header, not a cookie). Loaded before
     * the endpoints' chain, so that only the application's own chains make it back off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnDefaultWebSecurity
    static class DefaultSecurityFilterChainConfiguration {

        @Bean
        @Order(SecurityFilterChainOrder.DEFAULT)
        SecurityFilterChain latchkeyDefaultSecurityFilterChain(HttpSecurity http, LatchkeyPaths paths,
                JwtDecoder decoder, JwtAuthenticationConverter converter, AuthenticationEntryPoint entryPoint,
                AccessDeniedHandler deniedHandler) throws Exception {
            return http
                    .authorizeHttpRequests(requests -> requests
                            .requestMatchers(paths.publicEndpoints()).permitAll()
                            .requestMatchers("/error").permitAll()
                            .anyRequest().authenticated())
                    .oauth2ResourceServer(server -> server
                            .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                            .authenticationEntryPoint(entryPoint)
                            .accessDeniedHandler(deniedHandler))
                    .exceptionHandling(errors -> errors
                            .authenticationEntryPoint(entryPoint)
                            .accessDeniedHandler(deniedHandler))
                    .csrf(AbstractHttpConfigurer::disable)
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(cache -> cache.disable())
                    .build();
        }
    }

    /** The orders of the chains. */
    private static final class SecurityFilterChainOrder {
        /** Spring Boot's default chain's place: after every chain an application orders itself. */
        static final int DEFAULT = Ordered.LOWEST_PRECEDENCE - 5;

        private SecurityFilterChainOrder() {
        }
    }
}
