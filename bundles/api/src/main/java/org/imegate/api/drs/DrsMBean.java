package org.imegate.api.drs;

import javax.management.openmbean.TabularData;

/**
 * {@code org.imegate:type=drs,name=master-agent}: the Disaster Recovery System over JMX, for tools. Every
 * operation validates as the {@code drs} shell commands do; a refusal reaches the client as an
 * IllegalArgumentException carrying the same {@code ERROR: ...} message. Passwords are taken by operations and
 * never returned: no attribute or result carries a secret.
 */
public interface DrsMBean {

    /** The backup devices: Name, Type (local|network), Path, Server, Port, Username, NumberOfBackups, HostKey. */
    TabularData getDevices();

    /** The schedules: Name, Device, Features, DateTime, Frequency, Status, NextRun, LastRun, LastResult. */
    TabularData getSchedules();

    /** The text of {@code drs:show-status backup}. */
    String getBackupStatus();

    /** The text of {@code drs:show-status restore}. */
    String getRestoreStatus();

    /** The last backup job's state: NONE, RUNNING, CANCELLING, SUCCESS, FAILED, CANCELLED or TIMED_OUT. */
    String getBackupState();

    /** The last restore job's state: NONE, RUNNING, SUCCESS or FAILED. */
    String getRestoreState();

    /** The archive of the last backup job, e.g. {@code 2026-11-21-02-00-00}, or empty. */
    String getBackupTarFilename();

    /** The host name of this appliance: the {@code restore_server} a restore names. */
    String getServerName();

    /** Whether a DRS security password is set (the password itself is never shown). */
    boolean isSecurityPasswordSet();

    /** Whether a restore was applied and the appliance must be restarted before anything else. */
    boolean isRestartRequired();

    /** The scheduler's time at its last check of the schedules (ISO-8601), or empty before the first check. */
    String getSchedulerClock();

    long getBackupsCompleted();

    long getBackupsFailed();

    long getRestoresCompleted();

    long getRestoresFailed();

    /** Sets the DRS security password, from which every archive's key is derived (8-64 characters). */
    void changeSecurityPassword(String password);

    /** {@code utils disaster_recovery device local <device_name> <number_of_backups>}. */
    void addLocalDevice(String name, int numberOfBackups);

    /**
     * {@code utils disaster_recovery device network <device_name> <path> <server_name> <username>
     * <number_of_backups>}, with the SFTP port and the password the shell asks for. The server is contacted
     * and the directory checked for writing before the device is saved.
     */
    void addNetworkDevice(String name, String path, String server, int port, String username, String password,
            int numberOfBackups);

    /** {@code utils disaster_recovery device delete <device_name>}. */
    void deleteDevice(String name);

    /** {@code utils disaster_recovery schedule add <schedulename> <devicename> <featurelist> <datetime> <frequency>}. */
    void addSchedule(String name, String device, String featureList, String dateTime, String frequency);

    void enableSchedule(String name);

    void disableSchedule(String name);

    void deleteSchedule(String name);

    /**
     * {@code utils disaster_recovery backup <type> <featurelist> <device_name>}: starts a backup and returns the
     * name of its archive (without extension); its progress is in {@link #getBackupStatus()}.
     */
    String backup(String type, String featureList, String device);

    /** {@code utils disaster_recovery cancel_backup yes}: the backup stops after the current component. */
    void cancelBackup();

    /**
     * {@code utils disaster_recovery restore <type> <restore_server> <tarfilename> <device_name>}: starts a
     * restore; its progress is in {@link #getRestoreStatus()}.
     */
    void restore(String type, String restoreServer, String tarFilename, String device);

    /** {@code utils disaster_recovery show_backupfiles local backup|restore}. */
    String showLocalBackupFiles(String directory);

    /** {@code utils disaster_recovery show_backupfiles network <path> <servername> <userid>}, with port and password. */
    String showNetworkBackupFiles(String path, String server, int port, String username, String password);
}
