package org.imegate.drs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.imegate.api.drs.DrsAlarm;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.imegate.drs.archive.ArchiveException;
import org.imegate.drs.archive.ArchiveFormat;
import org.imegate.drs.archive.EntryPaths;
import org.imegate.drs.device.BackupFile;
import org.imegate.drs.device.DeviceException;
import org.imegate.drs.device.DeviceSession;
import org.imegate.drs.device.LocalDeviceSession;
import org.imegate.drs.device.SftpDeviceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Master Agent's work, without OSGi (the DS component {@link MasterAgentComponent} wires it): devices and
 * schedules kept in {@code drfDevice.xml} / {@code drfSchedule.xml}, a scheduler that checks the schedules every
 * few seconds against its clock, one job at a time (backup or restore) on its own thread, and the alarms.
 * <p>
 * It is also the {@code drs} component of the backup: its own two files travel in every archive, so that a
 * restored appliance needs no DRS re-configuration (DRS-02).
 */
public class MasterAgentCore implements MasterAgent, DrsComponent {
    /** Trace file of the Master Agent ({@code drfMA0*}, DRS-10). */
    public static final Logger TRACE = LoggerFactory.getLogger("org.imegate.drs.trace.MA");
    private static final Logger LOG = LoggerFactory.getLogger(MasterAgentCore.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(org.imegate.api.audit.AuditLog.LOGGER);
    /** A backup to a network device that takes longer is abandoned (DRS-43). */
    public static final Duration NETWORK_TIMEOUT = Duration.ofHours(20);
    /** Local backups older than this are deleted (DRS-04). */
    public static final Duration LOCAL_RETENTION = Duration.ofDays(7);
    static final String LOCAL_WARNING = "WARNING: local backup files older than one week are deleted automatically;"
            + " copy them off the appliance (SFTP) to keep them longer.";
    private static final DateTimeFormatter TARFILE = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss", Locale.ROOT);
    private static final DateTimeFormatter LISTING = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private final DrfFiles files;
    private final Path localDirectory;
    private final Path logDirectory;
    private final SecretBox box;
    private final SettingsStore settings;
    private final Supplier<LocalAgent> agent;
    private final Supplier<Clock> clock;
    private final Alarms alarms;
    private final String version;
    private final String server;
    private final Duration networkTimeout;

    private List<Device> devices;
    private List<Schedule> schedules;
    private volatile String sealedSecurityPassword;
    private volatile boolean restartRequired;
    private volatile boolean closed;
    private volatile Instant schedulerClock;
    private volatile Job running;
    private volatile JobStatus lastBackup;
    private volatile JobStatus lastRestore;
    private String lastTarfile;
    private final AtomicLong backupsCompleted = new AtomicLong();
    private final AtomicLong backupsFailed = new AtomicLong();
    private final AtomicLong restoresCompleted = new AtomicLong();
    private final AtomicLong restoresFailed = new AtomicLong();
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> thread(r, "drs-job"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "drs-scheduler"));
    private ScheduledFuture<?> tick;

    /**
     * @param drsDirectory  the {@code drs} directory of the appliance store (drfDevice.xml, drfSchedule.xml)
     * @param localDirectory the local devices' root ({@code backup/<device>}, {@code restore/})
     * @param logDirectory  where job logs go ({@code <tarfile>_b.log}, {@code _r.log})
     * @throws IllegalStateException when the settings files cannot be read (DRFMasterAgentStartFailure)
     */
    public MasterAgentCore(Path drsDirectory, Path localDirectory, Path logDirectory, SecretBox box,
            SettingsStore settings, Supplier<LocalAgent> agent, Supplier<Clock> clock, Alarms alarms, String version,
            String server, String sealedSecurityPassword, Duration networkTimeout) {
        this.files = new DrfFiles(drsDirectory);
        this.localDirectory = localDirectory;
        this.logDirectory = logDirectory;
        this.box = box;
        this.settings = settings;
        this.agent = agent;
        this.clock = clock;
        this.alarms = alarms;
        this.version = version;
        this.server = server;
        this.networkTimeout = networkTimeout;
        this.sealedSecurityPassword = blankToNull(sealedSecurityPassword);
        try {
            AtomicFiles.privateDirectory(drsDirectory);
            this.devices = new ArrayList<>(files.readDevices());
            this.schedules = new ArrayList<>(files.readSchedules());
            if (!Files.exists(files.devicesFile())) {
                files.writeDevices(devices);
            }
            if (!Files.exists(files.schedulesFile())) {
                files.writeSchedules(schedules);
            }
        } catch (IOException | RuntimeException e) {
            alarms.raise(DrsAlarm.DRFMasterAgentStartFailure, "the Master Agent cannot read its settings in "
                    + drsDirectory + ": " + e.getMessage());
            jobs.shutdownNow();
            timers.shutdownNow();
            throw new IllegalStateException("DRS Master Agent cannot start: " + e.getMessage(), e);
        }
        TRACE.info("Master Agent started: version {}, server {}, {} device(s), {} schedule(s), local directory {}",
                version, server, devices.size(), schedules.size(), localDirectory);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Starts checking the schedules every {@code seconds}. */
    public synchronized void startScheduler(int seconds) {
        if (tick != null) {
            tick.cancel(false);
        }
        tick = timers.scheduleWithFixedDelay(this::checkSchedules, 0, seconds, TimeUnit.SECONDS);
    }

    /** Stops the scheduler and abandons a running job. */
    public void close() {
        closed = true;
        Job j = running;
        if (j != null) {
            j.cancel = true;
            DeviceSession s = j.session;
            if (s != null) {
                s.abort();
            }
        }
        timers.shutdownNow();
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TRACE.info("Master Agent stopped");
    }

    /** The security password, when the configuration sets it (a sealed value). */
    public void securityPasswordFromConfiguration(String sealed) {
        this.sealedSecurityPassword = blankToNull(sealed);
    }

    private Clock clock() {
        return clock.get();
    }

    @Override
    public ZoneId zone() {
        return clock().getZone();
    }

    @Override
    public String serverName() {
        return server;
    }

    @Override
    public boolean restartRequired() {
        return restartRequired;
    }

    @Override
    public Optional<Instant> schedulerClock() {
        return Optional.ofNullable(schedulerClock);
    }

    @Override
    public long[] counters() {
        return new long[] {backupsCompleted.get(), backupsFailed.get(), restoresCompleted.get(), restoresFailed.get()};
    }

    // ------------------------------------------------------------------ security password

    @Override
    public boolean securityPasswordSet() {
        return sealedSecurityPassword != null;
    }

    @Override
    public void setSecurityPassword(char[] password) {
        DrsRules.securityPassword(password);
        byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
        String sealed;
        try {
            sealed = box.seal(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        settings.saveSecurityPassword(sealed);
        sealedSecurityPassword = sealed;
        AUDIT.info("drs security-password: the DRS security password was changed");
        TRACE.info("security password changed");
    }

    private char[] securityPassword() {
        String sealed = sealedSecurityPassword;
        if (sealed == null) {
            alarms.raise(DrsAlarm.DRFTruststoreMissing, "no DRS security password is set: backups cannot be"
                    + " encrypted nor restores opened");
            throw new ValidationException("security-password", "ERROR: security-password is not set; set it with"
                    + " drs:security-password (a restore needs the password the backup was made with)");
        }
        try {
            return decode(box.open(sealed));
        } catch (IllegalArgumentException e) {
            alarms.raise(DrsAlarm.DRFTruststoreMissing, "the DRS security password cannot be opened with this"
                    + " appliance's master key: " + e.getMessage());
            throw Validate.fail("security-password", SecretBox.MASK, "cannot be opened with this appliance's master"
                    + " key; set it again with drs:security-password");
        }
    }

    /** The UTF-8 characters of {@code raw}, which is wiped. */
    static char[] decode(byte[] raw) {
        java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw));
        Arrays.fill(raw, (byte) 0);
        char[] out = new char[chars.remaining()];
        chars.get(out);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return out;
    }

    // ------------------------------------------------------------------ devices

    @Override
    public synchronized List<Device> devices() {
        return List.copyOf(devices);
    }

    private Device device(String name) {
        DrsRules.deviceName(name);
        return devices.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> Validate.unknown("device_name", name));
    }

