package org.imegate.api.alert;

import java.util.function.Consumer;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a module's alerts on EventAdmin (topic {@link Alert#topic()}), or only logs them while no
 * EventAdmin is bound. A DS component holds one and binds it from an optional dynamic reference.
 */
public final class AlertPoster implements Consumer<Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPoster.class);

    private volatile EventAdmin eventAdmin;

    public void bind(EventAdmin e) {
        eventAdmin = e;
    }

    /** Unbinds {@code e} if it is the one bound. */
    public void unbind(EventAdmin e) {
        if (eventAdmin == e) {
            eventAdmin = null;
        }
    }

    @Override
    public void accept(Alert alert) {
        EventAdmin e = eventAdmin;
        if (e == null) {
            LOG.warn("alert {} {} not posted (no EventAdmin): {}", alert.name(), alert.state(), alert.message());
            return;
        }
        e.postEvent(new Event(alert.topic(), alert.toEventProperties()));
    }
}
