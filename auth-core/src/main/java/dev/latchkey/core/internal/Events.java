package dev.latchkey.core.internal;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import java.lang.System.Logger.Level;
import java.util.Objects;

/** Hands events to the host's listener; a failing listener is logged and changes nothing. */
public final class Events {

    private static final System.Logger LOG = System.getLogger("dev.latchkey.core.events");

    private final AuthEventListener listener;

    /** Events for a listener. */
    public Events(AuthEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Publishes one event. */
    public void publish(AuthEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An AuthEventListener failed on " + event.getClass().getSimpleName(), e);
        }
    }
}
