package dev.latchkey.spring;

import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.Administration.FirstAdministrator;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * {@code latchkey.admin.bootstrap-emails}: how the first administrators are made, with no default
 * credentials. Once the context's beans are made, and while no user holds the administrator role,
 * each listed user who is active and has verified the email gets it
 * ({@link Administration#makeFirstAdministrators}); an email nobody has or that is not verified is
 * logged and skipped, so registering a listed address grants nothing.
 */
public final class BootstrapAdministrators implements SmartInitializingSingleton {

    private static final System.Logger LOG = System.getLogger(BootstrapAdministrators.class.getName());

    private final Latchkey latchkey;
    private final List<String> emails;

    /** Grants the role to the users with these emails when the context has started. */
    public BootstrapAdministrators(Latchkey latchkey, List<String> emails) {
        this.latchkey = latchkey;
        this.emails = List.copyOf(emails);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (emails.isEmpty()) {
            return;
        }
        String role = latchkey.config().adminRole();
        Map<String, FirstAdministrator> outcomes;
        try {
            outcomes = latchkey.admin(Actor.system("latchkey.admin.bootstrap-emails")).makeFirstAdministrators(emails);
        } catch (LatchkeyException e) {
            LOG.log(Level.WARNING, "latchkey.admin.bootstrap-emails: could not grant the " + role + " role: "
                    + e.getMessage());
            return;
        }
        String setting = "latchkey.admin.bootstrap-emails: ";
        outcomes.forEach((email, outcome) -> {
            switch (outcome) {
                case GRANTED -> LOG.log(Level.INFO, setting + email + " has the " + role + " role");
                case HELD_ALREADY -> LOG.log(Level.INFO, setting + email + " has the " + role + " role already");
                case NO_SUCH_USER -> LOG.log(Level.WARNING, setting + "no user has the email " + email
                        + "; register it and verify the email, then restart to grant the " + role + " role");
                case EMAIL_NOT_VERIFIED -> LOG.log(Level.WARNING, setting + email + " has not verified its email"
                        + " (anyone may register an address); not granted");
                case DISABLED -> LOG.log(Level.WARNING, setting + email + " is disabled; not granted");
                case ADMINISTRATOR_EXISTS -> LOG.log(Level.INFO, setting + email
                        + " left alone: an administrator exists already");
                default -> throw new IllegalStateException(outcome.name());
            }
        });
    }
}
