package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.RevocationFeed;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Which beans the starter makes, and that each one backs off for the application's own, on a real
 * PostgreSQL (no server started).
 */
@ExtendWith(TestPostgres.class)
class StarterWiringTest {

    private static final String SCHEMA = "latchkey_spring_wiring";
    private static final String SECRET = "Hv5Nc2Rx8Lm1Pq4Tw7Zb0Ks3Df6Gj9Ya";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class, LatchkeyWebAutoConfiguration.class,
                    LatchkeySecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class))
            .withBean(DataSource.class, () -> TestPostgres.dataSource(SCHEMA))
            .withPropertyValues("latchkey.secret-key=" + SECRET, "latchkey.bcrypt-cost=4");

    @BeforeAll
    static void schema() {
        TestPostgres.recreateSchema(SCHEMA);
    }

    @Test
    void theStarterMakesTheFacadeItsStorageAndItsHttpAndSecurityParts() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Latchkey.class).hasSingleBean(PostgresStorage.class)
                    .hasSingleBean(RevocationFeed.class).hasSingleBean(LatchkeyCleanUp.class)
                    .hasSingleBean(BootstrapAdministrators.class).hasSingleBean(LatchkeyPaths.class)
                    .hasSingleBean(JwtDecoder.class).hasSingleBean(JwtAuthenticationConverter.class)
                    .hasSingleBean(AuthenticationEntryPoint.class).hasSingleBean(AccessDeniedHandler.class);
            assertThat(context).hasBean("latchkeyServlet").hasBean("latchkeyAdminServlet").hasBean("latchkeyJwksServlet")
                    .hasBean(LatchkeyWebAutoConfiguration.FIREWALL)
                    .hasBean(LatchkeySecurityAutoConfiguration.ENDPOINTS_CHAIN)
                    .hasBean("latchkeyDefaultSecurityFilterChain");
            assertThat(mappings(context, "latchkeyServlet"))
                    .containsExactly("/api/auth/*");
            assertThat(mappings(context, "latchkeyAdminServlet"))
                    .containsExactly("/api/admin/*");
            assertThat(context.getBean(LatchkeyWebAutoConfiguration.FIREWALL, FilterRegistrationBean.class).getOrder())
                    .isEqualTo(Integer.MIN_VALUE);
            // The schema was applied at start-up.
            assertThat(context.getBean(PostgresStorage.class).schema().currentVersion())
                    .isEqualTo(dev.latchkey.jdbi.LatchkeySchema.latestVersion());
        });
    }

    @Test
    void theRevocationFeedAndTheCleanUpStopWithTheContext() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Thread> started = new ArrayList<>();
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().startsWith("latchkey-"))
                    .forEach(started::add);
        });
        assertThat(started).extracting(Thread::getName)
                .contains("latchkey-revocation-feed", "latchkey-clean-up");
        for (Thread thread : started) {
            thread.join(5_000);
            assertThat(thread.isAlive()).as(thread.getName() + " after the context closed").isFalse();
        }
    }

    @Test
    void theApplicationsOwnBeansReplaceTheStartersDefaults() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LatchkeyConfig.class)).isSameAs(OwnBeans.CONFIG);
            assertThat(context.getBean(Latchkey.class).config().accessTokenTtl()).isEqualTo(Duration.ofMinutes(2));
            assertThat(context.getBean(JwtDecoder.class)).isSameAs(OwnBeans.DECODER);
            assertThat(context.getBean(AccessDeniedHandler.class)).isSameAs(OwnBeans.DENIED);
            assertThat(mappings(context, "latchkeyServlet"))
                    .containsExactly("/login-here/*");
        });
    }

    @Test
    void anotherKeyRingNeedsNoSecretKey() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
                .withBean(DataSource.class, () -> TestPostgres.dataSource(SCHEMA))
                .withBean(KeyRing.class, () -> KeyRing.hs256(SECRET + SECRET))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Latchkey.class));
    }

    @Test
    void withoutTheSchemaOnStartMissingTablesStopTheStartWithWhatToDo() {
        TestPostgres.recreateSchema("latchkey_spring_no_schema");
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
                .withBean(DataSource.class, () -> TestPostgres.dataSource("latchkey_spring_no_schema"))
                .withPropertyValues("latchkey.secret-key=" + SECRET, "latchkey.apply-schema-on-start=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidPropertyException.class)
                            .hasMessageContaining("schema at version 0 of").hasMessageContaining("db/latchkey");
                    assertThat(PostgresStorage.create(TestPostgres.dataSource("latchkey_spring_no_schema")).schema()
                            .currentVersion()).as("nothing was created").isZero();
                });
    }

    @Test
    void withoutTheSchemaOnStartTablesAppliedByAMigrationToolAreUsedAsTheyAre() {
        TestPostgres.recreateSchema("latchkey_spring_own_schema");
        PostgresStorage.create(TestPostgres.dataSource("latchkey_spring_own_schema")).schema().migrate();
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
                .withBean(DataSource.class, () -> TestPostgres.dataSource("latchkey_spring_own_schema"))
                .withPropertyValues("latchkey.secret-key=" + SECRET, "latchkey.apply-schema-on-start=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Latchkey.class));
    }

    private static Collection<String> mappings(ApplicationContext context, String name) {
        return ((ServletRegistrationBean<?>) context.getBean(name)).getUrlMappings();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final LatchkeyConfig CONFIG = LatchkeyConfig.builder().accessTokenTtl(Duration.ofMinutes(2))
                .bcryptCost(4).build();
        static final JwtDecoder DECODER = token -> {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("never");
        };
        static final AccessDeniedHandler DENIED = (request, response, e) -> response.sendError(418);

        @Bean
        LatchkeyConfig myConfig() {
            return CONFIG;
        }

        @Bean
        JwtDecoder myDecoder() {
            return DECODER;
        }

        @Bean
        AccessDeniedHandler myDeniedHandler() {
            return DENIED;
        }

        @Bean
        ServletRegistrationBean<?> latchkeyServlet() {
            return new ServletRegistrationBean<>(new dev.latchkey.servlet.JwksServlet(), "/login-here/*");
        }
    }
}
