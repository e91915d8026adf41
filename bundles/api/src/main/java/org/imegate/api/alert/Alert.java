package org.imegate.api.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One alert or alarm occurrence, as modules post it on EventAdmin and as the alert engine,
 * SNMP agent and syslog sink receive it.
 *
 * @param name     the seed's alert or alarm name, e.g. {@code DaysUntilCertExpiry} or {@code DRFLocalAgentStartFailure}
 * @param severity severity of this occurrence
 * @param state    raised or cleared
 * @param module   the imegate module that raised it, e.g. {@code tls}
 * @param message  operator-readable text
 * @param details  extra name/value pairs (never a secret)
 * @param time     when the condition was observed
 */
public record Alert(String name, AlertSeverity severity, AlertState state, String module, String message,
        Map<String, String> details, Instant time) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public Alert {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("alert name " + name + " must match " + NAME.pattern());
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(module, "module");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
        time = time == null ? Instant.now() : time;
    }

    /** The EventAdmin topic this alert is posted on. */
    public String topic() {
        return AlertTopics.topic(name);
    }

    /** Event properties for {@code new Event(alert.topic(), alert.toEventProperties())}. */
    public Map<String, Object> toEventProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(AlertTopics.NAME, name);
        p.put(AlertTopics.SEVERITY, severity.name());
        p.put(AlertTopics.STATE, state.name());
        p.put(AlertTopics.MODULE, module);
        p.put(AlertTopics.MESSAGE, message);
        p.put(AlertTopics.TIME, time.toEpochMilli());
        p.put(AlertTopics.DETAILS, new LinkedHashMap<>(details));
        return p;
    }

    /** Rebuilds an alert from the properties of an event posted with {@link #toEventProperties()}. */
    @SuppressWarnings("unchecked")
    public static Alert fromEventProperties(Map<String, ?> p) {
        Object details = p.get(AlertTopics.DETAILS);
        Object time = p.get(AlertTopics.TIME);
        return new Alert((String) p.get(AlertTopics.NAME),
                AlertSeverity.valueOf((String) p.get(AlertTopics.SEVERITY)),
                AlertState.valueOf((String) p.get(AlertTopics.STATE)),
                (String) p.get(AlertTopics.MODULE),
                (String) p.get(AlertTopics.MESSAGE),
                details instanceof Map ? (Map<String, String>) details : Map.of(),
                time instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.now());
    }
}
