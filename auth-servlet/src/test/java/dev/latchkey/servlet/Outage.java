package dev.latchkey.servlet;

import dev.latchkey.core.StorageUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A switch in front of real repositories: while it is on, every call fails as an unreachable
 * database does. (Cutting a real connection under load is the reliability suite's job.)
 */
final class Outage {

    private final AtomicBoolean down = new AtomicBoolean();

    void begin() {
        down.set(true);
    }

    void end() {
        down.set(false);
    }

    <T> T guard(Class<T> type, T real) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (down.get()) {
                throw new StorageUnavailableException("simulated outage", new java.net.ConnectException("refused"));
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }
}
