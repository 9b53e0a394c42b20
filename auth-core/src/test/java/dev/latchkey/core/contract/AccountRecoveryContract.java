package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.AccessDeniedException;
import dev.latchkey.core.Account;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.ThrottledException;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.mail.Mail;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.testing.RecordingMailSender;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.UserRepository;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Password reset and email verification over real stores, from the request to the mail to the
 * link: an adapter's test extends this class and supplies fresh stores. Two Latchkey instances on
 * the same stores stand for two nodes.
 */
public abstract class AccountRecoveryContract {

    private static final String NEW_PASSWORD = "a new password 123";

    private UserRepository users;
    private SessionRepository sessions;
    private OneTimeTokenRepository oneTimeTokens;
    private LoginThrottle throttle;
    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final RecordingMailSender mailbox = new RecordingMailSender();
    private final RecordingListener events = new RecordingListener();
    private ScheduledExecutorService mailThread;
    private MailDelivery delivery;
    private Latchkey node;
    private Latchkey otherNode;

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty session repository over the users. */
    protected abstract SessionRepository createSessionRepository();

    /** A new, empty token repository beside the users. */
    protected abstract OneTimeTokenRepository createOneTimeTokenRepository();

    /** A new, empty throttle beside the users. */
    protected abstract LoginThrottle createThrottle();

    @BeforeEach
    void setUp() {
        users = createUserRepository();
        sessions = createSessionRepository();
        oneTimeTokens = createOneTimeTokenRepository();
        throttle = createThrottle();
        mailThread = Executors.newSingleThreadScheduledExecutor();
        delivery = MailDelivery.builder(mailbox).executor(mailThread).firstRetryDelay(Duration.ofMillis(1)).build();
        node = node(Fixtures.unthrottledConfig().build(), true);
        otherNode = node(Fixtures.unthrottledConfig().build(), false);
    }

    @AfterEach
    void stopMail() {
        mailThread.shutdownNow();
    }

    private Latchkey node(LatchkeyConfig config, boolean listen) {
        Latchkey.Builder builder = Latchkey.builder().users(users).sessions(sessions).oneTimeTokens(oneTimeTokens)
                .throttle(throttle).keys(KeyRing.hs256(Fixtures.SECRET)).config(config).clock(clock)
                .mail(delivery, MailTemplates.builder(URI.create("https://app.example.com/")).build());
        return listen ? builder.listener(events).build() : builder.build();
    }

