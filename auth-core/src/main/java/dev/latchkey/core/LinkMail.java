package dev.latchkey.core;

import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import dev.latchkey.core.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Issues a single-use token and mails its link, on the delivery threads: a request only hands the
 * job over, so it takes the same time whatever the job finds.
 */
final class LinkMail {

    private final OneTimeTokenRepository store;
    private final OneTimeTokens tokens;
    private final MailDelivery delivery;
    private final MailTemplates templates;
    private final LatchkeyConfig config;
    private final Clock clock;

    LinkMail(OneTimeTokenRepository store, OneTimeTokens tokens, MailDelivery delivery, MailTemplates templates,
            LatchkeyConfig config, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.delivery = delivery;
        this.templates = templates;
        this.config = config;
        this.clock = clock;
    }

    /** Runs {@code job} on the delivery threads. */
    void later(Runnable job) {
        delivery.execute(job);
    }

    /** The language for a reader who prefers {@code languages}. */
    Locale language(List<Locale> languages) {
        return templates.language(languages);
    }

    /** Issues a token of {@code purpose} for the user's current email (replacing older ones) and sends it. */
    void issueAndSend(User user, TokenPurpose purpose, Locale language) {
        Duration ttl = purpose == TokenPurpose.PASSWORD_RESET ? config.resetLinkTtl() : config.verificationLinkTtl();
        String token = tokens.generate();
        Instant now = clock.instant();
        store.issue(new OneTimeToken(OneTimeTokens.hash(token), purpose, user.id(), user.email(), now, now.plus(ttl)));
        delivery.send(templates.render(purpose, language, user.realName(), user.email(), token, ttl));
    }
}
