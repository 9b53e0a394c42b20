package dev.latchkey.core.session;

/** Why a session was ended. */
public enum EndReason {
    /** The user logged out on that device. */
    LOGOUT,
    /** The user ended this one session from another (log one device out). */
    REVOKED,
    /** The user logged out every device at once. */
    REVOKE_ALL,
    /** The user changed the password; every other session ends. */
    PASSWORD_CHANGED,
    /** A replaced refresh token was presented again after the grace period: likely theft. */
    REFRESH_TOKEN_REUSE,
    /** The account was disabled. */
    ACCOUNT_DISABLED,
    /**
     * Every session of the user was ended (revoke-all, password change, disabling) while this
     * login was in progress: the login failed and its session never reached the client.
     */
    LOGIN_INTERRUPTED,
    /** An administrator ended this session. */
    ENDED_BY_ADMIN
}
