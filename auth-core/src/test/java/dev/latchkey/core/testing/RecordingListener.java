package dev.latchkey.core.testing;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.event.AuthEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event. */
public final class RecordingListener implements AuthEventListener {

    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(AuthEvent event) {
        events.add(event);
    }

    /** Every event so far, oldest first. */
    public List<AuthEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one kind. */
    public <T extends AuthEvent> List<T> of(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
