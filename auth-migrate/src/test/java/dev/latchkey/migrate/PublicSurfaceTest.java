package dev.latchkey.migrate;

import dev.latchkey.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of auth-migrate are exactly those listed in
 * {@code public-api/auth-migrate.txt}: a type that turns public by mistake, or an API type that
 * goes, fails here with the difference.
 */
class PublicSurfaceTest {

    @Test
    void thePublicTypesAreTheListedOnes() {
        PublicApi.assertMatches(UserImport.class, "public-api/auth-migrate.txt");
    }
}
