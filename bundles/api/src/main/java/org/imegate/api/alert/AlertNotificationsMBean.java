package org.imegate.api.alert;

/**
 * {@code org.imegate:type=alert,name=notifications}: where alerts are delivered (SNMP, syslog, e-mail, the log,
 * JMX) and how that went. It is also the JMX notification emitter: every delivered alert is a notification of
 * type {@code org.imegate.alert.raised} or {@code org.imegate.alert.cleared} whose user data is the alert's
 * event properties. Operations validate as the shell does (IllegalArgumentException with the {@code ERROR:}
 * text); the SMTP password is taken, sealed, and never returned.
 *
 * @since 1.1
 */
public interface AlertNotificationsMBean {

    /** JMX notification type of a raise. */
    String RAISED = "org.imegate.alert.raised";
    /** JMX notification type of a clear. */
    String CLEARED = "org.imegate.alert.cleared";

    /** Remote syslog receivers, {@code udp|tcp:<host>:<port>}, comma-separated. */
    String getSyslogReceivers();

    /** SMTP server {@code <host>:<port>}, empty when e-mail is off. */
    String getSmtpServer();

    String getMailFrom();

    /** Recipients, comma-separated. */
    String getMailTo();

    long getSnmpDelivered();

    long getSnmpFailed();

    long getSyslogDelivered();

    long getSyslogFailed();

    long getMailDelivered();

    long getMailFailed();

    long getLogged();

    long getJmxNotifications();

    /** Alerts dropped because a receiver's queue was full. */
    long getDropped();

    /** {@code set alarm remotesyslogserver}: adds {@code udp|tcp}, host, port (514 when 0). */
    void addSyslogReceiver(String transport, String host, int port);

    void removeSyslogReceiver(String transport, String host, int port);

    /**
     * E-mail over SMTP: server, port (25 when 0), sender, comma-separated recipients, STARTTLS, user name and
     * password (both empty for no authentication).
     */
    void configureMail(String host, int port, String from, String to, boolean startTls, String username,
            String password);

    /** Turns e-mail off. */
    void removeMail();

    /** The text of {@code alert:show-notifications}. */
    String showNotifications();
}
