package org.imegate.api.alert;

import java.util.Objects;

/**
 * The counter an alert engine watches for a threshold alert: attribute {@code attribute} of the MBean
 * {@code objectName}, read every poll. The alert is raised while the value is {@link Comparison#ABOVE above}
 * (or {@link Comparison#BELOW below}) {@code threshold}, and cleared once it is back beyond
 * {@code clearThreshold} (the low watermark for an "above" alert, the high one for a "below" alert).
 *
 * @param objectName     the MBean, e.g. {@code org.imegate:type=ime,name=server}
 * @param attribute      the counter's seed name, e.g. {@code ValidationsPending}
 * @param comparison     which side of the threshold raises the alert
 * @param threshold      the raising threshold
 * @param clearThreshold the clearing threshold (equal to {@code threshold} when there is no hysteresis)
 */
public record CounterCondition(String objectName, String attribute, Comparison comparison, long threshold,
        long clearThreshold) {

    /** Which side of the threshold raises the alert. */
    public enum Comparison {
        /** raised while value &gt; threshold, cleared when value &lt; clearThreshold (or &le; when equal thresholds) */
        ABOVE,
        /** raised while value &lt; threshold, cleared when value &gt; clearThreshold (or &ge; when equal thresholds) */
        BELOW
    }

    public CounterCondition {
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(comparison, "comparison");
    }

    /** The same condition with other thresholds. */
    public CounterCondition withThresholds(long raise, long clear) {
        return new CounterCondition(objectName, attribute, comparison, raise, clear);
    }

    /** Whether {@code value} raises the alert. */
    public boolean raises(long value) {
        return comparison == Comparison.ABOVE ? value > threshold : value < threshold;
    }

    /** Whether {@code value} clears a raised alert. */
    public boolean clears(long value) {
        if (comparison == Comparison.ABOVE) {
            return clearThreshold == threshold ? value <= threshold : value < clearThreshold;
        }
        return clearThreshold == threshold ? value >= threshold : value > clearThreshold;
    }
}
