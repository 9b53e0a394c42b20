package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import java.lang.System.Logger.Level;
import java.util.Objects;

/** Hands events to the host's listener; a failing listener is logged and changes nothing. */
final class Events {

    private static final System.Logger LOG = System.getLogger("dev.latchkey.core.events");

    private final AuthEventListener listener;

    /** Events for a listener. */
    Events(AuthEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Publishes one event. */
    void publish(AuthEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An AuthEventListener failed on " + event.getClass().getSimpleName(), e);
        }
    }
}
