package dev.latchkey.spring;

import dev.latchkey.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of the starter are exactly those listed in
 * {@code public-api/latchkey-spring-boot-starter.txt}: a type that turns public by mistake, or an API
 * type that goes, fails here with the difference.
 */
class PublicSurfaceTest {

    @Test
    void thePublicTypesAreTheListedOnes() {
        PublicApi.assertMatches(LatchkeyProperties.class, "public-api/latchkey-spring-boot-starter.txt");
    }
}
