package org.imegate.api.sip;

/**
 * {@code show uc-ime fallback-notification statistics} over JMX
 * ({@code org.imegate:type=sip,name=fallback-notification}): the PSTN fallback REFERs (UND-06) the proxy sent
 * to the call agents since the appliance started.
 *
 * @since 1.2
 */
public interface FallbackNotificationMBean {

    /** REFERs sent, all call agents together ("Total Notifications Sent"). */
    long getTotalNotificationsSent();

    /** REFERs a call agent answered with 2xx. */
    long getNotificationsAccepted();

    /** REFERs answered with an error, unanswered within Timer F, or lost with their connection. */
    long getNotificationsFailed();

    /** The text of {@code show uc-ime fallback-notification statistics}: one block per call-agent address. */
    String showStatistics();
}
