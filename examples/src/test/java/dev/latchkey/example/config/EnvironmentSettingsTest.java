package dev.latchkey.example.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentSettingsTest {

    private static EnvironmentSettings load(Map<String, String> env) {
        return EnvironmentSettings.load(env, Map.of());
    }

    @Test
    void withNothingSetTheDefaultsOfApiMdApply() {
        EnvironmentSettings settings = load(Map.of());

        assertThat(settings.config().accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.config().refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.config().refreshTokenRotation()).isFalse();
        assertThat(settings.config().reuseGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.config().bcryptCost()).isEqualTo(12);
        assertThat(settings.secretKey()).isEmpty();
        assertThat(settings.databaseUrl()).isEmpty();
        assertThat(settings.debug()).isFalse();
        assertThat(settings.pool()).isEqualTo(new PoolSettings(20, 30, Duration.ofSeconds(3600)));
        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.smtp()).isEmpty();
        assertThat(settings.appBaseUrl()).hasToString("http://localhost:8000/");
        assertThat(settings.mailLanguage()).isEqualTo(Locale.ENGLISH);
        assertThat(settings.config().requireVerifiedEmail()).isFalse();
    }

    @Test
    void theMailSettingsAreRead() {
        EnvironmentSettings settings = load(Map.of(
                "SMTP_HOST", "smtp.example.com",
                "SMTP_USERNAME", "no-reply@example.com",
                "SMTP_PASSWORD", "app-password",
                "SMTP_FROM", "no-reply@example.com",
                "APP_BASE_URL", "https://app.example.com/login",
                "MAIL_LANGUAGE", "ko",
                "REQUIRE_VERIFIED_EMAIL", "True",
                "PORT", "9000"));

        SmtpSettings smtp = settings.smtp().orElseThrow();
        assertThat(smtp.host()).isEqualTo("smtp.example.com");
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(smtp.username()).contains("no-reply@example.com");
        assertThat(smtp.toString()).doesNotContain("app-password");
        assertThat(settings.appBaseUrl()).hasToString("https://app.example.com/login");
        assertThat(settings.mailLanguage()).isEqualTo(Locale.KOREAN);
        assertThat(settings.config().requireVerifiedEmail()).isTrue();
        assertThat(load(Map.of("PORT", "9000")).appBaseUrl()).hasToString("http://localhost:9000/");
        assertThat(load(Map.of("SMTP_HOST", "mail", "SMTP_FROM", "a@example.com", "SMTP_SSL", "True",
                "APP_BASE_URL", "https://app.example.com/")).smtp()
                .orElseThrow()).extracting(SmtpSettings::port, SmtpSettings::security)
                .containsExactly(465, SmtpSettings.Security.TLS);
        assertThat(load(Map.of("SMTP_HOST", "localhost", "SMTP_PORT", "1025", "SMTP_FROM", "a@example.com",
                "SMTP_STARTTLS", "False", "DEBUG", "True")).smtp().orElseThrow().security())
                .isEqualTo(SmtpSettings.Security.NONE);
    }

    @ParameterizedTest
    @CsvSource({
        "APP_BASE_URL, localhost:8000", "APP_BASE_URL, ftp://example.com/", "APP_BASE_URL, https://app.example.com/#x",
        "APP_BASE_URL, /relative", "APP_BASE_URL, https://user:secret@app.example.com/", "MAIL_LANGUAGE, fr",
        "REQUIRE_VERIFIED_EMAIL, perhaps"})
    void aBadMailValueIsRefusedNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> load(Map.of(name, value)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(name)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void mailSettingsThatCannotWorkTogetherAreRefused() {
        assertThatThrownBy(() -> load(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_FROM", "a@example.com")))
                .as("links to localhost in real mail").isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("APP_BASE_URL must be set with SMTP_HOST");
        assertThat(load(Map.of("SMTP_HOST", "localhost", "SMTP_FROM", "a@example.com", "DEBUG", "True")).appBaseUrl())
                .as("locally, in DEBUG").hasToString("http://localhost:8000/");
        assertThatThrownBy(() -> load(Map.of("REQUIRE_VERIFIED_EMAIL", "True")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("needs SMTP_HOST");
        assertThat(load(Map.of("REQUIRE_VERIFIED_EMAIL", "True", "DEBUG", "True")).config().requireVerifiedEmail())
                .as("DEBUG prints the mails").isTrue();
        assertThatThrownBy(() -> load(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_FROM", "a@example.com",
                "APP_BASE_URL", "https://app.example.com/", "SMTP_SSL", "True", "SMTP_STARTTLS", "True")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("contradict");
    }

    @Test
    void incompleteSmtpSettingsAreRefused() {
        assertThatThrownBy(() -> load(Map.of("SMTP_HOST", "smtp.example.com")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SMTP_FROM");
        assertThatThrownBy(() -> load(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_FROM", "not an address")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SMTP_FROM");
        assertThatThrownBy(() -> load(Map.of("SMTP_HOST", "smtp.example.com", "SMTP_FROM", "a@example.com",
                "SMTP_USERNAME", "user"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("SMTP_PASSWORD");
        assertThatThrownBy(() -> load(Map.of("SMTP_PORT", "25")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SMTP_HOST");
    }

    @Test
    void theGuidesProductionValuesAreRead() {
        EnvironmentSettings settings = load(Map.of(
                "DEBUG", "False",
                "SECRET_KEY", "your-strong-secret-key-change-this",
                "DATABASE_URL", "postgresql://postgres:2300@host:5432/platform_integration",
                "ACCESS_TOKEN_EXPIRE_MINUTES", "15",
                "REFRESH_TOKEN_EXPIRE_DAYS", "30"));

        assertThat(settings.config().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.config().refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.secretKey()).contains("your-strong-secret-key-change-this");
        assertThat(settings.databaseUrl()).contains("postgresql://postgres:2300@host:5432/platform_integration");
    }

    @Test
    void extensionsAndPoolSettingsAreRead() {
        EnvironmentSettings settings = load(Map.of(
                "REFRESH_TOKEN_ROTATION", "True", "REFRESH_TOKEN_REUSE_GRACE_SECONDS", "3",
                "DB_POOL_SIZE", "5", "DB_MAX_OVERFLOW", "0", "DB_POOL_RECYCLE", "600", "PORT", "9090",
                "BCRYPT_COST", "10", "TOKEN_ISSUER", "https://auth.example", "TOKEN_AUDIENCE", "api",
                "SESSION_IDLE_TIMEOUT_MINUTES", "60"));

        assertThat(settings.config().refreshTokenRotation()).isTrue();
        assertThat(settings.config().reuseGracePeriod()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.pool()).isEqualTo(new PoolSettings(5, 0, Duration.ofSeconds(600)));
        assertThat(settings.pool().maxConnections()).isEqualTo(5);
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.config().bcryptCost()).isEqualTo(10);
        assertThat(settings.config().issuer()).isEqualTo("https://auth.example");
        assertThat(settings.config().audience()).isEqualTo("api");
        assertThat(settings.config().idleTimeout()).contains(Duration.ofHours(1));
    }

    @Test
    void realEnvironmentVariablesWinOverTheDotEnvFile() {
        EnvironmentSettings settings = EnvironmentSettings.load(
                Map.of("PORT", "9001", "DEBUG", ""),
                Map.of("PORT", "9000", "DEBUG", "True", "SECRET_KEY", "from-dot-env-0123456789abcdef0123"));

        assertThat(settings.port()).isEqualTo(9001);
        assertThat(settings.debug()).as("an empty variable counts as unset").isTrue();
        assertThat(settings.secretKey()).contains("from-dot-env-0123456789abcdef0123");
    }

    @ParameterizedTest
    @CsvSource({"True,true", "true,true", "1,true", "yes,true", "on,true", "False,false", "false,false",
        "0,false", "no,false", "off,false"})
    void booleansAreReadAsPythonAndShellsWriteThem(String text, boolean expected) {
        assertThat(load(Map.of("DEBUG", text)).debug()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "ACCESS_TOKEN_EXPIRE_MINUTES, abc", "ACCESS_TOKEN_EXPIRE_MINUTES, 0", "ACCESS_TOKEN_EXPIRE_MINUTES, 1.5",
        "REFRESH_TOKEN_EXPIRE_DAYS, -1", "REFRESH_TOKEN_EXPIRE_DAYS, 999", "DEBUG, maybe", "PORT, 70000",
        "PORT, http", "DB_POOL_SIZE, 0", "DB_MAX_OVERFLOW, -3", "DB_POOL_RECYCLE, 5", "BCRYPT_COST, 3",
        "REFRESH_TOKEN_ROTATION, sometimes", "REFRESH_TOKEN_REUSE_GRACE_SECONDS, 301"})
    void aBadValueIsRefusedNamingTheVariableAndTheValue(String name, String value) {
        assertThatThrownBy(() -> load(Map.of(name, value)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void lifetimesThatContradictEachOtherAreRefused() {
        assertThatThrownBy(() -> load(Map.of("ACCESS_TOKEN_EXPIRE_MINUTES", "1440", "REFRESH_TOKEN_EXPIRE_DAYS", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("refreshTokenTtl");
    }
}