    private void checkNewDevice(String name) {
        DrsRules.deviceName(name);
        if (devices.stream().anyMatch(d -> d.name().equals(name))) {
            throw Validate.duplicate("device_name", name);
        }
        if (devices.size() >= DrsRules.MAX_DEVICES) {
            throw Validate.fail("device_name", name, "cannot be added: " + DrsRules.MAX_DEVICES
                    + " devices are configured, at most " + DrsRules.MAX_DEVICES + " allowed; delete one first");
        }
    }

    @Override
    public synchronized Device addLocalDevice(String name, int numberOfBackups) {
        checkNewDevice(name);
        DrsRules.numberOfBackups(numberOfBackups);
        Device d = Device.local(name, numberOfBackups);
        try {
            new LocalDeviceSession(localDeviceDirectory(d)).close();
        } catch (DeviceException e) {
            alarms.raise(DrsAlarm.DRFLocalDeviceError, e.getMessage(), Map.of("device", name));
            throw Validate.fail("device_name", name, "cannot be created: " + e.getMessage());
        }
        List<Device> next = new ArrayList<>(devices);
        next.add(d);
        saveDevices(next);
        AUDIT.info("drs device local {} {}: local backup device added ({})", name, numberOfBackups,
                localDeviceDirectory(d));
        return d;
    }

