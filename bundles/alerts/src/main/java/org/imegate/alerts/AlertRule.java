package org.imegate.alerts;

import java.util.Objects;
import org.imegate.api.alert.AlertDefinition;
import org.imegate.api.alert.AlertFrequency;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.CounterCondition;

/**
 * The rule in force for one alert (catalogue §9.4 "default configuration", as operators change it): enabled,
 * severity, counter condition with its thresholds (null for an alert its module raises), duration, frequency,
 * e-mail. Schedule is "24 hours daily" for every alert.
 */
public record AlertRule(String name, String module, boolean enabled, AlertSeverity severity, CounterCondition counter,
        int durationSeconds, AlertFrequency frequency, boolean email, String condition) {

    public AlertRule {
        Objects.requireNonNull(name);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(frequency);
    }

    /** The catalogue's default configuration: enabled, e-mail selected. */
    public static AlertRule of(AlertDefinition d) {
        return new AlertRule(d.name(), d.module(), true, d.severity(), d.counter(), d.durationSeconds(),
                d.frequency(), true, d.condition());
    }

    /** The rule of an alert the catalogue does not know: enabled, its own severity, every poll. */
    public static AlertRule unknown(String name, String module, AlertSeverity severity) {
        return new AlertRule(name, module, true, severity, null, 0, AlertFrequency.EVERY_POLL, true, "");
    }

    AlertRule withEnabled(boolean e) {
        return new AlertRule(name, module, e, severity, counter, durationSeconds, frequency, email, condition);
    }

    AlertRule withSeverity(AlertSeverity s) {
        return new AlertRule(name, module, enabled, s, counter, durationSeconds, frequency, email, condition);
    }

    AlertRule withCounter(CounterCondition c) {
        return new AlertRule(name, module, enabled, severity, c, durationSeconds, frequency, email, condition);
    }

    AlertRule withDuration(int d) {
        return new AlertRule(name, module, enabled, severity, counter, d, frequency, email, condition);
    }

    AlertRule withFrequency(AlertFrequency f) {
        return new AlertRule(name, module, enabled, severity, counter, durationSeconds, f, email, condition);
    }

    AlertRule withEmail(boolean e) {
        return new AlertRule(name, module, enabled, severity, counter, durationSeconds, frequency, e, condition);
    }
}
