package org.imegate.api.fallback;

import org.imegate.api.validation.Validate;

/**
 * The fallback QoS sensitivity levels of the call agent's Fallback Profile (catalogue §4.3) with the numeric
 * value carried by {@code X-Cisco-UC-IME-Fallback: sensitivity=<0-5>} (UND-05) and shown as
 * {@code FB Sensitivity: <n>}.
 */
public enum SensitivityLevel {
    /** Mid-call fallback disabled: the call's RTP is not monitored. */
    DISABLE(0, "Disable"),
    /** Keeps the lowest-quality calls on IP. */
    UTILITY(1, "Utility"),
    /** Accepts basic audio quality. */
    ACCOMMODATIVE(2, "Accommodative"),
    /** Keeps calls of good or better-than-PSTN quality; the call agent's default. */
    NOMINAL(3, "Nominal"),
    /** Keeps only calls with very good QoS. */
    MODERATE(4, "Moderate"),
    /** Keeps only calls with superior QoS. */
    AGGRESSIVE(5, "Aggressive");

    /** Lowest and highest wire values. */
    public static final int MIN = 0;
    public static final int MAX = 5;

    private final int value;
    private final String displayName;

    SensitivityLevel(int value, String displayName) {
        this.value = value;
        this.displayName = displayName;
    }

    /** The wire value, 0-5. */
    public int value() {
        return value;
    }

    /** The call agent's name of the level, e.g. {@code Nominal}. */
    public String displayName() {
        return displayName;
    }

    /** The level of a wire value; anything outside 0-5 is refused ({@code ERROR: sensitivity 7 out of range 0-5}). */
    public static SensitivityLevel of(int value) {
        return values()[Validate.range("sensitivity", value, MIN, MAX)];
    }
}
