package org.imegate.api.drs;

import org.imegate.api.alert.AlertSeverity;

/**
 * The 21 alarms of the Disaster Recovery System (catalogue §7.7, seed S2 L6427-6611), with the seed's
 * description and the severity they are raised with. The DRS posts them as alerts
 * ({@link org.imegate.api.alert.Alert}, module {@code drs}) where their conditions occur; on this appliance the
 * Master Agent and the Local Agent are services of one process, and the conditions the seed describes for a
 * cluster map to their in-process counterparts (see each constant).
 */
public enum DrsAlarm {
    /** Backup cannot write to its device (a network device's directory, a rename, a retention delete). */
    DRFBackupDeviceError(AlertSeverity.ERROR, "DRF backup process has problems accessing device."),
    /** A backup job ended in failure, whatever the cause (including the 20-hour network timeout). */
    DRFBackupFailure(AlertSeverity.ERROR, "Cisco DRF Backup process failed."),
    /** A backup or restore was asked for while another job was running. */
    DRFBackupInProgress(AlertSeverity.WARNING, "New backup cannot start while another backup is still running."),
    /** An unexpected error inside the DRS (a job that died, a settings file that cannot be written). */
    DRFInternalProcessFailure(AlertSeverity.ERROR, "DRF internal process encountered an error."),
    /** The Local Agent could not report to the Master Agent (the Master Agent went away during a job). */
    DRFLA2MAFailure(AlertSeverity.WARNING, "DRF Local Agent cannot connect to Master Agent."),
    /** The Local Agent could not start (its work directory cannot be prepared). */
    DRFLocalAgentStartFailure(AlertSeverity.CRITICAL, "DRF Local Agent does not start."),
    /** The local device's directory cannot be created, written or read. */
    DRFLocalDeviceError(AlertSeverity.ERROR, "DRF has problems accessing local device."),
    /** The Master Agent found no Local Agent to run a job. */
    DRFMA2LAFailure(AlertSeverity.WARNING, "DRF Master Agent does not connect to Local Agent."),
    /** A component failed to back up its data; the backup is failed and no archive is kept. */
    DRFMABackupComponentFailure(AlertSeverity.ERROR, "DRF cannot back up at least one component."),
    /** The Local Agent went away (stopped, or its job thread died) before the backup completed. */
    DRFMABackupNodeDisconnect(AlertSeverity.ERROR,
            "The node being backed up disconnected from the Master Agent before being fully backed up."),
    /** A component failed to restore its data. */
    DRFMARestoreComponentFailure(AlertSeverity.ERROR, "DRF cannot restore at least one component."),
    /** The Local Agent went away (stopped, or its job thread died) before the restore completed. */
    DRFMARestoreNodeDisconnect(AlertSeverity.ERROR,
            "The node being restored disconnected from the Master Agent before being fully restored."),
    /** The Master Agent could not start (drfDevice.xml or drfSchedule.xml cannot be read). */
    DRFMasterAgentStartFailure(AlertSeverity.CRITICAL, "DRF Master Agent did not start."),
    /** A backup found no registered component. */
    DRFNoRegisteredComponent(AlertSeverity.ERROR, "No registered components are available, so backup failed."),
    /** A backup was asked for without a known feature (the feature list must be IME). */
    DRFNoRegisteredFeature(AlertSeverity.WARNING, "No feature got selected for backup."),
    /** A restore cannot read the backup file from its device. */
    DRFRestoreDeviceError(AlertSeverity.ERROR, "DRF restore process has problems accessing device."),
    /** A restore job ended in failure or was refused (version mismatch, damaged or altered archive, ...). */
    DRFRestoreFailure(AlertSeverity.ERROR, "DRF restore process failed."),
    /** An SFTP operation of a job failed (connection, authentication, host key, file operation). */
    DRFSftpFailure(AlertSeverity.ERROR, "DRF SFTP operation has errors."),
    /**
     * A malicious pattern was blocked: a file or entry name attempting directory traversal, or an archive whose
     * authenticated content was altered.
     */
    DRFSecurityViolation(AlertSeverity.ERROR,
            "DRF system detected a malicious pattern that could result in a security violation."),
    /**
     * The key material the Local Agent needs is missing: no DRS security password is set, so no archive can be
     * encrypted or opened.
     */
    DRFTruststoreMissing(AlertSeverity.WARNING, "The IPsec truststore is missing on the node."),
    /** A component registration from outside the appliance (not an imegate bundle, or a name already taken) was rejected. */
    DRFUnknownClient(AlertSeverity.WARNING,
            "DRF Master Agent received a client connection request from an unknown server; the request has been rejected.");

    /** The module name the DRS alarms are raised under. */
    public static final String MODULE = "drs";

    private final AlertSeverity severity;
    private final String description;

    DrsAlarm(AlertSeverity severity, String description) {
        this.severity = severity;
        this.description = description;
    }

    public AlertSeverity severity() {
        return severity;
    }

    /** The seed's description. */
    public String description() {
        return description;
    }
}
