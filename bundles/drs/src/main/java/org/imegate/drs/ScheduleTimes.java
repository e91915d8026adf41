package org.imegate.drs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a schedule fires (UND-13): at its start date and time, then every day, week (same weekday and time) or
 * month (same day of the month, clamped to the month's end: a schedule of the 31st fires on 30 April and on
 * 28 or 29 February) after it, in the appliance's time zone. Occurrences before the schedule was enabled, or not
 * after its last run, do not count.
 */
public final class ScheduleTimes {

    private ScheduleTimes() {
    }

    /** The k-th occurrence (k = 0 is the start). */
    static LocalDateTime occurrence(Schedule s, long k) {
        return switch (s.frequency()) {
            case ONCE -> s.start();
            case DAILY -> s.start().plusDays(k);
            case WEEKLY -> s.start().plusWeeks(k);
            case MONTHLY -> s.start().plusMonths(k);
        };
    }

    /**
     * The next time {@code s} is due, or empty when it never fires again (disabled, or a {@code once} schedule
     * that ran). The result may lie in the past: the scheduler then fires it at once (once, for all the
     * occurrences missed while the appliance was down).
     */
    public static Optional<Instant> next(Schedule s, ZoneId zone) {
        if (!s.enabled()) {
            return Optional.empty();
        }
        Instant notBefore = s.enabledAt() == null ? Instant.MIN : s.enabledAt().truncatedTo(ChronoUnit.MINUTES);
        if (s.lastRun() != null) {
            if (s.frequency() == Schedule.Frequency.ONCE) {
                return Optional.empty();
            }
            Instant afterRun = s.lastRun().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            notBefore = afterRun.isAfter(notBefore) ? afterRun : notBefore;
        }
        if (s.frequency() == Schedule.Frequency.ONCE) {
            // a once schedule enabled after its time never fires; one whose time passed while the appliance
            // was down fires at once
            Instant at = s.start().atZone(zone).toInstant();
            return at.isBefore(notBefore) ? Optional.empty() : Optional.of(at);
        }
        // estimate the first index at or after notBefore, then step
        long k = 0;
        if (notBefore != Instant.MIN) {
            LocalDateTime from = LocalDateTime.ofInstant(notBefore, zone);
            if (from.isAfter(s.start())) {
                ChronoUnit unit = switch (s.frequency()) {
                    case DAILY -> ChronoUnit.DAYS;
                    case WEEKLY -> ChronoUnit.WEEKS;
                    default -> ChronoUnit.MONTHS;
                };
                k = Math.max(0, unit.between(s.start(), from) - 1);
            }
        }
        for (int step = 0; step < 10; step++, k++) {
            Instant at = occurrence(s, k).atZone(zone).toInstant();
            if (!at.isBefore(notBefore)) {
                return Optional.of(at);
            }
        }
        throw new IllegalStateException("no occurrence of schedule " + s.name() + " found after " + notBefore);
    }
}
