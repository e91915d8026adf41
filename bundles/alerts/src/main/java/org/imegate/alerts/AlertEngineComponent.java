package org.imegate.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert engine of the appliance: receives every alert modules post ({@value AlertTopics#ALL}), evaluates the
 * counter alerts every poll ({@code poll.seconds}, 30 by default: the seed's "every poll"), samples every imegate
 * counter into the history ({@code history.seconds}, 300; {@code history.samples}, 288 = one day), and posts what
 * passes the rules on {@value AlertTopics#NOTIFY_ALL} for the notification route. Configured by
 * {@code etc/org.imegate.alert.cfg}; a change applies at once.
 */
@Component(service = {AlertEngineComponent.class, EventHandler.class}, immediate = true,
        configurationPid = AlertEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = EventConstants.EVENT_TOPIC + "=" + AlertTopics.ALL)
public final class AlertEngineComponent implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngineComponent.class);
    static final String PID = "org.imegate.alert";

    private final AlertEngine engine;
    private final MBeanServer mbeans;
    private final EventAdmin events;
    private final ScheduledExecutorService timer;
    private final CounterHistory history;
    private volatile int pollSeconds;
    private ScheduledFuture<?> polls;
    private ScheduledFuture<?> samples;

    @Activate
    public AlertEngineComponent(@Reference MBeanServer mbeans, @Reference EventAdmin events,
            @Reference ConfigurationAdmin cm, Map<String, Object> properties) {
        this.mbeans = mbeans;
        this.events = events;
        this.history = new CounterHistory(parse(properties, "history.samples", 288, 1, 100_000));
        this.engine = new AlertEngine(Clock.systemUTC(), this::read, this::deliver, new CmRuleStore(cm));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imegate-alert-engine");
            t.setDaemon(true);
            return t;
        });
        schedule(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            schedule(properties);
        } catch (ValidationException e) {
            LOG.error("{} refused, polling unchanged: {}", PID, e.getMessage());
        }
    }

    private synchronized void schedule(Map<String, Object> properties) {
        int poll = parse(properties, "poll.seconds", 30, 1, 3600);
        int sample = parse(properties, "history.seconds", 300, 1, 86_400);
        if (polls != null) {
            polls.cancel(false);
            samples.cancel(false);
        }
        pollSeconds = poll;
        polls = timer.scheduleWithFixedDelay(this::pollSafely, poll, poll, TimeUnit.SECONDS);
        samples = timer.scheduleWithFixedDelay(this::sampleSafely, 0, sample, TimeUnit.SECONDS);
        LOG.info("alert engine: poll every {} s, counter history every {} s", poll, sample);
    }

    private static int parse(Map<String, Object> p, String key, int dflt, int min, int max) {
        Object v = p.get(key);
        return v == null ? dflt : Validate.parseInt(key, v.toString(), min, max);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> p = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            p.put(name, event.getProperty(name));
        }
        try {
            engine.onEvent(Alert.fromEventProperties(p));
        } catch (RuntimeException e) {
            LOG.warn("event {} is not an alert: {}", event.getTopic(), e.toString());
        }
    }

    private void deliver(Alert alert, boolean email) {
        Map<String, Object> p = alert.toEventProperties();
        p.put(AlertTopics.EMAIL, email);
        events.postEvent(new Event(AlertTopics.notifyTopic(alert.name()), p));
    }

    private OptionalLong read(String objectName, String attribute) {
        try {
            Object v = mbeans.getAttribute(new ObjectName(objectName), attribute);
            return v instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        } catch (javax.management.InstanceNotFoundException | javax.management.AttributeNotFoundException absent) {
            return OptionalLong.empty();
        } catch (Exception e) {
            LOG.debug("{} {} not readable: {}", objectName, attribute, e.toString());
            return OptionalLong.empty();
        }
    }

    private void pollSafely() {
        try {
            engine.poll();
        } catch (RuntimeException e) {
            LOG.error("alert poll failed", e);
        }
    }

    private static final Set<String> NUMERIC = Set.of("long", "int", "java.lang.Long", "java.lang.Integer");

    private void sampleSafely() {
        try {
            Instant now = Instant.now();
            for (ObjectName n : mbeans.queryNames(new ObjectName("org.imegate:*"), null)) {
                for (MBeanAttributeInfo a : mbeans.getMBeanInfo(n).getAttributes()) {
                    if (a.isReadable() && NUMERIC.contains(a.getType())) {
                        OptionalLong v = read(n.getCanonicalName(), a.getName());
                        if (v.isPresent()) {
                            history.add(n.getCanonicalName(), a.getName(), now, v.getAsLong());
                        }
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("counter history sample failed: {}", e.toString());
        }
    }

    public AlertEngine engine() {
        return engine;
    }

    public CounterHistory history() {
        return history;
    }

    public int pollSeconds() {
        return pollSeconds;
    }
}
