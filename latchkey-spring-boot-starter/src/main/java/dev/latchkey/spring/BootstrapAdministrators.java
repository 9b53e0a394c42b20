package dev.latchkey.spring;

import dev.latchkey.core.Actor;
import dev.latchkey.core.Administration;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyException;
import java.lang.System.Logger.Level;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * {@code latchkey.admin.bootstrap-emails}: how the first administrators are made, with no default
 * credentials. Once the context's beans are made, each listed email that belongs to a user gets the
 * administrator role (granting it again changes nothing); an email nobody has is logged and skipped,
 * so that registering it later grants nothing until the next start.
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
        String role = latchkey.config().adminRole();
        Administration admin = latchkey.admin(Actor.system("latchkey.admin.bootstrap-emails"));
        for (String email : emails) {
            try {
                admin.userByEmail(email).ifPresentOrElse(
                        user -> {
                            admin.grantRole(user.id(), role);
                            LOG.log(Level.INFO, "latchkey.admin.bootstrap-emails: " + email + " has the " + role + " role");
                        },
                        () -> LOG.log(Level.WARNING, "latchkey.admin.bootstrap-emails: no user has the email " + email
                                + "; register it, then restart to grant the " + role + " role"));
            } catch (LatchkeyException e) {
                LOG.log(Level.WARNING, "latchkey.admin.bootstrap-emails: could not grant the role to " + email + ": "
                        + e.getMessage());
            }
        }
    }
}
