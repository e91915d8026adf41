package org.imegate.drs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * A backup schedule (catalogue §7.3): a device, the feature list, the first date and time (appliance local time)
 * and a frequency. A new schedule is disabled; {@code enabledAt} is when it was last enabled, so that enabling a
 * schedule whose start lies in the past does not fire the occurrences that were missed before.
 */
public record Schedule(String name, String device, String features, LocalDateTime start, Frequency frequency,
        boolean enabled, Instant enabledAt, Instant lastRun, String lastResult) {

    /** How often a schedule repeats. */
    public enum Frequency {
        ONCE, DAILY, WEEKLY, MONTHLY;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Schedule enable(Instant now) {
        return new Schedule(name, device, features, start, frequency, true, now, lastRun, lastResult);
    }

    public Schedule disable() {
        return new Schedule(name, device, features, start, frequency, false, enabledAt, lastRun, lastResult);
    }

    public Schedule ran(Instant when, String result, boolean stillEnabled) {
        return new Schedule(name, device, features, start, frequency, stillEnabled, enabledAt, when, result);
    }

    public Optional<Instant> lastRunTime() {
        return Optional.ofNullable(lastRun);
    }
}
