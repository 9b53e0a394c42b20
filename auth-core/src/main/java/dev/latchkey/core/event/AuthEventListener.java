package dev.latchkey.core.event;

/**
 * Hears every {@link AuthEvent}. Every method does nothing by default, so a host overrides only
 * those it cares about. Listeners are called on the thread that caused the event, after the
 * change was stored; an exception thrown by a listener is logged and does not undo anything.
 */
public interface AuthEventListener {

    /** A listener that ignores everything. */
    AuthEventListener NONE = new AuthEventListener() { };

    /** A user registered. */
    default void onRegistered(AuthEvent.Registered event) {
    }

    /** A login succeeded. */
    default void onLoginSucceeded(AuthEvent.LoginSucceeded event) {
    }

    /** A login failed. */
    default void onLoginFailed(AuthEvent.LoginFailed event) {
    }

    /** A login was throttled. */
    default void onLoginThrottled(AuthEvent.LoginThrottled event) {
    }

    /** A registration was throttled. */
    default void onRegistrationThrottled(AuthEvent.RegistrationThrottled event) {
    }

    /** A refresh token was used. */
    default void onRefreshed(AuthEvent.Refreshed event) {
    }

    /** A replaced refresh token was reused: probable theft. */
    default void onRefreshTokenReuseDetected(AuthEvent.RefreshTokenReuseDetected event) {
    }

    /** One session ended. */
    default void onSessionEnded(AuthEvent.SessionEnded event) {
    }

    /** All sessions of a user ended. */
    default void onAllSessionsEnded(AuthEvent.AllSessionsEnded event) {
    }

    /** A password was changed. */
    default void onPasswordChanged(AuthEvent.PasswordChanged event) {
    }

    /** A password reset was asked for. */
    default void onPasswordResetRequested(AuthEvent.PasswordResetRequested event) {
    }

    /** A password was reset with a link. */
    default void onPasswordReset(AuthEvent.PasswordReset event) {
    }

    /** A reset or verification link was refused. */
    default void onOneTimeTokenRefused(AuthEvent.OneTimeTokenRefused event) {
    }

    /** An email was verified. */
    default void onEmailVerified(AuthEvent.EmailVerified event) {
    }

    /** An email was changed. */
    default void onEmailChanged(AuthEvent.EmailChanged event) {
    }

    /** An administrator acted. */
    default void onAdminAction(AuthEvent.AdminAction event) {
    }

    /** Calls the method for the event's kind; override to see every event in one place. */
    default void onEvent(AuthEvent event) {
        if (event instanceof AuthEvent.Registered e) {
            onRegistered(e);
        } else if (event instanceof AuthEvent.LoginSucceeded e) {
            onLoginSucceeded(e);
        } else if (event instanceof AuthEvent.LoginFailed e) {
            onLoginFailed(e);
        } else if (event instanceof AuthEvent.LoginThrottled e) {
            onLoginThrottled(e);
        } else if (event instanceof AuthEvent.RegistrationThrottled e) {
            onRegistrationThrottled(e);
        } else if (event instanceof AuthEvent.Refreshed e) {
            onRefreshed(e);
        } else if (event instanceof AuthEvent.RefreshTokenReuseDetected e) {
            onRefreshTokenReuseDetected(e);
        } else if (event instanceof AuthEvent.SessionEnded e) {
            onSessionEnded(e);
        } else if (event instanceof AuthEvent.AllSessionsEnded e) {
            onAllSessionsEnded(e);
        } else if (event instanceof AuthEvent.PasswordChanged e) {
            onPasswordChanged(e);
        } else if (event instanceof AuthEvent.AdminAction e) {
            onAdminAction(e);
        } else if (event instanceof AuthEvent.PasswordResetRequested e) {
            onPasswordResetRequested(e);
        } else if (event instanceof AuthEvent.PasswordReset e) {
            onPasswordReset(e);
        } else if (event instanceof AuthEvent.OneTimeTokenRefused e) {
            onOneTimeTokenRefused(e);
        } else if (event instanceof AuthEvent.EmailVerified e) {
            onEmailVerified(e);
        } else if (event instanceof AuthEvent.EmailChanged e) {
            onEmailChanged(e);
        }
    }
}