    /** Waits until the mail thread did everything handed to it so far, and the sends those jobs queued. */
    private void mailThreadIdle() throws Exception {
        mailThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        mailThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private Account registered() throws Exception {
        Account account = node.register(Fixtures.registration("recovery-" + UUID.randomUUID() + "@example.com"),
                Fixtures.CLIENT);
        mailThreadIdle();
        mailbox.unread();
        return account;
    }

    private LoginResult login(Latchkey on, Account account, String password) {
        return on.login(account.email(), password, "device", Fixtures.CLIENT);
    }

    private String resetToken(Account account) throws Exception {
        node.requestPasswordReset(account.email(), Fixtures.CLIENT, List.of());
        Mail mail = mailbox.next();
        assertThat(mail.to()).isEqualTo(account.email());
        return RecordingMailSender.token(mail);
    }

    @Test
    void aResetLinkSetsTheNewPasswordOnceAndEndsEverySessionOnBothNodes() throws Exception {
        Account account = registered();
        LoginResult here = login(node, account, Fixtures.PASSWORD);
        LoginResult there = login(otherNode, account, Fixtures.PASSWORD);
        String token = resetToken(account);

        node.resetPassword(token, NEW_PASSWORD, Fixtures.CLIENT);

        assertThatThrownBy(() -> node.verify(here.accessToken().value())).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> otherNode.refresh(there.refreshToken(), Fixtures.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        otherNode.syncEndedSessions();
        assertThatThrownBy(() -> otherNode.verify(there.accessToken().value()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> login(node, account, Fixtures.PASSWORD))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(login(otherNode, account, NEW_PASSWORD).account().id()).isEqualTo(account.id());
        assertThatThrownBy(() -> node.resetPassword(token, "yet another password", Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("token"));
        assertThat(events.of(AuthEvent.PasswordReset.class)).hasSize(1);
    }

    @Test
    void anUnknownEmailGetsTheSameCallAndNoMail() throws Exception {
        node.requestPasswordReset("nobody-" + UUID.randomUUID() + "@example.com", Fixtures.CLIENT, List.of());
        node.requestPasswordReset("not an email", Fixtures.CLIENT, List.of());
        mailThreadIdle();

        assertThat(mailbox.unread()).isEmpty();
        assertThat(events.of(AuthEvent.PasswordResetRequested.class)).hasSize(2);
    }

    @Test
    void aDisabledAccountGetsNoResetMail() throws Exception {
        Account account = registered();
        node.disableUser(account.id());

        node.requestPasswordReset(account.email(), Fixtures.CLIENT, List.of());
        mailThreadIdle();

        assertThat(mailbox.unread()).isEmpty();
    }

    @Test
    void anExpiredLinkIsRefusedAndChangesNothing() throws Exception {
        Account account = registered();
        String token = resetToken(account);
        clock.advance(Duration.ofMinutes(30));

        assertThatThrownBy(() -> node.resetPassword(token, NEW_PASSWORD, Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
        assertThat(login(node, account, Fixtures.PASSWORD).account().id()).isEqualTo(account.id());
    }

    @Test
    void aNewerLinkReplacesTheOlderOne() throws Exception {
        Account account = registered();
        String older = resetToken(account);
        String newer = resetToken(account);

        assertThatThrownBy(() -> node.resetPassword(older, NEW_PASSWORD, Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
        node.resetPassword(newer, NEW_PASSWORD, Fixtures.CLIENT);
    }

    @Test
    void changingThePasswordMakesAnOutstandingLinkUseless() throws Exception {
        Account account = registered();
        String token = resetToken(account);
        LoginResult login = login(node, account, Fixtures.PASSWORD);

        node.changePassword(node.verify(login.accessToken().value()), Fixtures.PASSWORD, "changed password 1",
                Fixtures.CLIENT);

        assertThatThrownBy(() -> node.resetPassword(token, NEW_PASSWORD, Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aPasswordThePolicyRefusesLeavesTheLinkUsable() throws Exception {
        Account account = registered();
        String token = resetToken(account);

        assertThatThrownBy(() -> node.resetPassword(token, "short", Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("new_password"));
        node.resetPassword(token, NEW_PASSWORD, Fixtures.CLIENT);
    }

    @Test
    void aLinkUsedFromThirtyTwoThreadsAtOnceResetsThePasswordOnce() throws Exception {
        Account account = registered();
        String token = resetToken(account);

        List<Boolean> results = Race.run(32, i -> {
            try {
                node.resetPassword(token, NEW_PASSWORD + i, Fixtures.CLIENT);
                return true;
            } catch (ValidationException refused) {
                return false;
            }
        });

        assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(1);
        int winner = results.indexOf(true);
        assertThat(login(node, account, NEW_PASSWORD + winner).account().id()).isEqualTo(account.id());
    }

    @Test
    void resetRequestsAreThrottledPerEmailWhetherOrNotItIsAnAccounts() throws Exception {
        Latchkey strict = node(Fixtures.unthrottledConfig()
                .recoveryThrottle(new ThrottlePolicy(2, Duration.ofHours(1))).build(), false);
        Account account = registered();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (String email : List.of(account.email(), unknown)) {
            strict.requestPasswordReset(email, Fixtures.CLIENT, List.of());
            strict.requestPasswordReset(email.toUpperCase(Locale.ROOT), Fixtures.CLIENT, List.of());
            assertThatThrownBy(() -> strict.requestPasswordReset(email, Fixtures.CLIENT, List.of()))
                    .isInstanceOf(ThrottledException.class);
        }
    }

    @Test
    void badLinksAreThrottledPerAddress() throws Exception {
        Latchkey strict = node(Fixtures.unthrottledConfig()
                .recoveryAddressThrottle(new ThrottlePolicy(3, Duration.ofMinutes(15))).build(), false);
        Account account = registered();
        String token = resetToken(account);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> strict.resetPassword("x".repeat(43), NEW_PASSWORD, Fixtures.CLIENT))
                    .isInstanceOf(ValidationException.class);
        }

        assertThatThrownBy(() -> strict.resetPassword(token, NEW_PASSWORD, Fixtures.CLIENT))
                .isInstanceOf(ThrottledException.class);
    }

    @Test
    void registrationMailsAVerificationLinkThatVerifiesTheEmailOnce() throws Exception {
        Account account = node.register(Fixtures.registration("verify-" + UUID.randomUUID() + "@example.com"),
                Fixtures.CLIENT, List.of(Locale.KOREAN));
        assertThat(account.emailVerified()).isFalse();
        Mail mail = mailbox.next();
        assertThat(mail.subject()).isEqualTo("이메일 주소 확인");
        String token = RecordingMailSender.token(mail);

        Account verified = node.verifyEmail(token, Fixtures.CLIENT);

        assertThat(verified.emailVerified()).isTrue();
        assertThat(node.currentUser(node.verify(login(node, account, Fixtures.PASSWORD).accessToken().value()))
                .emailVerified()).isTrue();
        assertThatThrownBy(() -> node.verifyEmail(token, Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
        assertThat(events.of(AuthEvent.EmailVerified.class)).hasSize(1);
    }

    @Test
    void aResetTokenIsNoVerificationTokenNorTheOtherWayRound() throws Exception {
        Account account = node.register(Fixtures.registration("verify-" + UUID.randomUUID() + "@example.com"),
                Fixtures.CLIENT);
        String verification = RecordingMailSender.token(mailbox.next());
        String reset = resetToken(account);

        assertThatThrownBy(() -> node.verifyEmail(reset, Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> node.resetPassword(verification, NEW_PASSWORD, Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void withVerifiedEmailRequiredALoginIsRefusedUntilTheLinkIsOpened() throws Exception {
        Latchkey strict = node(Fixtures.unthrottledConfig().requireVerifiedEmail(true).build(), false);
        Account account = strict.register(Fixtures.registration("strict-" + UUID.randomUUID() + "@example.com"),
                Fixtures.CLIENT);
        String token = RecordingMailSender.token(mailbox.next());

        assertThatThrownBy(() -> login(strict, account, Fixtures.PASSWORD)).isInstanceOf(AccessDeniedException.class)
                .as("the way out when the link is lost").hasMessageContaining("forgot password");
        assertThatThrownBy(() -> login(strict, account, "wrong password 1"))
                .isInstanceOf(InvalidCredentialsException.class);
        strict.verifyEmail(token, Fixtures.CLIENT);
        assertThat(login(strict, account, Fixtures.PASSWORD).account().emailVerified()).isTrue();
    }

    @Test
    void aPasswordResetVerifiesTheEmailItWasSentTo() throws Exception {
        Account account = registered();
        assertThat(account.emailVerified()).isFalse();

        node.resetPassword(resetToken(account), NEW_PASSWORD, Fixtures.CLIENT);

        assertThat(login(node, account, NEW_PASSWORD).account().emailVerified()).isTrue();
    }

    @Test
    void askingForANewVerificationLinkReplacesTheOldOne() throws Exception {
        Account account = node.register(Fixtures.registration("resend-" + UUID.randomUUID() + "@example.com"),
                Fixtures.CLIENT);
        String first = RecordingMailSender.token(mailbox.next());

        node.sendVerificationEmail(node.verify(login(node, account, Fixtures.PASSWORD).accessToken().value()),
                Fixtures.CLIENT, List.of());
        String second = RecordingMailSender.token(mailbox.next());

        assertThatThrownBy(() -> node.verifyEmail(first, Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
        assertThat(node.verifyEmail(second, Fixtures.CLIENT).emailVerified()).isTrue();
    }

    @Test
    void changingTheEmailUnverifiesItMailsTheNewAddressAndVoidsOldLinks() throws Exception {
        Account account = registered();
        String reset = resetToken(account);
        node.resetPassword(reset, NEW_PASSWORD, Fixtures.CLIENT);
        String staleReset = resetToken(account);
        String newEmail = "changed-" + UUID.randomUUID() + "@example.com";

        Account changed = node.changeEmail(account.id(), newEmail, List.of());

        assertThat(changed.emailVerified()).isFalse();
        Mail mail = mailbox.next();
        assertThat(mail.to()).isEqualTo(newEmail);
        assertThatThrownBy(() -> node.resetPassword(staleReset, "another password 1", Fixtures.CLIENT))
                .isInstanceOf(ValidationException.class);
        assertThat(node.verifyEmail(RecordingMailSender.token(mail), Fixtures.CLIENT).email()).isEqualTo(newEmail);
    }

    @Test
    void expiredTokensAreCleanedUp() throws Exception {
        Account account = registered();
        resetToken(account);
        clock.advance(Duration.ofHours(25));

        assertThat(node.deleteExpiredOneTimeTokens()).isGreaterThanOrEqualTo(1);
        assertThat(node.deleteExpiredOneTimeTokens()).isZero();
    }
}
