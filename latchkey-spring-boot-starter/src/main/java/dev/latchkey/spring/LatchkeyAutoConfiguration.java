package dev.latchkey.spring;

import dev.latchkey.core.AccessTokenClaims;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.LatchkeySchema;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.RevocationFeed;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailSender;
import dev.latchkey.core.mail.MailTemplates;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link Latchkey} façade on the application's {@link DataSource} (PostgreSQL): the schema applied
 * at start-up, the revocation feed started and stopped with the context, expired rows deleted on a
 * schedule, and the first administrators granted their role. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(LatchkeyProperties.class)
public class LatchkeyAutoConfiguration {

    /** Latchkey's settings, from the {@code latchkey.*} properties. */
    @Bean
    @ConditionalOnMissingBean
    public LatchkeyConfig latchkeyConfig(LatchkeyProperties properties) {
        try {
            LatchkeyConfig.Builder builder = LatchkeyConfig.builder()
                    .accessTokenTtl(properties.accessTokenTtl())
                    .refreshTokenTtl(properties.refreshTokenTtl())
                    .refreshTokenRotation(properties.refreshTokenRotation())
                    .reuseGracePeriod(properties.reuseGracePeriod())
                    .bcryptCost(properties.bcryptCost())
                    .issuer(properties.issuer())
                    .audience(properties.audience())
                    .clockSkew(properties.clockSkew())
                    .adminRole(properties.admin().role())
                    .requireVerifiedEmail(properties.requireVerifiedEmail());
            if (properties.idleTimeout() != null) {
                builder.idleTimeout(properties.idleTimeout());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("latchkey.*", e.getMessage(), e);
        }
    }

    /** The HS256 key from {@code latchkey.secret-key}; refused at start-up when it is missing or weak. */
    @Bean
    @ConditionalOnMissingBean
    public KeyRing latchkeyKeyRing(LatchkeyProperties properties) {
        return KeyRing.hs256(SecretKeyRules.check(properties.secretKey()));
    }

    /** The PostgreSQL storage on the application's data source, its schema applied unless switched off. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DataSource.class)
    public PostgresStorage latchkeyStorage(DataSource dataSource, LatchkeyProperties properties) {
        PostgresStorage storage = PostgresStorage.create(dataSource);
        if (properties.applySchemaOnStart()) {
            storage.schema().migrate();
        } else {
            int current = storage.schema().currentVersion();
            if (current < LatchkeySchema.latestVersion()) {
                throw new InvalidPropertyException("latchkey.apply-schema-on-start", "the database holds Latchkey's"
                        + " schema at version " + current + " of " + LatchkeySchema.latestVersion() + ", and"
                        + " latchkey.apply-schema-on-start is false: apply the SQL files of auth-jdbi's jar"
                        + " (db/latchkey) with your migration tool, or switch the property on", null);
            }
        }
        return storage;
    }

    /**
     * The façade, on the storage, with every {@link AuthEventListener} bean hearing the events and the
     * host's {@link AccessTokenClaims} bean, if any, adding claims.
     */
    @Bean
    @ConditionalOnMissingBean
    public Latchkey latchkey(LatchkeyConfig config, KeyRing keys, PostgresStorage storage,
            ObjectProvider<AuthEventListener> listeners, ObjectProvider<AccessTokenClaims> claims,
            ObjectProvider<MailDelivery> mailDelivery, ObjectProvider<MailTemplates> mailTemplates) {
        Latchkey.Builder builder = Latchkey.builder()
                .config(config)
                .keys(keys)
                .users(storage.users())
                .sessions(storage.sessions())
                .throttle(storage.loginThrottle())
                .oneTimeTokens(storage.oneTimeTokens());
        MailDelivery delivery = mailDelivery.getIfUnique();
        MailTemplates templates = mailTemplates.getIfUnique();
        if (delivery != null && templates != null) {
            builder.mail(delivery, templates);
        }
        List<AuthEventListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(new AllListeners(all));
        }
        claims.ifUnique(builder::claims);
        return builder.build();
    }

    /**
     * Sessions ended and roles removed on other nodes reach this one through PostgreSQL's
     * notifications (and a poll as a safety net); stopped with the context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(PostgresStorage.class)
    public RevocationFeed latchkeyRevocationFeed(PostgresStorage storage, Latchkey latchkey,
            LatchkeyProperties properties) {
        return storage.startRevocationFeed(latchkey, properties.revocationPollInterval());
    }

    /** Deletes expired and ended sessions and old throttle records on a schedule; stopped with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LatchkeyCleanUp latchkeyCleanUp(Latchkey latchkey, LatchkeyProperties properties) {
        return new LatchkeyCleanUp(latchkey, properties.cleanUpInterval(), properties.keepFinishedSessions());
    }

    /**
     * Sends the application's mail off the request thread, retrying failed sends, once the
     * application defines a {@link MailSender} (for SMTP, auth-core's {@code SmtpMailSender}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(MailSender.class)
    @ConditionalOnMissingBean
    public MailDelivery latchkeyMailDelivery(MailSender sender) {
        return MailDelivery.builder(sender).build();
    }

    /** The built-in English and Korean mails, their links under {@code latchkey.mail.link-base-url}. */
    @Bean
    @ConditionalOnBean(MailSender.class)
    @ConditionalOnMissingBean
    public MailTemplates latchkeyMailTemplates(LatchkeyProperties properties) {
        URI base = properties.mail().linkBaseUrl();
        if (base == null) {
            throw new IllegalStateException("latchkey.mail.link-base-url is not set: with a MailSender bean, the"
                    + " reset and verification mails need the address of the page that opens their links");
        }
        return MailTemplates.builder(base)
                .defaultLanguage(Locale.forLanguageTag(properties.mail().defaultLanguage())).build();
    }

    /** Grants the administrator role to the users of {@code latchkey.admin.bootstrap-emails} at start-up. */
    @Bean
    @ConditionalOnMissingBean
    public BootstrapAdministrators latchkeyBootstrapAdministrators(Latchkey latchkey, LatchkeyProperties properties) {
        return new BootstrapAdministrators(latchkey, properties.admin().bootstrapEmails());
    }

    /** Hands each event to every listener, in their order. */
    private record AllListeners(List<AuthEventListener> listeners) implements AuthEventListener {
        @Override
        public void onEvent(AuthEvent event) {
            for (AuthEventListener listener : listeners) {
                listener.onEvent(event);
            }
        }
    }
}