    @Override
    public Device addNetworkDevice(String name, String path, String server, int port, String username,
            char[] password, int numberOfBackups) {
        synchronized (this) {
            checkNewDevice(name);
        }
        DrsRules.remotePath(path);
        DrsRules.server(server);
        DrsRules.port(port);
        DrsRules.username(username);
        DrsRules.numberOfBackups(numberOfBackups);
        if (password == null || password.length == 0) {
            throw Validate.fail("password", "", "is required (the password of " + username + " on " + server + ")");
        }
        // the Master Agent validates the device (seed: invalid user, password, server or path: the command fails)
        String hostKey;
        try (SftpDeviceSession s = SftpDeviceSession.connect(server, port, username, password, path, null)) {
            s.checkDirectory();
            hostKey = s.hostKey();
        } catch (DeviceException e) {
            TRACE.info("network device {} refused: {}", name, e.getMessage());
            throw deviceRefusal(e, path, server, port, username);
        }
        byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
        String sealed;
        try {
            sealed = box.seal(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        Device d = new Device(name, Device.Type.NETWORK, numberOfBackups, path, server, port, username, sealed,
                hostKey);
        synchronized (this) {
            checkNewDevice(name);
            List<Device> next = new ArrayList<>(devices);
            next.add(d);
            saveDevices(next);
        }
        AUDIT.info("drs device network {} {} {} {} {}: network backup device added (port {}, host key {})", name,
                path, server, username, numberOfBackups, port, hostKey);
        return d;
    }

    private static ValidationException deviceRefusal(DeviceException e, String path, String server, int port,
            String user) {
        return switch (e.kind()) {
            case UNREACHABLE -> Validate.fail("server_name", server, "cannot be reached on port " + port + " ("
                    + SftpDeviceSession.reason(e.getCause() == null ? e : e.getCause()) + ")");
            case AUTHENTICATION -> Validate.fail("username", user, "was refused by " + server + ":" + port
                    + " (wrong user name or password)");
            case HOST_KEY -> Validate.fail("server_name", server, e.getMessage());
            case PATH -> Validate.fail("path", path, e.getMessage().startsWith("path " + path + " ")
                    ? e.getMessage().substring(("path " + path + " ").length()) : e.getMessage());
            default -> Validate.fail("server_name", server, "SFTP failed: " + e.getMessage());
        };
    }

    @Override
    public synchronized void deleteDevice(String name) {
        Device d = device(name);
        List<String> users = schedules.stream().filter(s -> s.device().equals(name)).map(Schedule::name).toList();
        if (!users.isEmpty()) {
            throw Validate.inUse("device_name", name, "schedule " + String.join(", ", users));
        }
        Job j = running;
        if (j != null && j.device.name().equals(name)) {
            throw Validate.inUse("device_name", name, "the " + j.status.operation().name().toLowerCase(Locale.ROOT)
                    + " in progress");
        }
        List<Device> next = new ArrayList<>(devices);
        next.remove(d);
        saveDevices(next);
        AUDIT.info("drs device delete {}: backup device removed (its backup files are kept)", name);
    }

    private void saveDevices(List<Device> next) {
        try {
            files.writeDevices(next);
        } catch (IOException e) {
            alarms.raise(DrsAlarm.DRFInternalProcessFailure, "cannot write " + files.devicesFile() + ": "
                    + e.getMessage());
            throw Validate.fail("device", files.devicesFile(), "cannot be written: " + e.getMessage());
        }
        devices = next;
    }

    @Override
    public String devicePath(Device d) {
        return d.network() ? d.location() : localDeviceDirectory(d).toString();
    }

    Path localDeviceDirectory(Device d) {
        return localDirectory.resolve("backup").resolve(d.name());
    }

    Path restoreDirectory() {
        return localDirectory.resolve("restore");
    }

    // ------------------------------------------------------------------ schedules

    @Override
    public synchronized List<ScheduleView> schedules() {
        ZoneId zone = zone();
        return schedules.stream().map(s -> new ScheduleView(s, ScheduleTimes.next(s, zone))).toList();
    }

    private int scheduleIndex(String name) {
        DrsRules.scheduleName(name);
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i).name().equals(name)) {
                return i;
            }
        }
        throw Validate.unknown("schedulename", name);
    }

    @Override
    public synchronized void addSchedule(String name, String deviceName, String featureList, String dateTime,
            String frequency) {
        DrsRules.scheduleName(name);
        if (schedules.stream().anyMatch(s -> s.name().equals(name))) {
            throw Validate.duplicate("schedulename", name);
        }
        if (schedules.size() >= DrsRules.MAX_SCHEDULES) {
            throw Validate.fail("schedulename", name, "cannot be added: " + DrsRules.MAX_SCHEDULES
                    + " schedules are configured, at most " + DrsRules.MAX_SCHEDULES + " allowed; delete one first");
        }
        device(deviceName);
        String features = DrsRules.featureList(featureList);
        LocalDateTime start = DrsRules.dateTime(dateTime);
        Schedule.Frequency f = DrsRules.frequency(frequency);
        if (f == Schedule.Frequency.ONCE && !start.atZone(zone()).toInstant().isAfter(clock().instant())) {
            throw Validate.fail("datetime", dateTime, "is not in the future (a once schedule fires only once)");
        }
        List<Schedule> next = new ArrayList<>(schedules);
        next.add(new Schedule(name, deviceName, features, start, f, false, null, null, null));
        saveSchedules(next);
        AUDIT.info("drs schedule add {} {} {} {} {}: schedule added (disabled until enabled)", name, deviceName,
                features, dateTime, f.word());
    }

    @Override
    public synchronized void enableSchedule(String name) {
        int i = scheduleIndex(name);
        Schedule s = schedules.get(i);
        if (s.enabled()) {
            return;
        }
        Schedule e = s.enable(clock().instant());
        if (ScheduleTimes.next(e, zone()).isEmpty()) {
            throw Validate.fail("schedulename", name, "cannot be enabled: its once date "
                    + DrsRules.dateTime(s.start()) + " has passed; delete it and add a new one");
        }
        replaceSchedule(i, e);
        AUDIT.info("drs schedule enable {}: next backup at {}", name, ScheduleTimes.next(e, zone()).orElse(null));
    }

    @Override
    public synchronized void disableSchedule(String name) {
        int i = scheduleIndex(name);
        replaceSchedule(i, schedules.get(i).disable());
        AUDIT.info("drs schedule disable {}", name);
    }

    @Override
    public synchronized void deleteSchedule(String name) {
        int i = scheduleIndex(name);
        List<Schedule> next = new ArrayList<>(schedules);
        next.remove(i);
        saveSchedules(next);
        AUDIT.info("drs schedule delete {}", name);
    }

    private void replaceSchedule(int i, Schedule s) {
        List<Schedule> next = new ArrayList<>(schedules);
        next.set(i, s);
        saveSchedules(next);
    }

    private void saveSchedules(List<Schedule> next) {
        try {
            files.writeSchedules(next);
        } catch (IOException e) {
            alarms.raise(DrsAlarm.DRFInternalProcessFailure, "cannot write " + files.schedulesFile() + ": "
                    + e.getMessage());
            throw Validate.fail("schedule", files.schedulesFile(), "cannot be written: " + e.getMessage());
        }
        schedules = next;
    }

    /** One check of the scheduler: every enabled schedule that is due starts its backup (one at most per check). */
    void checkSchedules() {
        try {
            Instant now = clock().instant();
            if (restartRequired || closed) {
                schedulerClock = now;
                return;
            }
            List<Schedule> due = new ArrayList<>();
            synchronized (this) {
                ZoneId zone = zone();
                for (Schedule s : schedules) {
                    Optional<Instant> next = ScheduleTimes.next(s, zone);
                    if (next.isPresent() && !next.get().isAfter(now)) {
                        due.add(s);
                    }
                }
            }
            for (Schedule s : due) {
                fire(s, now);
            }
            schedulerClock = now;
        } catch (RuntimeException e) {
            alarms.raise(DrsAlarm.DRFInternalProcessFailure, "the scheduler failed: " + e);
            LOG.error("DRS scheduler check failed", e);
        }
    }

    private void fire(Schedule s, Instant now) {
        String result;
        try {
            Device d;
            synchronized (this) {
                d = device(s.device());
            }
            String tar = start(JobStatus.Operation.BACKUP, d, "schedule " + s.name(), s.name(), null);
            TRACE.info("schedule {} fired at {}: backup {} to device {}", s.name(), now, tar, d.name());
            result = "STARTED " + tar;
        } catch (ValidationException e) {
            TRACE.warn("schedule {} fired at {} but no backup started: {}", s.name(), now, e.getMessage());
            result = "NOT STARTED: " + e.getMessage();
        }
        synchronized (this) {
            for (int i = 0; i < schedules.size(); i++) {
                Schedule current = schedules.get(i);
                if (current.name().equals(s.name())) {
                    boolean stillEnabled = current.enabled() && current.frequency() != Schedule.Frequency.ONCE;
                    try {
                        replaceSchedule(i, current.ran(now, result, stillEnabled));
                    } catch (ValidationException e) {
                        LOG.error("cannot record the run of schedule {}: {}", s.name(), e.getMessage());
                    }
                }
            }
        }
    }

    private synchronized void scheduleResult(String schedule, String result) {
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = schedules.get(i);
            if (s.name().equals(schedule)) {
                try {
                    replaceSchedule(i, new Schedule(s.name(), s.device(), s.features(), s.start(), s.frequency(),
                            s.enabled(), s.enabledAt(), s.lastRun(), result));
                } catch (ValidationException e) {
                    LOG.error("cannot record the result of schedule {}: {}", schedule, e.getMessage());
                }
            }
        }
    }

    // ------------------------------------------------------------------ jobs

    @Override
    public String startBackup(String type, String featureList, String deviceName) {
        Device.Type t = DrsRules.type(type);
        try {
            DrsRules.featureList(featureList);
        } catch (ValidationException e) {
            alarms.raise(DrsAlarm.DRFNoRegisteredFeature, "backup asked for feature list " + featureList
                    + ": no feature selected");
            throw e;
        }
        Device d;
        synchronized (this) {
            d = device(deviceName);
        }
        if (d.type() != t) {
            throw Validate.fail("device_name", deviceName, "is a " + d.type().word() + " device; use backup "
                    + d.type().word() + " " + ArchiveFormat.FEATURE + " " + deviceName);
        }
        return start(JobStatus.Operation.BACKUP, d, "manual", null, null);
    }

    @Override
    public void startRestore(String type, String restoreServer, String tarFilename, String deviceName) {
        Device.Type t = DrsRules.type(type);
        Validate.required("restore_server", restoreServer);
        if (tarFilename != null && EntryPaths.traversal(tarFilename.trim())
                || tarFilename != null && (tarFilename.contains("/") || tarFilename.contains("\\"))) {
            alarms.raise(DrsAlarm.DRFSecurityViolation, "restore asked for file name " + tarFilename
                    + ", a directory traversal pattern; refused");
        }
        String tar = DrsRules.tarFilename(tarFilename);
        Device d;
        synchronized (this) {
            d = device(deviceName);
        }
        if (d.type() != t) {
            throw Validate.fail("device_name", deviceName, "is a " + d.type().word() + " device; use restore "
                    + d.type().word());
        }
        if (!restoreServer.equalsIgnoreCase(server)) {
            throw Validate.fail("restore_server", restoreServer, "is not this appliance (" + server
                    + "); a restore applies to the appliance it runs on");
        }
        if (t == Device.Type.LOCAL && localRestoreSource(d, tar).isEmpty()) {
            alarms.raise(DrsAlarm.DRFRestoreDeviceError, "backup file " + tar + ArchiveFormat.EXTENSION
                    + " is in neither " + restoreDirectory() + " nor " + localDeviceDirectory(d),
                    Map.of("device", d.name()));
            throw Validate.fail("tarfilename", tar, "is not a backup file in " + restoreDirectory() + " or "
                    + localDeviceDirectory(d));
        }
        start(JobStatus.Operation.RESTORE, d, "manual", null, tar);
    }

    private Optional<Path> localRestoreSource(Device d, String tar) {
        for (Path dir : List.of(restoreDirectory(), localDeviceDirectory(d))) {
            Path p = dir.resolve(tar + ArchiveFormat.EXTENSION);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The checks every job start shares, then the job on the job thread. */
    private String start(JobStatus.Operation op, Device d, String trigger, String schedule, String restoreTar) {
        if (closed) {
            throw Validate.fail("drs", "master-agent", "is stopping");
        }
        if (restartRequired) {
            throw Validate.fail("drs", "restore", "was applied: restart the appliance before any other backup or"
                    + " restore");
        }
        char[] password = securityPassword();
        boolean started = false;
        try {
            LocalAgent la = agent.get();
            Job ending = running;
            if (ending != null && ending.status.state().ended()) {
                // the job has its result and is only closing its log: let it finish rather than refuse
                awaitEnded(ending);
            }
            synchronized (this) {
                Job j = running;
                if (j != null) {
                    alarms.raise(DrsAlarm.DRFBackupInProgress, "a " + op.name().toLowerCase(Locale.ROOT)
                            + " was asked for while " + j.status.operation().name().toLowerCase(Locale.ROOT) + " "
                            + j.status.tarfile() + " is running");
                    throw Validate.fail("drs", op.name().toLowerCase(Locale.ROOT), "cannot start: "
                            + j.status.operation().name().toLowerCase(Locale.ROOT) + " " + j.status.tarfile()
                            + " is still running (drs:show-status " + j.status.operation().name().toLowerCase(
                                    Locale.ROOT) + ")");
                }
                if (la == null) {
                    alarms.raise(DrsAlarm.DRFMA2LAFailure, "no Local Agent is available to run the "
                            + op.name().toLowerCase(Locale.ROOT));
                    throw Validate.fail("drs", "local-agent", "is not available; the "
                            + op.name().toLowerCase(Locale.ROOT) + " cannot run");
                }
                Instant now = clock().instant();
                String tar = restoreTar;
                if (op == JobStatus.Operation.BACKUP) {
                    tar = TARFILE.format(now.atZone(zone()));
                    while (tar.equals(lastTarfile)) {
                        now = now.plusSeconds(1);
                        tar = TARFILE.format(now.atZone(zone()));
                    }
                    lastTarfile = tar;
                }
                Path log = logDirectory.resolve(tar + (op == JobStatus.Operation.BACKUP ? "_b" : "_r") + ".log");
                JobStatus status = new JobStatus(op, tar, d, devicePath(d), server, trigger, log, now);
                Job job = new Job(op, d, status, schedule, la, password, now, new JobLog(log, clock()));
                running = job;
                if (op == JobStatus.Operation.BACKUP) {
                    lastBackup = status;
                } else {
                    lastRestore = status;
                }
                try {
                    job.future = jobs.submit(job::run);
                } catch (RejectedExecutionException e) {
                    running = null;
                    throw Validate.fail("drs", "master-agent", "is stopping");
                }
                started = true;
                String action = op == JobStatus.Operation.BACKUP ? "DRS Backup" : "DRS Restore";
                AUDIT.info("{} {} Start ({}, device {}, {})", action, tar, trigger, d.name(), d.location());
                TRACE.info("{} {} started ({}, device {} {})", action, tar, trigger, d.name(), d.location());
                if (d.network() && op == JobStatus.Operation.BACKUP) {
                    job.watchdog = timers.schedule(job::timeout, networkTimeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                return tar;
            }
        } finally {
            if (!started) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static void awaitEnded(Job job) {
        Future<?> f = job.future;
        if (f == null) {
            return;
        }
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException
                | java.util.concurrent.TimeoutException e) {
            // the check below reports a job that still holds the agent
        }
    }

    /** Waits for the running job, if any, to end; true when none runs any more. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Job j = running;
            if (j == null) {
                return true;
            }
            Future<?> f = j.future;
            if (f == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                continue;
            }
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
            // the job's thread clears running in its last step, after the future completes
            synchronized (this) {
                if (running == j) {
                    running = null;
                }
            }
        }
        return running == null;
    }

    @Override
    public void cancelBackup() {
        Job j = running;
        if (j == null || j.status.operation() != JobStatus.Operation.BACKUP) {
            throw Validate.fail("cancel_backup", "yes", "has nothing to cancel: no backup is running");
        }
        j.cancel = true;
        j.status.cancelling();
        j.log.line("cancel requested by the operator");
        TRACE.info("backup {} cancel requested", j.status.tarfile());
        AUDIT.info("drs cancel_backup yes: backup {} cancel requested", j.status.tarfile());
    }

    @Override
    public Optional<JobStatus> backupStatus() {
        return Optional.ofNullable(lastBackup);
    }

    @Override
    public Optional<JobStatus> restoreStatus() {
        return Optional.ofNullable(lastRestore);
    }

    @Override
    public String statusText(JobStatus.Operation op) {
        JobStatus s = op == JobStatus.Operation.BACKUP ? lastBackup : lastRestore;
        String word = op == JobStatus.Operation.BACKUP ? "backup" : "restore";
        if (s == null) {
            return "Status: NONE :No " + word + " has run since the appliance started.\n"
                    + (restartRequired ? "Restart the appliance: a restore was applied.\n" : "");
        }
        return s.render(zone());
    }

    /** Called by the Local Agent's component when the Local Agent goes away. */
    public void localAgentGone(LocalAgent la) {
        Job j = running;
        if (j != null && j.agent == la) {
            j.disconnected = true;
            j.cancel = true;
            DrsAlarm alarm = j.status.operation() == JobStatus.Operation.BACKUP ? DrsAlarm.DRFMABackupNodeDisconnect
                    : DrsAlarm.DRFMARestoreNodeDisconnect;
            alarms.raise(alarm, "the Local Agent disconnected during " + j.status.operation().name().toLowerCase(
                    Locale.ROOT) + " " + j.status.tarfile(), Map.of("tarfile", j.status.tarfile()));
        }
    }

    /** One backup or restore. */
    private final class Job implements JobListener {
        final JobStatus.Operation op;
        final Device device;
        final JobStatus status;
        final String schedule;
        final LocalAgent agent;
        final char[] password;
        final Instant created;
        final JobLog log;
        volatile boolean cancel;
        volatile boolean timedOut;
        volatile boolean disconnected;
        volatile DeviceSession session;
        volatile Future<?> future;
        volatile ScheduledFuture<?> watchdog;

        Job(JobStatus.Operation op, Device device, JobStatus status, String schedule, LocalAgent agent,
                char[] password, Instant created, JobLog log) {
            this.op = op;
            this.device = device;
            this.status = status;
            this.schedule = schedule;
            this.agent = agent;
            this.password = password;
            this.created = created;
            this.log = log;
        }

        private void alive() {
            if (closed) {
                throw new IllegalStateException("the Master Agent stopped");
            }
            if (disconnected) {
                throw new IllegalStateException("the Master Agent dropped this Local Agent");
            }
        }

        @Override
        public void started(String component, JobStatus.Phase phase) {
            alive();
            status.started(component, phase, clock().instant());
            log.line("component " + component + ": " + phase.name().toLowerCase(Locale.ROOT) + " started");
        }

        @Override
        public void progress(String component, int percent) {
            alive();
            status.progress(component, percent);
        }

        @Override
        public void finished(String component, JobStatus.Phase phase, String error) {
            alive();
            status.finished(component, phase, error, clock().instant());
            log.line("component " + component + ": " + phase.name().toLowerCase(Locale.ROOT)
                    + (error == null ? " done" : " FAILED: " + error));
        }

        @Override
        public void log(String line) {
            log.line(line);
        }

        @Override
        public boolean cancelRequested() {
            alive();
            return cancel;
        }

        void timeout() {
            if (status.state().ended()) {
                return;
            }
            timedOut = true;
            cancel = true;
            log.line("the backup did not complete within " + networkTimeout.toHours() + " hours: abandoned");
            DeviceSession s = session;
            if (s != null) {
                s.abort();
            }
        }

        void run() {
            try {
                if (op == JobStatus.Operation.BACKUP) {
                    runBackup(this);
                } else {
                    runRestore(this);
                }
            } catch (RuntimeException | Error e) {
                alarms.raise(DrsAlarm.DRFInternalProcessFailure, op.name().toLowerCase(Locale.ROOT) + " "
                        + status.tarfile() + " failed unexpectedly: " + e);
                LOG.error("DRS {} {} failed unexpectedly", op, status.tarfile(), e);
                end(this, JobStatus.State.FAILED, "internal error: " + e, false);
            } finally {
                Arrays.fill(password, '\0');
                ScheduledFuture<?> w = watchdog;
                if (w != null) {
                    w.cancel(false);
                }
                log.close();
                synchronized (MasterAgentCore.this) {
                    if (running == this) {
                        running = null;
                    }
                }
            }
        }
    }

    private void end(Job job, JobStatus.State state, String message, boolean restart) {
        if (job.status.state().ended()) {
            return;
        }
        job.status.end(state, message, clock().instant(), restart);
        job.log.line(state + ": " + message);
        String action = job.op == JobStatus.Operation.BACKUP ? "DRS Backup" : "DRS Restore";
        String result = switch (state) {
            case SUCCESS -> "Success";
            case CANCELLED -> "Cancel";
            default -> "Failure";
        };
        AUDIT.info("{} {} {}: {}", action, job.status.tarfile(), result, message);
        TRACE.info("{} {} {}: {}", action, job.status.tarfile(), state, message);
        if (job.op == JobStatus.Operation.BACKUP) {
            (state == JobStatus.State.SUCCESS ? backupsCompleted : backupsFailed).incrementAndGet();
        } else {
            (state == JobStatus.State.SUCCESS ? restoresCompleted : restoresFailed).incrementAndGet();
        }
        if (job.schedule != null) {
            scheduleResult(job.schedule, state.name() + " " + job.status.tarfile());
        }
    }

    private void runBackup(Job job) {
        JobStatus st = job.status;
        String tar = st.tarfile();
        st.components(job.agent.componentNames());
        if (job.device.type() == Device.Type.LOCAL) {
            job.log.line(LOCAL_WARNING);
        }
        BackupSpool spool;
        try {
            spool = job.agent.backup(new BackupRequest(tar, job.created, job.password, version, server), job);
        } catch (BackupFailure f) {
            switch (f.kind()) {
                case NO_COMPONENTS -> alarms.raise(DrsAlarm.DRFNoRegisteredComponent, "backup " + tar
                        + " failed: no registered components are available");
                case COMPONENT -> alarms.raise(DrsAlarm.DRFMABackupComponentFailure, f.getMessage(),
                        Map.of("component", f.component(), "tarfile", tar));
                case WORK -> alarms.raise(DrsAlarm.DRFLocalDeviceError, f.getMessage());
                default -> {
                    // cancelled, or the agent already raised its alarm
                }
            }
            if (f.kind() == BackupFailure.Kind.CANCELLED && !job.timedOut && !job.disconnected) {
                end(job, JobStatus.State.CANCELLED, "Backup Cancelled after component(s) completed: no backup file"
                        + " was written", false);
            } else if (job.timedOut) {
                alarms.raise(DrsAlarm.DRFBackupFailure, "backup " + tar + " timed out", Map.of("tarfile", tar));
                end(job, JobStatus.State.TIMED_OUT, "the backup did not complete within "
                        + networkTimeout.toHours() + " hours; start a fresh backup", false);
            } else {
                alarms.raise(DrsAlarm.DRFBackupFailure, "backup " + tar + " failed: " + f.getMessage(),
                        Map.of("tarfile", tar));
                end(job, JobStatus.State.FAILED, f.getMessage(), false);
            }
            return;
        }
        try (spool) {
            if (job.cancel) {
                endCancelled(job, tar);
                return;
            }
            deliver(job, spool);
        } catch (IOException e) {
            TRACE.warn("cannot remove the spool of {}: {}", tar, e.toString());
        }
    }

    private void endCancelled(Job job, String tar) {
        if (job.timedOut) {
            alarms.raise(DrsAlarm.DRFBackupFailure, "backup " + tar + " timed out", Map.of("tarfile", tar));
            end(job, JobStatus.State.TIMED_OUT, "the backup did not complete within " + networkTimeout.toHours()
                    + " hours; start a fresh backup", false);
        } else if (job.disconnected) {
            alarms.raise(DrsAlarm.DRFBackupFailure, "backup " + tar + " lost its Local Agent", Map.of("tarfile", tar));
            end(job, JobStatus.State.FAILED, "the Local Agent disconnected", false);
        } else {
            end(job, JobStatus.State.CANCELLED, "Backup Cancelled: no backup file was written", false);
        }
    }

    /** Writes the archive to the device as {@code .part}, renames it when complete, then applies retention. */
    private void deliver(Job job, BackupSpool spool) {
        JobStatus st = job.status;
        String tar = st.tarfile();
        Device d = job.device;
        String part = tar + ArchiveFormat.PARTIAL_EXTENSION;
        String done = tar + ArchiveFormat.EXTENSION;
        DeviceSession session = null;
        boolean written = false;
        try {
            session = open(d);
            job.session = session;
            if (job.cancel) {
                endCancelled(job, tar);
                return;
            }
            long total = Math.max(1, spool.size());
            job.log.line("writing " + part + " to " + session.location());
            try (OutputStream out = session.create(part)) {
                spool.writeArchive(out, copied -> {
                    st.transfer((int) (copied * 100 / total));
                    if (job.cancel) {
                        throw new java.io.UncheckedIOException(new DeviceException(DeviceException.Kind.ABORTED,
                                "the transfer was stopped", null));
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            session.rename(part, done);
            written = true;
            job.log.line("archive " + done + " complete on " + session.location());
            retention(job, session);
            alarms.clear("backup " + tar + " succeeded", DrsAlarm.DRFBackupFailure, DrsAlarm.DRFSftpFailure,
                    DrsAlarm.DRFBackupDeviceError, DrsAlarm.DRFLocalDeviceError,
                    DrsAlarm.DRFMABackupComponentFailure, DrsAlarm.DRFNoRegisteredComponent);
            end(job, JobStatus.State.SUCCESS, "Backup Completed..." + (d.type() == Device.Type.LOCAL ? " "
                    + LOCAL_WARNING : ""), false);
        } catch (IOException e) {
            if (session != null && !written) {
                removeQuietly(session, part, job);
            }
            if (job.cancel) {
                endCancelled(job, tar);
                return;
            }
            deviceAlarms(d, e, true);
            alarms.raise(DrsAlarm.DRFBackupFailure, "backup " + tar + " failed: " + e.getMessage(),
                    Map.of("tarfile", tar, "device", d.name()));
            end(job, JobStatus.State.FAILED, "cannot write to device " + d.name() + ": " + e.getMessage(), false);
        } finally {
            job.session = null;
            if (session != null) {
                try {
                    session.close();
                } catch (IOException ignored) {
                    // closed anyway
                }
            }
        }
    }

    private void removeQuietly(DeviceSession session, String name, Job job) {
        try {
            session.delete(name);
            job.log.line("removed the incomplete " + name);
        } catch (IOException | RuntimeException e) {
            job.log.line("cannot remove the incomplete " + name + ": " + e.getMessage()
                    + " (the next backup removes it)");
        }
    }

    private void deviceAlarms(Device d, IOException e, boolean backup) {
        Map<String, String> details = Map.of("device", d.name());
        if (d.network()) {
            alarms.raise(DrsAlarm.DRFSftpFailure, "SFTP with " + d.location() + " failed: " + e.getMessage(), details);
            alarms.raise(backup ? DrsAlarm.DRFBackupDeviceError : DrsAlarm.DRFRestoreDeviceError,
                    "device " + d.name() + ": " + e.getMessage(), details);
        } else {
            alarms.raise(backup ? DrsAlarm.DRFLocalDeviceError : DrsAlarm.DRFRestoreDeviceError,
                    "device " + d.name() + ": " + e.getMessage(), details);
        }
    }

    private DeviceSession open(Device d) throws IOException {
        if (!d.network()) {
            return new LocalDeviceSession(localDeviceDirectory(d));
        }
        byte[] raw;
        try {
            raw = box.open(d.sealedPassword());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(DeviceException.Kind.AUTHENTICATION, "the password of device " + d.name()
                    + " cannot be opened with this appliance's master key (restart after a restore, or create the"
                    + " device again)", e);
        }
        char[] password = decode(raw);
        try {
            return SftpDeviceSession.connect(d.server(), d.port(), d.username(), password, d.path(),
                    d.hostKey());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Keeps the device's newest {@code number_of_backups} archives (and, on a local device, none older than a
     * week); removes incomplete files left by interrupted backups.
     */
    private void retention(Job job, DeviceSession session) {
        Device d = job.device;
        try {
            List<BackupFile> files = session.list();
            List<String> archives = new ArrayList<>();
            for (BackupFile f : files) {
                String n = f.name();
                if (n.endsWith(ArchiveFormat.PARTIAL_EXTENSION)) {
                    session.delete(n);
                    job.log.line("removed " + n + ", left by an interrupted backup");
                } else if (n.endsWith(ArchiveFormat.EXTENSION) && ArchiveFormat.TARFILE.matcher(
                        n.substring(0, n.length() - ArchiveFormat.EXTENSION.length())).matches()) {
                    archives.add(n);
                }
            }
            archives.sort(null);
            List<String> remove = new ArrayList<>();
            while (archives.size() - remove.size() > d.numberOfBackups()) {
                remove.add(archives.get(remove.size()));
            }
            if (!d.network()) {
                Instant limit = clock().instant().minus(LOCAL_RETENTION);
                for (String a : archives) {
                    if (!remove.contains(a) && archiveTime(a).map(t -> t.isBefore(limit)).orElse(false)) {
                        remove.add(a);
                    }
                }
            }
            for (String a : remove) {
                session.delete(a);
                job.log.line("removed " + a + " (device keeps " + d.numberOfBackups() + " backup(s)"
                        + (d.network() ? "" : ", none older than one week") + ")");
                TRACE.info("device {}: removed {} by retention", d.name(), a);
            }
        } catch (IOException e) {
            deviceAlarms(d, e, true);
            job.log.line("retention on device " + d.name() + " failed: " + e.getMessage());
        }
    }

    private Optional<Instant> archiveTime(String fileName) {
        try {
            String tar = fileName.substring(0, fileName.length() - ArchiveFormat.EXTENSION.length());
            return Optional.of(LocalDateTime.parse(tar, TARFILE).atZone(zone()).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void runRestore(Job job) {
        JobStatus st = job.status;
        String tar = st.tarfile();
        Device d = job.device;
        LocalAgent la = job.agent;
        Path staging = la.workDirectory().resolve("restore-" + tar + ArchiveFormat.EXTENSION);
        try {
            try {
                fetch(job, staging);
            } catch (IOException e) {
                deviceAlarms(d, e, false);
                alarms.raise(DrsAlarm.DRFRestoreFailure, "restore " + tar + " failed: " + e.getMessage(),
                        Map.of("tarfile", tar, "device", d.name()));
                end(job, JobStatus.State.FAILED, "cannot read " + tar + ArchiveFormat.EXTENSION + " from device "
                        + d.name() + ": " + e.getMessage() + "; nothing was changed", false);
                return;
            }
            VerifiedArchive verified;
            try {
                verified = la.verify(staging, job.password, version, job);
            } catch (ArchiveException e) {
                if (e.kind() == ArchiveException.Kind.ALTERED || e.kind() == ArchiveException.Kind.TRAVERSAL) {
                    alarms.raise(DrsAlarm.DRFSecurityViolation, "backup " + tar + " was refused: " + e.getMessage(),
                            Map.of("tarfile", tar));
                }
                alarms.raise(DrsAlarm.DRFRestoreFailure, "restore " + tar + " refused: " + e.getMessage(),
                        Map.of("tarfile", tar, "reason", e.kind().name()));
                end(job, JobStatus.State.FAILED, "Restore refused (" + reason(e.kind()) + "): " + e.getMessage()
                        + "; nothing was changed", false);
                return;
            } catch (IOException e) {
                alarms.raise(DrsAlarm.DRFRestoreFailure, "restore " + tar + " failed: " + e.getMessage(),
                        Map.of("tarfile", tar));
                end(job, JobStatus.State.FAILED, "cannot read the backup: " + e.getMessage() + "; nothing was changed",
                        false);
                return;
            } catch (IllegalStateException e) {
                alarms.raise(DrsAlarm.DRFLA2MAFailure, "the Local Agent cannot report to the Master Agent: " + e);
                end(job, JobStatus.State.FAILED, e.getMessage() + "; nothing was changed", false);
                return;
            }
            if (job.disconnected || closed) {
                end(job, JobStatus.State.FAILED, "the Local Agent disconnected before the restore; nothing was changed",
                        false);
                return;
            }
            job.log.line("backup verified: version " + verified.manifest().version() + ", made on "
                    + verified.manifest().server() + " at " + verified.manifest().created() + ", components "
                    + verified.manifest().components().stream().map(c -> c.name()).toList());
            restartRequired = true;
            List<String> failed;
            try {
                failed = la.apply(verified, job);
            } catch (IOException | IllegalStateException e) {
                alarms.raise(DrsAlarm.DRFMARestoreComponentFailure, "restore " + tar + " stopped: " + e.getMessage(),
                        Map.of("tarfile", tar));
                alarms.raise(DrsAlarm.DRFRestoreFailure, "restore " + tar + " failed: " + e.getMessage(),
                        Map.of("tarfile", tar));
                end(job, JobStatus.State.FAILED, "the restore stopped part way: " + e.getMessage()
                        + "; restart the appliance and restore again", true);
                return;
            }
            if (!failed.isEmpty()) {
                alarms.raise(DrsAlarm.DRFMARestoreComponentFailure, "restore " + tar + ": component(s) "
                        + String.join(", ", failed) + " failed", Map.of("tarfile", tar));
                alarms.raise(DrsAlarm.DRFRestoreFailure, "restore " + tar + " failed for " + String.join(", ", failed),
                        Map.of("tarfile", tar));
                end(job, JobStatus.State.FAILED, "component(s) " + String.join(", ", failed) + " failed to restore;"
                        + " restart the appliance", true);
                return;
            }
            alarms.clear("restore " + tar + " succeeded", DrsAlarm.DRFRestoreFailure, DrsAlarm.DRFRestoreDeviceError,
                    DrsAlarm.DRFMARestoreComponentFailure);
            end(job, JobStatus.State.SUCCESS, "Restore Completed... Restart the appliance now so that every module"
                    + " runs on the restored data", true);
        } finally {
            try {
                Files.deleteIfExists(staging);
            } catch (IOException e) {
                TRACE.warn("cannot remove {}: {}", staging, e.toString());
            }
        }
    }

    private static String reason(ArchiveException.Kind kind) {
        return switch (kind) {
            case DAMAGED -> "the backup file is damaged or truncated";
            case ALTERED -> "the backup file was altered";
            case TRAVERSAL -> "the backup file holds a directory traversal";
            case VERSION -> "version mismatch";
            case PASSWORD -> "wrong security password";
            case INCOMPATIBLE -> "the backup does not fit this appliance";
        };
    }

    /** Copies the archive from its device into the Local Agent's work directory. */
    private void fetch(Job job, Path staging) throws IOException {
        String name = job.status.tarfile() + ArchiveFormat.EXTENSION;
        Files.deleteIfExists(staging);
        if (!job.device.network()) {
            Path source = localRestoreSource(job.device, job.status.tarfile()).orElseThrow(
                    () -> new DeviceException(DeviceException.Kind.PATH, name + " is no longer in "
                            + restoreDirectory() + " nor in " + localDeviceDirectory(job.device), null));
            job.log.line("reading " + source);
            Files.copy(source, staging, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (DeviceSession s = open(job.device)) {
            job.session = s;
            job.log.line("reading " + name + " from " + s.location());
            boolean present = s.list().stream().anyMatch(f -> f.name().equals(name));
            if (!present) {
                throw new DeviceException(DeviceException.Kind.PATH, name + " is not on " + s.location(), null);
            }
            try (InputStream in = s.open(name)) {
                Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            job.session = null;
        }
    }

    // ------------------------------------------------------------------ listings

    @Override
    public String localBackupFiles(String which) {
        Validate.required("backup|restore", which);
        StringBuilder out = new StringBuilder();
        if (which.equalsIgnoreCase("backup")) {
            Path root = localDirectory.resolve("backup");
            out.append("Local backup files in ").append(root).append(":\n");
            out.append(String.format("%-24s %-30s %14s  %s%n", "Device", "File", "Size", "Date"));
            List<Device> local = devices().stream().filter(d -> !d.network()).toList();
            int n = 0;
            for (Device d : local) {
                Path dir = localDeviceDirectory(d);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (LocalDeviceSession s = new LocalDeviceSession(dir)) {
                    for (BackupFile f : s.list()) {
                        if (f.name().endsWith(ArchiveFormat.EXTENSION)) {
                            out.append(String.format("%-24s %-30s %14d  %s%n", d.name(), f.name(), f.size(),
                                    LISTING.format(f.modified().atZone(zone()))));
                            n++;
                        }
                    }
                } catch (IOException e) {
                    alarms.raise(DrsAlarm.DRFLocalDeviceError, "cannot list " + dir + ": " + e.getMessage());
                    throw Validate.fail("device_name", d.name(), "cannot be listed: " + e.getMessage());
                }
            }
            out.append(n).append(" backup file(s)\n");
        } else if (which.equalsIgnoreCase("restore")) {
            Path dir = restoreDirectory();
            out.append("Local restore files in ").append(dir).append(":\n");
            out.append(String.format("%-30s %14s  %s%n", "File", "Size", "Date"));
            int n = 0;
            try (LocalDeviceSession s = new LocalDeviceSession(dir)) {
                for (BackupFile f : s.list()) {
                    if (f.name().endsWith(ArchiveFormat.EXTENSION)) {
                        out.append(String.format("%-30s %14d  %s%n", f.name(), f.size(),
                                LISTING.format(f.modified().atZone(zone()))));
                        n++;
                    }
                }
            } catch (IOException e) {
                alarms.raise(DrsAlarm.DRFLocalDeviceError, "cannot list " + dir + ": " + e.getMessage());
                throw Validate.fail("restore", dir, "cannot be listed: " + e.getMessage());
            }
            out.append(n).append(" backup file(s)\n");
        } else {
            throw Validate.fail("local", which, "must be backup or restore");
        }
        return out.toString();
    }

    @Override
    public String networkBackupFiles(String path, String server, int port, String username, char[] password) {
        DrsRules.remotePath(path);
        DrsRules.server(server);
        DrsRules.port(port);
        DrsRules.username(username);
        if (password == null || password.length == 0) {
            throw Validate.fail("password", "", "is required");
        }
        String known = devices().stream().filter(d -> d.network() && d.server().equals(server) && d.port() == port)
                .map(Device::hostKey).filter(k -> k != null).findFirst().orElse(null);
        try (SftpDeviceSession s = SftpDeviceSession.connect(server, port, username, password, path, known)) {
            StringBuilder out = new StringBuilder("Backup files in " + s.location() + " (host key " + s.hostKey()
                    + "):\n");
            out.append(String.format("%-30s %14s  %s%n", "File", "Size", "Date"));
            int n = 0;
            for (BackupFile f : s.list()) {
                if (f.name().endsWith(ArchiveFormat.EXTENSION)) {
                    out.append(String.format("%-30s %14d  %s%n", f.name(), f.size(),
                            LISTING.format(f.modified().atZone(zone()))));
                    n++;
                }
            }
            out.append(n).append(" backup file(s)\n");
            return out.toString();
        } catch (DeviceException e) {
            throw deviceRefusal(e, path, server, port, username);
        } catch (IOException e) {
            throw Validate.fail("path", path, "cannot be listed on " + server + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the drs component (DRS-02)

    @Override
    public String name() {
        return "drs";
    }

    @Override
    public String description() {
        return "DRS devices and schedules (" + DrfFiles.DEVICES + ", " + DrfFiles.SCHEDULES + ")";
    }

    @Override
    public Set<String> storePaths() {
        return Set.of("drs");
    }

    @Override
    public void backup(DrsBackupWriter out) throws IOException {
        byte[] devicesXml;
        byte[] schedulesXml;
        synchronized (this) {
            devicesXml = DrfFiles.devicesDocument(devices);
            schedulesXml = DrfFiles.schedulesDocument(schedules);
        }
        out.addBytes(DrfFiles.DEVICES, devicesXml);
        out.addBytes(DrfFiles.SCHEDULES, schedulesXml);
    }

    @Override
    public void verify(DrsRestoreReader in) throws IOException {
        read(in);
    }

    private static byte[][] read(DrsRestoreReader in) throws IOException {
        byte[] devicesXml = null;
        byte[] schedulesXml = null;
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            byte[] content = e.content().readNBytes(1 << 20);
            switch (e.path()) {
                case DrfFiles.DEVICES -> devicesXml = content;
                case DrfFiles.SCHEDULES -> schedulesXml = content;
                default -> throw new IOException("unexpected entry " + e.path());
            }
        }
        if (devicesXml == null || schedulesXml == null) {
            throw new IOException("the backup lacks " + DrfFiles.DEVICES + " or " + DrfFiles.SCHEDULES);
        }
        DrfFiles.parseDevices(new ByteArrayInputStream(devicesXml));
        DrfFiles.parseSchedules(new ByteArrayInputStream(schedulesXml));
        return new byte[][] {devicesXml, schedulesXml};
    }

    @Override
    public void restore(DrsRestoreReader in) throws IOException {
        byte[][] docs = read(in);
        synchronized (this) {
            AtomicFiles.write(files.devicesFile(), docs[0]);
            AtomicFiles.write(files.schedulesFile(), docs[1]);
            devices = new ArrayList<>(files.readDevices());
            schedules = new ArrayList<>(files.readSchedules());
        }
        TRACE.info("restored {} device(s) and {} schedule(s) from the backup", devices.size(), schedules.size());
    }
}
