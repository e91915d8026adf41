package org.imegate.api.alert;

/**
 * EventAdmin topics and event property keys for alerts. Every module posts its alerts on
 * {@code org/imegate/alert/<NAME>}; the alerts route subscribes to {@link #ALL}.
 */
public final class AlertTopics {
    /** Prefix of every alert topic; the alert name follows. */
    public static final String PREFIX = "org/imegate/alert/";
    /** Wildcard topic for an EventHandler that wants every alert. */
    public static final String ALL = PREFIX + "*";

    public static final String NAME = "alert.name";
    public static final String SEVERITY = "alert.severity";
    public static final String STATE = "alert.state";
    public static final String MODULE = "alert.module";
    public static final String MESSAGE = "alert.message";
    public static final String TIME = "alert.time";
    public static final String DETAILS = "alert.details";

    /**
     * Prefix of the topics of alerts that passed the alert engine's rules (enabled, not suppressed, with the
     * rule's severity): what the notification route delivers. The alert name follows.
     *
     * @since 1.1
     */
    public static final String NOTIFY_PREFIX = "org/imegate/alert-notify/";
    /** Wildcard topic of every alert to deliver. @since 1.1 */
    public static final String NOTIFY_ALL = NOTIFY_PREFIX + "*";
    /** Event property of a delivered alert: Boolean, whether its rule sends e-mail. @since 1.1 */
    public static final String EMAIL = "alert.email";

    private AlertTopics() {
    }

    /** The topic an alert of this name is delivered on, once it passed the rules. @since 1.1 */
    public static String notifyTopic(String alertName) {
        return NOTIFY_PREFIX + alertName;
    }

    /** The topic an alert of this name is posted on. */
    public static String topic(String alertName) {
        return PREFIX + alertName;
    }
}
