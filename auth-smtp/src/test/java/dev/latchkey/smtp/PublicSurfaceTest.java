package dev.latchkey.smtp;

import dev.latchkey.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of auth-smtp are exactly those listed in {@code public-api/auth-smtp.txt}:
 * a type that turns public by mistake, or an API type that goes, fails here with the difference.
 */
class PublicSurfaceTest {

    @Test
    void thePublicTypesAreTheListedOnes() {
        PublicApi.assertMatches(SmtpMailSender.class, "public-api/auth-smtp.txt");
    }
}
