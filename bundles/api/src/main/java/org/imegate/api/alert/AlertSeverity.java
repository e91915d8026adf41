package org.imegate.api.alert;

/** Alert and alarm severities, with the syslog (RFC 5424) numeric level each maps to. */
public enum AlertSeverity {
    EMERGENCY(0), ALERT(1), CRITICAL(2), ERROR(3), WARNING(4), NOTICE(5), INFORMATIONAL(6), DEBUG(7);

    private final int syslogLevel;

    AlertSeverity(int syslogLevel) {
        this.syslogLevel = syslogLevel;
    }

    public int syslogLevel() {
        return syslogLevel;
    }
}
