package dev.latchkey.spring;

import java.util.List;
import java.util.Objects;

/**
 * Where Latchkey's endpoints are mounted, as Spring Security path patterns, for an application that
 * writes its own {@code SecurityFilterChain}:
 * {@code http.authorizeHttpRequests(a -> a.requestMatchers(paths.publicEndpoints()).permitAll())}.
 * The starter makes one as a bean from the {@code latchkey.*} properties.
 *
 * @param basePath the authentication endpoints ({@code latchkey.base-path}, default {@code /api/auth})
 * @param adminBasePath the administration endpoints ({@code latchkey.admin.base-path}, default {@code /api/admin})
 * @param jwksPath the public JWK set ({@code latchkey.jwks-path}, default {@code /.well-known/jwks.json})
 */
public record LatchkeyPaths(String basePath, String adminBasePath, String jwksPath) {

    /** Checks all are present. */
    public LatchkeyPaths {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(adminBasePath, "adminBasePath");
        Objects.requireNonNull(jwksPath, "jwksPath");
    }

    /** The paths of the properties. */
    public static LatchkeyPaths of(LatchkeyProperties properties) {
        return new LatchkeyPaths(properties.basePath(), properties.admin().basePath(), properties.jwksPath());
    }

    /**
     * The endpoints anyone may call without an access token: register, login, refresh and the JWK set.
     * (Every other Latchkey endpoint checks the Bearer token itself.)
     */
    public String[] publicEndpoints() {
        return new String[] {basePath + "/register", basePath + "/login", basePath + "/refresh", jwksPath};
    }

    /**
     * Every path Latchkey serves, as patterns: its endpoints authenticate their callers themselves,
     * so a filter chain should let them all through to them.
     */
    public String[] allEndpoints() {
        return new String[] {basePath, basePath + "/**", adminBasePath, adminBasePath + "/**", jwksPath};
    }

    /** The servlet mappings of the authentication endpoints, the administration and the JWK set. */
    List<String> servletMappings() {
        return List.of(basePath + "/*", adminBasePath + "/*", jwksPath);
    }
}
