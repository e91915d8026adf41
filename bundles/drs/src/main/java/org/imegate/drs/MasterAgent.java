package org.imegate.drs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The Master Agent (DRS-05): devices, schedules and their files, the scheduler, the backup and restore jobs and
 * their status, the alarms. What the {@code drs} shell commands and the DRS MBean call; every refusal is a
 * {@link org.imegate.api.validation.ValidationException}.
 */
public interface MasterAgent {

    /** A schedule with the time it fires next. */
    record ScheduleView(Schedule schedule, Optional<Instant> next) {
    }

    List<Device> devices();

    /** Where a device keeps its files: the local directory, or {@code user@server:port:path}. */
    String devicePath(Device device);

    List<ScheduleView> schedules();

    boolean securityPasswordSet();

    void setSecurityPassword(char[] password);

    Device addLocalDevice(String name, int numberOfBackups);

    /** Contacts the server and checks the directory before saving; returns the device with its host key. */
    Device addNetworkDevice(String name, String path, String server, int port, String username, char[] password,
            int numberOfBackups);

    void deleteDevice(String name);

    void addSchedule(String name, String device, String featureList, String dateTime, String frequency);

    void enableSchedule(String name);

    void disableSchedule(String name);

    void deleteSchedule(String name);

    /** Starts a manual backup; returns the archive name (without extension). */
    String startBackup(String type, String featureList, String device);

    void cancelBackup();

    void startRestore(String type, String restoreServer, String tarFilename, String device);

    Optional<JobStatus> backupStatus();

    Optional<JobStatus> restoreStatus();

    /** The text of {@code show-status backup|restore}. */
    String statusText(JobStatus.Operation operation);

    /** {@code show_backupfiles local backup|restore}. */
    String localBackupFiles(String directory);

    /** {@code show_backupfiles network <path> <servername> <userid>}. */
    String networkBackupFiles(String path, String server, int port, String username, char[] password);

    boolean restartRequired();

    ZoneId zone();

    /** The scheduler's clock at its last check, if it checked yet. */
    Optional<Instant> schedulerClock();

    /** backups completed, backups failed, restores completed, restores failed. */
    long[] counters();

    /** The host name of this appliance, the {@code restore_server} a restore must name. */
    String serverName();
}
