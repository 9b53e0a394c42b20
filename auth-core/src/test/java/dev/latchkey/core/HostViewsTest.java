package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.user.User;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a host gets back from Latchkey holds no secret: no value reachable from the façade's
 * results, or from the events its listener hears, has an accessor for a password, a password hash
 * or a refresh token hash. Passwords go in (as arguments); nothing about them comes out.
 */
class HostViewsTest {

    private static final Pattern SECRET = Pattern.compile("(?i).*(hash|password|secret).*");

    @Test
    void nothingReachableFromTheFacadeOrItsEventsHasASecretAccessor() {
        Set<Class<?>> reachable = reachableFrom(Latchkey.class, AuthEvent.class);

        List<String> leaks = new ArrayList<>();
        for (Class<?> type : reachable) {
            for (Method method : type.getMethods()) {
                if (isAccessor(method) && SECRET.matcher(method.getName()).matches()) {
                    leaks.add(type.getName() + "." + method.getName() + "()");
                }
            }
        }

        assertThat(reachable).contains(Account.class, DeviceSession.class, LoginResult.class, RefreshResult.class,
                AuthEvent.LoginSucceeded.class);
        assertThat(leaks).isEmpty();
    }

    @Test
    void theStorageRecordsAreNotHandedToHosts() {
        assertThat(reachableFrom(Latchkey.class, AuthEvent.class)).doesNotContain(User.class, Session.class);
    }

    /**
     * A public method that takes nothing and returns something: what serialisers and loggers read
     * ({@code hashCode} is every object's, and no secret).
     */
    private static boolean isAccessor(Method method) {
        return method.getParameterCount() == 0 && method.getReturnType() != void.class
                && !Modifier.isStatic(method.getModifiers()) && !method.getName().equals("hashCode");
    }

    /**
     * The Latchkey types reachable from the roots through the generic return types of public
     * methods, and through the kinds of a sealed root.
     */
    private static Set<Class<?>> reachableFrom(Class<?>... roots) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>(List.of(roots));
        while (!queue.isEmpty()) {
            Class<?> type = queue.removeFirst();
            if (!type.getName().startsWith("dev.latchkey.") || !seen.add(type)) {
                continue;
            }
            if (type.isSealed()) {
                queue.addAll(List.of(type.getPermittedSubclasses()));
            }
            for (Method method : type.getMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class) {
                    addClasses(method.getGenericReturnType(), queue);
                }
            }
        }
        return seen;
    }

    private static void addClasses(Type type, Deque<Class<?>> queue) {
        if (type instanceof Class<?> c) {
            queue.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            addClasses(p.getRawType(), queue);
            for (Type argument : p.getActualTypeArguments()) {
                addClasses(argument, queue);
            }
        } else if (type instanceof GenericArrayType a) {
            addClasses(a.getGenericComponentType(), queue);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                addClasses(bound, queue);
            }
        }
    }
}
