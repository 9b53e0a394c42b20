package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import dev.latchkey.core.mail.MailDelivery;
import dev.latchkey.core.mail.MailTemplates;
import dev.latchkey.core.memory.InMemoryOneTimeTokenRepository;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.EndedSession;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.token.AccessTokens;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.RolesRevoked;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Latchkey: the one entry point a host needs. Register users, log them in (one session per
 * device), refresh, verify access tokens, log out one device or all, list sessions.
 *
 * <pre>{@code
 * InMemoryUserRepository users = new InMemoryUserRepository();
 * Latchkey latchkey = Latchkey.builder()
 *         .users(users)
 *         .sessions(new InMemorySessionRepository(users))
 *         .keys(KeyRing.hs256(secretKey))
 *         .build();
 * LoginResult login = latchkey.login("test@example.com", "testpassword123", "Chrome", ClientInfo.of("203.0.113.7"));
 * VerifiedAccessToken caller = latchkey.verify(login.accessToken().value());
 * }</pre>
 *
 * <p>What it hands back holds no secret: users as {@link Account}s, sessions as
 * {@link DeviceSession}s, never the storage records with their hashes.
 *
 * <p>Failures are {@link LatchkeyException}s: a sealed hierarchy a host maps to its answers.
 * Instances are thread-safe; build one per service and share it. Building one does no I/O, so a
 * service starts while its store is down; the sessions that ended before it started (whose access
 * tokens may still be out there, for at most an access token's lifetime) are read on the first
 * verification, or by a first {@link #syncEndedSessions()} call a host can make at start. Until
 * that read succeeds, such a token is not known to be revoked on this instance.
 */
public final class Latchkey {

    private static final Logger LOG = Logger.getLogger(Latchkey.class.getName());
    private static final int SYNC_BATCH = 1000;
    private static final int CLEAN_UP_BATCH = 500;

    private final LatchkeyConfig config;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final KeyRing keys;
    private final Clock clock;
    private final AccessTokens tokens;
    private final UserRegistration registration;
    private final PasswordLogin login;
    private final TokenRefresh refresh;
    private final SessionLifecycle lifecycle;
    private final PasswordChange passwordChange;
    private final AttemptLimits attempts;
    private final Events events;
    private final OneTimeTokenRepository oneTimeTokens;
    private final PasswordReset passwordReset;
    private final EmailVerification emailVerification;
    private final boolean mailConfigured;
    private Instant syncedUntil;
    private Instant rolesSyncedUntil;
    /** Whether the ended sessions have been read from the store at least once. */
    private volatile boolean synced;
    /** Set while one caller of {@link #verify} tries the first read; the others do not wait for it. */
    private final AtomicBoolean firstSyncRunning = new AtomicBoolean();
    /** When a verification may try the first read again after it failed. */
    private volatile Instant nextFirstSyncAttempt = Instant.MIN;

    private Latchkey(Builder b) {
        this.config = b.config;
        this.users = b.users;
        this.sessions = b.sessions;
        this.keys = b.keys;
        this.clock = b.clock;
        Events events = new Events(b.listener);
        Duration retention = config.accessTokenTtl().plus(config.clockSkew());
        PasswordHasher hasher = new PasswordHasher(config.bcryptCost(), b.random);
        byte[] successorSecret = b.successorSecret != null
                ? b.successorSecret
                : keys.deriveSecret("latchkey refresh-token successor");
        RefreshTokens refreshTokens = new RefreshTokens(b.random, successorSecret);
        this.tokens = new AccessTokens(keys, config.issuer(), config.audience(), config.accessTokenTtl(),
                config.clockSkew(), clock, b.claims);
        this.events = events;
        LoginThrottle throttle = b.throttle != null ? b.throttle : new InMemoryLoginThrottle();
        this.attempts = new AttemptLimits(throttle, config);
        this.registration = new UserRegistration(users, hasher, attempts, clock, events);
        this.lifecycle = new SessionLifecycle(users, sessions, tokens, clock, events);
        this.login = new PasswordLogin(users, sessions, hasher, attempts, refreshTokens, tokens, lifecycle,
                config.refreshTokenTtl(), config.requireVerifiedEmail(), clock, events);
        this.refresh = new TokenRefresh(sessions, refreshTokens, tokens, lifecycle, config.refreshTokenRotation(),
                config.reuseGracePeriod(), config.idleTimeout(), clock, events);
        this.oneTimeTokens = b.oneTimeTokens;
        this.passwordChange = new PasswordChange(users, oneTimeTokens, hasher, attempts, lifecycle, clock, events);
        this.mailConfigured = b.delivery != null;
        MailDelivery delivery = b.delivery != null ? b.delivery : MailDelivery.builder(mail -> LOG.warning(
                "No mail sender is configured (Latchkey.Builder#mail): " + mail + " was not sent")).attempts(1).build();
        MailTemplates templates = b.templates != null ? b.templates
                : MailTemplates.builder(URI.create("http://localhost/")).build();
        LinkMail links = new LinkMail(oneTimeTokens, new OneTimeTokens(b.random), delivery, templates, config, clock);
        this.passwordReset = new PasswordReset(users, oneTimeTokens, hasher, attempts, lifecycle, links, clock, events);
        this.emailVerification = new EmailVerification(users, oneTimeTokens, attempts, links, clock, events);
        // Sessions ended before this process started still have live access tokens out there; they
        // are read on the first verification (or the first syncEndedSessions call), not here, so
        // that building the façade does no I/O and works while the store is down.
        this.syncedUntil = clock.instant().minus(retention);
        this.rolesSyncedUntil = syncedUntil;
    }

    /** A builder; {@link Builder#users}, {@link Builder#sessions} and {@link Builder#keys} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers a user on a client's request: throttled per client address (see
     * {@link LatchkeyConfig#registrationThrottle()}) and by how many registrations hash at once.
     * A taken email costs the same time as a new one.
     *
     * @throws ValidationException listing every invalid field
     * @throws ThrottledException if the address registered too often, or too many registrations
     *     are under way
     * @throws DuplicateEmailException if the email is taken (case-insensitively)
     */
    public Account register(Registration registration, ClientInfo client) {
        return register(registration, client, List.of());
    }

    /**
     * Registers a user on a client's request, as {@link #register(Registration, ClientInfo)}, and
     * mails the verification link (when mail is configured) in the first of {@code languages} that
     * the templates have.
     */
    public Account register(Registration registration, ClientInfo client, List<Locale> languages) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(languages, "languages");
        Account account = this.registration.register(registration, client);
        if (mailConfigured) {
            emailVerification.send(account.id(), languages);
        }
        return account;
    }

    /**
     * Registers a user that no client asked for (an import, an administrator's tool): not throttled
     * per address, but still bounded by how many registrations hash at once. No verification link
     * is mailed; the user gets one with {@link #sendVerificationEmail}, and a password reset
     * verifies the email too.
     *
     * @throws ValidationException listing every invalid field
     * @throws ThrottledException if too many registrations are under way
     * @throws DuplicateEmailException if the email is taken (case-insensitively)
     */
    public Account register(Registration registration) {
        return this.registration.register(registration, null);
    }

    /**
     * Logs in and opens a new session for the device.
     *
     * @param deviceName a name the client gives its device, or null
     * @param client where the request came from
     * @throws ValidationException if the email or password is missing, or the device name is bad
     * @throws ThrottledException if too many password checks failed for the account (from this
     *     address, or from all together) or from the address
     * @throws InvalidCredentialsException for an unknown email, a wrong password or a disabled
     *     account, and for a login overtaken by an end of every session of the user (revoke-all,
     *     password change, disabling): such a login's session is ended, never handed out
     */
    public LoginResult login(String email, String password, String deviceName, ClientInfo client) {
        Objects.requireNonNull(client, "client");
        return login.login(email, password, deviceName, client);
    }

    /**
     * Exchanges a refresh token for a new access token (and, with rotation, a new refresh token).
     * Besides Latchkey's own tokens, a session imported from another system accepts the token its
     * client holds, of whatever shape that system gave it (1 to 4,096 printable ASCII characters
     * without spaces); its successor under rotation is a Latchkey token.
     *
     * @throws InvalidTokenException if the token is malformed, unknown, expired, revoked or replaced
     */
    public RefreshResult refresh(String refreshToken, ClientInfo client) {
        Objects.requireNonNull(client, "client");
        return refresh.refresh(refreshToken, client);
    }

    /**
     * Verifies an access token, without I/O — except until the sessions ended before this
     * instance was built have been read from the store once: until then, one caller at a time
     * (at most once a second) reads them first, and the others verify without waiting. While the
     * store cannot be reached, tokens are verified without that list (see the class comment).
     *
     * @throws InvalidTokenException if it fails any check or its session has ended
     */
    public VerifiedAccessToken verify(String accessToken) {
        if (!synced) {
            trySyncFirst();
        }
        return tokens.verify(accessToken);
    }

    private void trySyncFirst() {
        Instant now = clock.instant();
        if (now.isBefore(nextFirstSyncAttempt) || !firstSyncRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!synced) {
                syncEndedSessions();
            }
        } catch (StorageUnavailableException e) {
            nextFirstSyncAttempt = now.plusSeconds(1);
            LOG.log(Level.WARNING, "Could not read the sessions ended before this instance started; access tokens"
                    + " are verified without them until the store answers: " + e.getMessage());
        } finally {
            firstSyncRunning.set(false);
        }
    }

    /**
     * Ends the caller's session, and the session of {@code refreshToken} if that is the same
     * user's (null for none; any token {@link #refresh} would look up). Its access tokens are
     * refused from now on.
     */
    public void logout(VerifiedAccessToken caller, String refreshToken) {
        lifecycle.logout(caller, refreshToken);
    }

    /**
     * Ends every session of the caller's user, on every device; every access token issued until
     * now is refused from now on.
     *
     * @return how many sessions this ended
     */
    public int revokeAll(VerifiedAccessToken caller) {
        int ended = lifecycle.endAll(caller.userId(), EndReason.REVOKE_ALL, null).size();
        learnEndsFromOtherNodes();
        return ended;
    }

    /**
     * After ending every (other) session of a user: reads the sessions other nodes ended, so that
     * those of this user are refused here at once too. Without it, a session another node ended a
     * moment before — which this call therefore did not end — would still pass here until the
     * feed delivers its end, whenever its access token was issued in the same second as the
     * revoke-all's cut-off.
     */
    private void learnEndsFromOtherNodes() {
        syncEndedSessions();
    }

    /**
     * Ends one of the caller's sessions (logs one device out).
     *
     * @throws SessionNotFoundException if there is no such session
     * @throws AccessDeniedException if the session is another user's
     */
    public void endSession(VerifiedAccessToken caller, SessionId sessionId) {
        lifecycle.endOwnSession(caller, sessionId);
    }

    /** The caller's usable sessions, newest first. */
    public List<DeviceSession> sessions(VerifiedAccessToken caller) {
        Instant now = clock.instant();
        return Views.deviceSessions(sessions.findUsable(caller.userId(),
                new Usable(now, config.idleTimeout().map(now::minus).orElse(Instant.MIN))));
    }

    /**
     * The caller's user.
     *
     * @throws InvalidTokenException if the user no longer exists
     */
    public Account currentUser(VerifiedAccessToken caller) {
        return users.findById(caller.userId()).map(Views::account)
                .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Reason.REVOKED));
    }

    /**
     * Changes the caller's password and ends every other session of the user. Checking the current
     * password counts like a login: a wrong one is a failed login of the account from
     * {@code client}'s address, and too many are throttled.
     *
     * @throws ValidationException if the current password is wrong or the new one breaks the policy
     * @throws ThrottledException if too many password checks of the account failed
     */
    public void changePassword(VerifiedAccessToken caller, String currentPassword, String newPassword,
            ClientInfo client) {
        Objects.requireNonNull(client, "client");
        passwordChange.change(caller, currentPassword, newPassword, client);
        learnEndsFromOtherNodes();
    }

    /**
     * Asks for a password reset link for {@code email}: if it is an existing, active account's, a
     * single-use link (valid for {@link LatchkeyConfig#resetLinkTtl()}) is mailed to it, in the
     * first of {@code languages} that the templates have. The call returns as soon as the work is
     * handed to the mail threads and does the same whether or not the account exists; it never says
     * which. Counted per email asked for and per client address.
     *
     * @throws ValidationException if the email is missing
     * @throws ThrottledException if too many resets were asked for this email or from this address
     */
    public void requestPasswordReset(String email, ClientInfo client, List<Locale> languages) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(languages, "languages");
        passwordReset.request(email, client, languages);
    }

    /**
     * Sets a new password with the token of a reset link: the token is used up (exactly once, also
     * under concurrent use), and every session and access token of the user ends at once, as after
     * revoke-all. A user who had not verified the email has it verified now (the link reached it).
     * Bad tokens are counted per client address.
     *
     * @throws ValidationException if the new password breaks the policy ({@code new_password}), or the
     *     token is unknown, used, replaced by a newer one, expired, or its user disabled ({@code token});
     *     nothing changes then
     * @throws ThrottledException if too many bad tokens came from this address
     */
    public void resetPassword(String token, String newPassword, ClientInfo client) {
        Objects.requireNonNull(client, "client");
        passwordReset.reset(token, newPassword, client);
        learnEndsFromOtherNodes();
    }

    /**
     * Verifies the email with the token of a verification link (used up exactly once).
     *
     * @return the user, with {@link Account#emailVerified()} true
     * @throws ValidationException if the token is unknown, used, replaced, expired, or was sent to an
     *     address the user no longer has
     * @throws ThrottledException if too many bad tokens came from this address
     */
    public Account verifyEmail(String token, ClientInfo client) {
        Objects.requireNonNull(client, "client");
        return emailVerification.verify(token, client);
    }

    /**
     * Mails the caller a new verification link (older ones stop working), unless the email is
     * verified already; returns at once. Counted like a password reset request.
     *
     * @throws ThrottledException if too many were asked for this account or from this address
     * @throws InvalidTokenException if the user no longer exists
     */
    public void sendVerificationEmail(VerifiedAccessToken caller, ClientInfo client, List<Locale> languages) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(languages, "languages");
        emailVerification.resend(caller.userId(), client, languages);
    }

    /**
     * Changes a user's email: it is not verified until the link mailed to the new address is opened,
     * and every reset or verification link sent before stops working.
     *
     * @return the user as changed
     * @throws ValidationException if the email is not acceptable
     * @throws DuplicateEmailException if another user has it
     * @throws UserNotFoundException if there is no such user
     */
    public Account changeEmail(UserId userId, String newEmail, List<Locale> languages) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(languages, "languages");
        return emailVerification.changeEmail(userId, newEmail, languages);
    }

    /**
     * Disables a user: logins fail and every session ends now.
     *
     * @return whether the user exists
     */
    public boolean disableUser(UserId userId) {
        if (!users.setActive(userId, false)) {
            return false;
        }
        lifecycle.endAll(userId, EndReason.ACCOUNT_DISABLED, null);
        learnEndsFromOtherNodes();
        return true;
    }

    /**
     * Enables a disabled user again.
     *
     * @return whether the user exists
     */
    public boolean enableUser(UserId userId) {
        return users.setActive(userId, true);
    }

    /**
     * The administration, for a caller holding the administrator role
     * ({@link LatchkeyConfig#adminRole()}, default {@code admin}). The token must carry the role, and
     * the stored user must still hold it and be active: a role removed or a user disabled on another
     * node a moment ago (before this node's revocation list heard of it) stops the caller too.
     *
     * @throws AccessDeniedException if the caller's token or stored user lacks the administrator role
     * @throws InvalidTokenException if the caller's user no longer exists or is disabled
     */
    public Administration admin(VerifiedAccessToken caller) {
        Objects.requireNonNull(caller, "caller");
        if (!caller.roles().contains(config.adminRole())) {
            throw new AccessDeniedException("This needs the " + config.adminRole() + " role");
        }
        // The token is checked against the revocation list; the stored user decides as well, so an
        // administrator disabled or demoted a moment ago on another node acts no more.
        Account admin = currentUser(caller);
        if (!admin.active()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.REVOKED);
        }
        if (!admin.roles().contains(config.adminRole())) {
            throw new AccessDeniedException("This needs the " + config.adminRole() + " role");
        }
        return new Administration(this, new Actor(admin.id(), admin.email()));
    }

    /**
     * The administration for the host itself, named in the events it publishes: for a start-up
     * setting that makes the first administrator, a command-line tool, a host's own back office
     * that checked its caller already.
     */
    public Administration admin(Actor actor) {
        return new Administration(this, actor);
    }

    UserPage listUsers(UserSearch search, int page, int size) {
        long total = users.count(search);
        List<Account> found = users.search(search, (long) page * size, size).stream().map(Views::account).toList();
        return new UserPage(found, page, size, total);
    }

    Optional<Account> findByEmail(String email) {
        return users.findByEmail(email.strip()).map(Views::account);
    }

    Account account(UserId userId) {
        return users.findById(userId).map(Views::account).orElseThrow(UserNotFoundException::new);
    }

    UserDetails userDetails(UserId userId) {
        Account account = users.findById(userId).map(Views::account).orElseThrow(UserNotFoundException::new);
        Instant now = clock.instant();
        List<DeviceSession> usable = Views.deviceSessions(sessions.findUsable(userId,
                new Usable(now, config.idleTimeout().map(now::minus).orElse(Instant.MIN))));
        return new UserDetails(account, usable);
    }

    Account setActive(UserId userId, boolean active) {
        if (!(active ? enableUser(userId) : disableUser(userId))) {
            throw new UserNotFoundException();
        }
        return users.findById(userId).map(Views::account).orElseThrow(UserNotFoundException::new);
    }

    UserId endAnySession(SessionId sessionId) {
        Session session = sessions.findById(Objects.requireNonNull(sessionId, "sessionId"))
                .filter(s -> !s.isEnded())
                .orElseThrow(SessionNotFoundException::new);
        lifecycle.end(sessionId, EndReason.ENDED_BY_ADMIN);
        return session.userId();
    }

    Account grantRole(UserId userId, String role) {
        return users.grantRole(userId, role).map(Views::account).orElseThrow(UserNotFoundException::new);
    }

    Account removeRole(UserId userId, String role) {
        Instant now = clock.instant();
        User after = users.removeRole(userId, role, now).orElseThrow(UserNotFoundException::new);
        if (after.rolesVersion() > 0) {
            // Whether this call removed it or an earlier one did (and another node may not have told
            // this one yet), the tokens under an older version are refused here from now on.
            tokens.rolesRevoked(userId, after.rolesVersion(), now);
        }
        return Views.account(after);
    }

    void published(Actor actor, AuthEvent.AdminAction.Kind kind, UserId userId, String detail) {
        events.publish(new AuthEvent.AdminAction(clock.instant(), actor, kind, userId, detail));
    }

    /** The public JWK set JSON for {@code /.well-known/jwks.json} (no keys with HS256). */
    public String publicJwkSet() {
        return keys.publicJwkSet();
    }

    /**
     * Reads sessions ended since the last call (by any node sharing the store), and users who lost a
     * role since then, so that their access tokens are refused here from now on; call it on a
     * schedule to bound how long another node's logout or role removal takes to reach this one.
     * The window overlaps the previous one by the clock-skew leeway, so that nodes whose clocks
     * differ a little miss nothing.
     *
     * @return how many ended sessions were read
     */
    public synchronized int syncEndedSessions() {
        Instant since = syncedUntil.minus(config.clockSkew());
        int total = 0;
        while (true) {
            List<EndedSession> batch = sessions.findEndedSince(since, SYNC_BATCH);
            for (EndedSession ended : batch) {
                tokens.sessionEnded(ended.sessionId(), ended.endedAt());
                if (ended.endedAt().isAfter(syncedUntil)) {
                    syncedUntil = ended.endedAt();
                }
            }
            total += batch.size();
            Instant last = batch.isEmpty() ? since : batch.get(batch.size() - 1).endedAt();
            if (batch.size() < SYNC_BATCH || !last.isAfter(since)) {
                break;
            }
            since = last;
        }
        syncRolesRevoked();
        Instant now = clock.instant();
        if (now.isAfter(syncedUntil)) {
            syncedUntil = now;
        }
        if (now.isAfter(rolesSyncedUntil)) {
            rolesSyncedUntil = now;
        }
        tokens.forgetExpiredRevocations(now);
        synced = true;
        return total;
    }

    /** Reads the role removals since the last call, the same way as the ended sessions. */
    private void syncRolesRevoked() {
        Instant since = rolesSyncedUntil.minus(config.clockSkew());
        while (true) {
            List<RolesRevoked> batch = users.findRolesRevokedSince(since, SYNC_BATCH);
            for (RolesRevoked revoked : batch) {
                tokens.rolesRevoked(revoked.userId(), revoked.rolesVersion(), revoked.revokedAt());
                if (revoked.revokedAt().isAfter(rolesSyncedUntil)) {
                    rolesSyncedUntil = revoked.revokedAt();
                }
            }
            Instant last = batch.isEmpty() ? since : batch.get(batch.size() - 1).revokedAt();
            if (batch.size() < SYNC_BATCH || !last.isAfter(since)) {
                return;
            }
            since = last;
        }
    }

    /**
     * Forgets throttle records whose attempts have all left their window, in small batches. The
     * in-memory throttle does this by itself as it goes; a shared store needs it on a schedule.
     *
     * @return how many records were deleted
     */
    public int deleteExpiredThrottleRecords() {
        return attempts.deleteExpired(clock.instant(), CLEAN_UP_BATCH);
    }

    /**
     * Deletes sessions that expired or were ended more than {@code keepFinishedFor} ago, in small
     * batches (never one large delete).
     *
     * @return how many were deleted
     */
    public int deleteFinishedSessions(Duration keepFinishedFor) {
        Instant before = clock.instant().minus(keepFinishedFor);
        return inBatches(() -> sessions.deleteFinished(before, CLEAN_UP_BATCH));
    }

    /**
     * Deletes reset and verification tokens that have expired, in small batches; {@link #cleanUp}
     * runs it with the rest.
     *
     * @return how many were deleted
     */
    public int deleteExpiredOneTimeTokens() {
        Instant now = clock.instant();
        return inBatches(() -> oneTimeTokens.deleteExpired(now, CLEAN_UP_BATCH));
    }

    /**
     * The whole scheduled clean-up of a shared store, in small batches: sessions finished more than
     * {@code keepFinishedFor} ago, throttle records out of their window, expired reset and
     * verification tokens. Run it on a schedule (every few minutes); each part is also callable alone.
     *
     * @return how many rows were deleted in all
     */
    public int cleanUp(Duration keepFinishedFor) {
        return deleteFinishedSessions(keepFinishedFor) + deleteExpiredThrottleRecords() + deleteExpiredOneTimeTokens();
    }

    /** Runs {@code batch} until it deletes less than a whole batch; the total deleted. */
    private static int inBatches(IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == CLEAN_UP_BATCH);
        return total;
    }

    /** The configuration in force. */
    public LatchkeyConfig config() {
        return config;
    }

    /**
     * Builds a {@link Latchkey}. Each setting may be given once; the repositories and the keys
     * are required, everything else has a default.
     */
    public static final class Builder {
        private UserRepository users;
        private SessionRepository sessions;
        private KeyRing keys;
        private LatchkeyConfig config;
        private Clock clock;
        private SecureRandom random;
        private AuthEventListener listener;
        private LoginThrottle throttle;
        private byte[] successorSecret;
        private AccessTokenClaims claims;
        private OneTimeTokenRepository oneTimeTokens;
        private MailDelivery delivery;
        private MailTemplates templates;

        private Builder() {
        }

        /** Claims to add to every access token (default: none); see {@link AccessTokenClaims}. */
        public Builder claims(AccessTokenClaims value) {
            requireUnset(claims, "claims");
            this.claims = Objects.requireNonNull(value, "claims");
            return this;
        }

        /** Where users are stored (required). */
        public Builder users(UserRepository value) {
            requireUnset(users, "users");
            this.users = Objects.requireNonNull(value, "users");
            return this;
        }

        /** Where sessions are stored (required). */
        public Builder sessions(SessionRepository value) {
            requireUnset(sessions, "sessions");
            this.sessions = Objects.requireNonNull(value, "sessions");
            return this;
        }

        /**
         * Where reset and verification tokens are stored (default: in this process's memory). Nodes
         * that share a store must share this too, or a link works only on the node that mailed it.
         */
        public Builder oneTimeTokens(OneTimeTokenRepository value) {
            requireUnset(oneTimeTokens, "oneTimeTokens");
            this.oneTimeTokens = Objects.requireNonNull(value, "oneTimeTokens");
            return this;
        }

        /**
         * How reset and verification mails are sent and worded (default: none are sent, and a
         * password reset request logs a warning). With it, a registration mails a verification link.
         */
        public Builder mail(MailDelivery delivery, MailTemplates templates) {
            requireUnset(this.delivery, "mail");
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /** The keys access tokens are signed and verified with (required). */
        public Builder keys(KeyRing value) {
            requireUnset(keys, "keys");
            this.keys = Objects.requireNonNull(value, "keys");
            return this;
        }

        /** The configuration (default: {@link LatchkeyConfig#defaults()}). */
        public Builder config(LatchkeyConfig value) {
            requireUnset(config, "config");
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The time source (default: the system clock in UTC, in whole microseconds). */
        public Builder clock(Clock value) {
            requireUnset(clock, "clock");
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The randomness for salts and tokens (default: a new {@link SecureRandom}). */
        public Builder random(SecureRandom value) {
            requireUnset(random, "random");
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Who hears the events (default: nobody). */
        public Builder listener(AuthEventListener value) {
            requireUnset(listener, "listener");
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Where password checks and registrations are counted (default: in this process's memory).
         * Nodes that share a store should share the throttle too, or each allows the full count.
         */
        public Builder throttle(LoginThrottle value) {
            requireUnset(throttle, "throttle");
            this.throttle = Objects.requireNonNull(value, "throttle");
            return this;
        }

        /**
         * The server-side secret rotated refresh tokens are derived with, at least 32 bytes and the
         * same on every node (default: derived from the signing key).
         */
        public Builder refreshTokenSecret(byte[] value) {
            requireUnset(successorSecret, "refreshTokenSecret");
            Objects.requireNonNull(value, "refreshTokenSecret");
            if (value.length < 32) {
                throw new IllegalArgumentException("refreshTokenSecret must have at least 32 bytes, has " + value.length);
            }
            this.successorSecret = value.clone();
            return this;
        }

        /**
         * The configured Latchkey.
         *
         * @throws IllegalStateException if the repositories or the keys are missing
         */
        public Latchkey build() {
            if (users == null || sessions == null || keys == null) {
                throw new IllegalStateException("Latchkey needs users(…), sessions(…) and keys(…); missing:"
                        + (users == null ? " users" : "") + (sessions == null ? " sessions" : "")
                        + (keys == null ? " keys" : ""));
            }
            if (config == null) {
                config = LatchkeyConfig.defaults();
            }
            if (clock == null) {
                // Microseconds: what PostgreSQL keeps, so an answer and a later read of it agree.
                clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
            }
            if (random == null) {
                random = new SecureRandom();
            }
            if (listener == null) {
                listener = AuthEventListener.NONE;
            }
            if (claims == null) {
                claims = AccessTokenClaims.NONE;
            }
            if (oneTimeTokens == null) {
                oneTimeTokens = new InMemoryOneTimeTokenRepository();
            }
            return new Latchkey(this);
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
