package org.imegate.api.alert;

import java.util.Objects;
import java.util.Optional;

/**
 * A known alert or alarm and its default configuration (catalogue §9.4, §7.7): enabled, severity, threshold,
 * duration ("trigger alert immediately" = 0), frequency, e-mail; and its notification in IMEGATE-MIB.
 *
 * @param name            the seed's name, e.g. {@code ValidationsPendingExceeded}
 * @param module          the imegate module that raises it
 * @param severity        default severity
 * @param description     what it means, for operators and the MIB's DESCRIPTION
 * @param condition       the seed's threshold text, e.g. {@code Cisco IME pending validations exceeded 100}
 * @param counter         the counter condition the alert engine evaluates every poll; null for an alert that
 *                        its module raises and clears itself
 * @param durationSeconds how long the condition must hold before the alert is raised (0 = immediately)
 * @param frequency       default frequency
 * @param notification    the last sub-identifier of the alert's NOTIFICATION-TYPE under {@code imegateNotifications}
 */
public record AlertDefinition(String name, String module, AlertSeverity severity, String description,
        String condition, CounterCondition counter, int durationSeconds, AlertFrequency frequency,
        int notification) {

    public AlertDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(frequency, "frequency");
        description = description == null ? "" : description;
        condition = condition == null ? "" : condition;
    }

    public Optional<CounterCondition> counterCondition() {
        return Optional.ofNullable(counter);
    }
}
