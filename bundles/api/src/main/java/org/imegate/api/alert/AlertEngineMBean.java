package org.imegate.api.alert;

import javax.management.openmbean.TabularData;

/**
 * {@code org.imegate:type=alert,name=engine}: the alert rules (catalogue §9.4, UND-20), the alerts raised now and
 * the counter history. Operations validate as the {@code alert} shell commands do; a refusal reaches the client as
 * an IllegalArgumentException with the same {@code ERROR: ...} message.
 *
 * @since 1.1
 */
public interface AlertEngineMBean {

    /**
     * One row per rule (key {@code Name}): Name, Module, Enabled, Severity, Threshold, ClearThreshold (-1 for an
     * alert without a counter), Duration (seconds, 0 = immediately), Frequency, Email, State (RAISED or CLEARED),
     * Raised, Suppressed.
     */
    TabularData getRules();

    /** The alerts raised now: Name, Severity, Since (ISO-8601), Message. */
    TabularData getActiveAlerts();

    /** Poll interval of the counter alerts, seconds. */
    int getPollSeconds();

    /** Alert raises delivered since start, all alerts together. */
    long getAlertsRaised();

    /** Alert clears delivered since start. */
    long getAlertsCleared();

    /** Raises suppressed by their rule's frequency since start. */
    long getAlertsSuppressed();

    /** Raises and clears of disabled alerts, not delivered. */
    long getAlertsDisabled();

    void setEnabled(String alert, boolean enabled);

    /** Severity name: Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug. */
    void setSeverity(String alert, String severity);

    /** Raising and clearing thresholds of a counter alert. */
    void setThreshold(String alert, long threshold, long clearThreshold);

    /** Seconds the condition must hold before the alert is raised; 0 = trigger immediately. */
    void setDuration(String alert, int seconds);

    /** {@code every poll} or {@code up to <N> alerts within <M> minutes}. */
    void setFrequency(String alert, String frequency);

    void setEmail(String alert, boolean email);

    /** The default configuration of the catalogue again. */
    void restoreDefault(String alert);

    /**
     * The sampled history of counter {@code attribute} of MBean {@code objectName}: one line per sample,
     * {@code <ISO-8601 time> <value>}, oldest first.
     */
    String counterHistory(String objectName, String attribute);
}
