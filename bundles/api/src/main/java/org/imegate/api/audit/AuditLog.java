package org.imegate.api.audit;

/**
 * The audit log: security-relevant events (configuration changes, key and certificate operations,
 * ticket failures, backups, restores) are logged to this logger name in addition to the module's own
 * log. {@code etc/org.ops4j.pax.logging.cfg} routes it to {@code data/log/audit.log}.
 */
public final class AuditLog {
    /** SLF4J logger name of the audit log. */
    public static final String LOGGER = "org.imegate.audit";

    private AuditLog() {
    }
}
