package dev.latchkey.example;

import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.Administration.FirstAdministrator;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code ADMIN_EMAILS}: how the first administrator is made, with no default credentials. At
 * start-up, while no user holds the administrator role, each listed user who is active and has
 * verified the email gets it ({@link Administration#makeFirstAdministrators}); an email nobody has
 * or that is not verified is reported and skipped, so that registering a listed address grants
 * nothing. Only with the in-memory store in {@code DEBUG} mode, where no user exists at
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
        String role = service.config().adminRole();
        Map<String, FirstAdministrator> outcomes;
        try {
            outcomes = actor(service).makeFirstAdministrators(emails);
        } catch (LatchkeyException e) {
            err.println("WARNING: ADMIN_EMAILS: could not grant the " + role + " role: " + e.getMessage());
            return;
        }
        outcomes.forEach((email, outcome) -> err.println(switch (outcome) {
            case GRANTED -> "ADMIN_EMAILS: " + email + " has the " + role + " role.";
            case HELD_ALREADY -> "ADMIN_EMAILS: " + email + " has the " + role + " role already.";
            case NO_SUCH_USER -> "WARNING: ADMIN_EMAILS: no user has the email " + email
                    + "; register it and open the verification link, then restart to grant the role.";
            case EMAIL_NOT_VERIFIED -> "WARNING: ADMIN_EMAILS: " + email + " has not verified its email (anyone may"
                    + " register an address); open the verification link, then restart to grant the role.";
            case DISABLED -> "WARNING: ADMIN_EMAILS: " + email + " is disabled; not granted.";
            case ADMINISTRATOR_EXISTS -> "ADMIN_EMAILS: " + email + " left alone: an administrator exists already"
                    + " (the list only makes the first ones).";
        }));
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
