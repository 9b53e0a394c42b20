package dev.latchkey.core;

import dev.latchkey.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of auth-core are exactly those listed in {@code public-api/auth-core.txt}:
 * a type that turns public by mistake, or an API type that goes, fails here with the difference.
 */
class PublicSurfaceTest {

    @Test
    void thePublicTypesAreTheListedOnes() {
        PublicApi.assertMatches(Latchkey.class, "public-api/auth-core.txt");
    }
}
