package org.imegate.api.alert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;

/**
 * How often an alert may be notified (catalogue §9.4, UND-20): on every poll, or up to {@code maxAlerts} raises
 * within a sliding window of {@code withinMinutes}; raises beyond that are suppressed (and counted).
 *
 * @param maxAlerts     raises allowed within the window; 0 with {@code withinMinutes} 0 means every poll
 * @param withinMinutes length of the sliding window in minutes
 */
public record AlertFrequency(int maxAlerts, int withinMinutes) {

    /** "Trigger alert on every poll". */
    public static final AlertFrequency EVERY_POLL = new AlertFrequency(0, 0);

    private static final Pattern UP_TO = Pattern.compile("up to (\\d{1,4}) alerts? within (\\d{1,6}) minutes?");

    public AlertFrequency {
        if (!(maxAlerts == 0 && withinMinutes == 0)) {
            Validate.range("frequency alerts", maxAlerts, 1, 1000);
            Validate.range("frequency minutes", withinMinutes, 1, 525_600);
        }
    }

    /** Up to {@code maxAlerts} within {@code withinMinutes}. */
    public static AlertFrequency upTo(int maxAlerts, int withinMinutes) {
        return new AlertFrequency(maxAlerts, withinMinutes);
    }

    public boolean everyPoll() {
        return maxAlerts == 0;
    }

    /** The seed's words: {@code every poll} or {@code up to 1 alerts within 60 minutes}. */
    @Override
    public String toString() {
        return everyPoll() ? "every poll" : "up to " + maxAlerts + " alerts within " + withinMinutes + " minutes";
    }

    /** Reads {@link #toString()}'s words back ({@code every poll}, {@code up to N alerts within M minutes}). */
    public static AlertFrequency parse(String text) {
        String t = Validate.required("frequency", text).trim().replaceAll("\\s+", " ");
        if (t.equals("every poll") || t.equals("every-poll")) {
            return EVERY_POLL;
        }
        Matcher m = UP_TO.matcher(t);
        if (!m.matches()) {
            throw Validate.fail("frequency", text, "must be 'every poll' or 'up to <N> alerts within <M> minutes'");
        }
        return new AlertFrequency(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
