package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application does not start with a missing, short, placeholder or weak {@code latchkey.secret-key},
 * and says why and what to do. (No database is reached: the key is checked first.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretKeyStartupTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "latchkey.secret-key=", "latchkey.secret-key=too-short-1234567890",
        "latchkey.secret-key=${LATCHKEY_SECRET_KEY_THAT_IS_NOT_SET:${ALSO_NOT_SET}}xxxxxxxxxxxxxxxxxxxxxx",
        "latchkey.secret-key=abababababababababababababababababab",
        "latchkey.secret-key=your-strong-secret-key-change-this",
        "latchkey.secret-key=your-secret-key-here-change-in-production",
        "latchkey.secret-key=CHANGE_ME_CHANGE_ME_CHANGE_ME_CHANGE_ME"})
    void startUpFailsWithAClearMessage(String property, CapturedOutput output) {
        assertThatThrownBy(() -> start(property)).hasRootCauseInstanceOf(InvalidSecretKeyException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Latchkey cannot sign access tokens: latchkey.secret-key")
                .contains("openssl rand -base64 48");
    }

    @Test
    void theMessagesSayWhatIsWrongWithoutTheValue() {
        assertThat(message(null)).isEqualTo("latchkey.secret-key is not set.");
        assertThat(message("${SECRET_KEY}")).contains("unresolved placeholder");
        assertThat(message("short")).isEqualTo("latchkey.secret-key is too short: 5 bytes; HS256 needs at least 32.");
        assertThat(message("your-strong-secret-key-change-this")).contains("placeholder from documentation")
                .doesNotContain("your-strong");
        assertThat(message("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).contains("fewer than 8 distinct characters");
        assertThat(SecretKeyRules.check("Zp4s8vLq2Wn7Kd1Rt6Yh3Jm9Xc5Bf0Ga")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latchkey.access-token-ttl=3s", "latchkey.bcrypt-cost=3"})
    void anOutOfRangePropertyStopsTheStartWithItsRangeAndNoStackTrace(String property, CapturedOutput output) {
        assertThatThrownBy(() -> start(property, "latchkey.secret-key=Zp4s8vLq2Wn7Kd1Rt6Yh3Jm9Xc5Bf0Ga"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Latchkey cannot start: ")
                .containsAnyOf("accessTokenTtl must be", "bcryptCost must be");
    }

    @Test
    void theAnalysisNamesThePropertyAndTheRemedy() {
        FailureAnalysis analysis = new SecretKeyFailureAnalyzer().analyze(
                new IllegalStateException(new InvalidSecretKeyException("latchkey.secret-key is not set.")));
        assertThat(analysis.getDescription()).contains("latchkey.secret-key is not set.");
        assertThat(analysis.getAction()).contains("latchkey.secret-key").contains("at least 32 bytes");
    }

    private static String message(String secret) {
        try {
            SecretKeyRules.check(secret);
            throw new AssertionError("accepted " + secret);
        } catch (InvalidSecretKeyException e) {
            return e.getMessage();
        }
    }

    private static void start(String... properties) {
        new SpringApplicationBuilder(NoDatabase.class).web(WebApplicationType.NONE).properties(properties).run().close();
    }

    /** A data source no one answers at: the key is refused before it is used. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(LatchkeyAutoConfiguration.class)
    static class NoDatabase {
        @Bean
        DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:1/nowhere");
            return ds;
        }
    }
}
