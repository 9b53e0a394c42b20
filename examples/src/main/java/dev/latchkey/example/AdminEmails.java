package dev.latchkey.example;

import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code ADMIN_EMAILS}: how the first administrator is made, with no default credentials. At
 * start-up, each listed email that belongs to a user gets the administrator role (granting it again
 * changes nothing); an email that belongs to nobody is reported and skipped, so that registering it
 * later grants nothing. Only with the in-memory store in {@code DEBUG} mode, where no user exists at
 * start-up, does registering a listed email grant the role, and the service warns about it.
 */
final class AdminEmails implements AuthEventListener {

    private final Set<String> emails;
    private final boolean onRegistration;
    private final PrintStream err;
    private final AtomicReference<Latchkey> latchkey = new AtomicReference<>();

    AdminEmails(List<String> emails, boolean onRegistration, PrintStream err) {
        this.emails = emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.onRegistration = onRegistration && !emails.isEmpty();
        this.err = err;
    }

    /** Grants the role to the listed users that exist; reports the rest. */
    void grantAtStart(Latchkey service) {
        latchkey.set(service);
        if (emails.isEmpty()) {
            return;
        }
        if (onRegistration) {
            err.println("WARNING: DEBUG with the in-memory store: registering one of ADMIN_EMAILS grants it the "
                    + service.config().adminRole() + " role. Never run like this in production.");
            return;
        }
        for (String email : emails) {
            try {
                actor(service).userByEmail(email).ifPresentOrElse(
                        user -> {
                            actor(service).grantRole(user.id(), service.config().adminRole());
                            err.println("ADMIN_EMAILS: " + email + " has the " + service.config().adminRole() + " role.");
                        },
                        () -> err.println("WARNING: ADMIN_EMAILS: no user has the email " + email
                                + "; register it, then restart to grant the role."));
            } catch (LatchkeyException e) {
                err.println("WARNING: ADMIN_EMAILS: could not grant the role to " + email + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void onRegistered(AuthEvent.Registered event) {
        Latchkey service = latchkey.get();
        if (onRegistration && service != null
                && emails.contains(event.account().email().toLowerCase(Locale.ROOT))) {
            actor(service).grantRole(event.account().id(), service.config().adminRole());
        }
    }

    private static Administration actor(Latchkey service) {
        return service.admin(Actor.system("ADMIN_EMAILS"));
    }
}
