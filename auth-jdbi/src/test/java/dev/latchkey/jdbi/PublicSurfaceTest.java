package dev.latchkey.jdbi;

import dev.latchkey.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of auth-jdbi are exactly those listed in {@code public-api/auth-jdbi.txt}:
 * a type that turns public by mistake, or an API type that goes, fails here with the difference.
 */
class PublicSurfaceTest {

    @Test
    void thePublicTypesAreTheListedOnes() {
        PublicApi.assertMatches(PostgresStorage.class, "public-api/auth-jdbi.txt");
    }
}
