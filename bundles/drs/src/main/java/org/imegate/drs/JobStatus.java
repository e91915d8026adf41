package org.imegate.drs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status of one backup or restore job, as {@code utils disaster_recovery status backup|restore} shows it
 * (DRS-41, DRS-54): overall state and percentage, archive, storage location, log file, and per component the
 * feature, server, component, percentage, result and time. Updated by the job's thread, read by anyone.
 */
public final class JobStatus {
    /** Backup or restore. */
    public enum Operation {
        BACKUP, RESTORE
    }

    /** State of the job (catalogue §7.6). */
    public enum State {
        RUNNING, CANCELLING, SUCCESS, FAILED, CANCELLED, TIMED_OUT;

        public boolean ended() {
            return this != RUNNING && this != CANCELLING;
        }
    }

    /** What a component is doing. */
    public enum Phase {
        BACKUP, VERIFY, RESTORE
    }

    /** Result of a component. */
    public enum Result {
        WAITING, ACTIVE, SUCCESS, ERROR, CANCELLED, NOT_RUN
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.ROOT);

    private final Operation operation;
    private final String tarfile;
    private final Device.Type storage;
    private final String device;
    private final String location;
    private final String server;
    private final String trigger;
    private final Path logFile;
    private final Instant started;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private State state = State.RUNNING;
    private String message;
    private Instant ended;
    private int transferPercent;
    private boolean restartRequired;

    private static final class Row {
        final String component;
        Phase phase;
        Result result = Result.WAITING;
        int percent;
        int verifyPercent;
        Instant time;
        String error;

        Row(String component) {
            this.component = component;
        }
    }

    /** {@code location} is where the device keeps its files (directory, or user@server:port:path). */
    public JobStatus(Operation operation, String tarfile, Device device, String location, String server,
            String trigger, Path logFile, Instant started) {
        this.operation = operation;
        this.tarfile = tarfile;
        this.storage = device.type();
        this.device = device.name();
        this.location = location;
        this.server = server;
        this.trigger = trigger;
        this.logFile = logFile;
        this.started = started;
        this.message = operation == Operation.BACKUP ? "Backup in progress..." : "Restore in progress...";
    }

    public Operation operation() {
        return operation;
    }

    public String tarfile() {
        return tarfile;
    }

    public String device() {
        return device;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized String message() {
        return message;
    }

    public synchronized boolean restartRequired() {
        return restartRequired;
    }

    public synchronized void components(List<String> names) {
        for (String n : names) {
            rows.computeIfAbsent(n, Row::new);
        }
    }

    public synchronized void started(String component, Phase phase, Instant now) {
        Row r = rows.computeIfAbsent(component, Row::new);
        r.phase = phase;
        r.result = Result.ACTIVE;
        r.time = now;
        if (phase == Phase.RESTORE) {
            r.percent = 0;
        }
    }

    public synchronized void progress(String component, int percent) {
        Row r = rows.computeIfAbsent(component, Row::new);
        int p = Math.max(0, Math.min(99, percent));
        if (r.phase == Phase.VERIFY) {
            r.verifyPercent = p;
        } else {
            r.percent = p;
        }
    }

    public synchronized void finished(String component, Phase phase, String error, Instant now) {
        Row r = rows.computeIfAbsent(component, Row::new);
        r.time = now;
        r.phase = phase;
        if (error != null) {
            r.result = Result.ERROR;
            r.error = error;
        } else if (phase == Phase.VERIFY) {
            r.verifyPercent = 100;
            r.result = Result.WAITING;
        } else {
            r.percent = 100;
            r.result = Result.SUCCESS;
        }
    }

    public synchronized void transfer(int percent) {
        transferPercent = Math.max(0, Math.min(100, percent));
    }

    public synchronized void cancelling() {
        if (state == State.RUNNING) {
            state = State.CANCELLING;
            message = "Cancel requested: the backup stops after the current component...";
        }
    }

    /** Ends the job; components that did not run are marked so. */
    public synchronized void end(State end, String text, Instant now, boolean restart) {
        state = end;
        message = text;
        ended = now;
        restartRequired = restart;
        for (Row r : rows.values()) {
            if (r.result == Result.WAITING || r.result == Result.ACTIVE) {
                r.result = end == State.CANCELLED ? Result.CANCELLED : Result.NOT_RUN;
            }
        }
        if (end == State.SUCCESS) {
            transferPercent = 100;
        }
    }

    /** Overall percentage: the components (and for a backup, the transfer to the device; for a restore, the check). */
    public synchronized int percent() {
        if (state == State.SUCCESS) {
            return 100;
        }
        if (rows.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (Row r : rows.values()) {
            sum += operation == Operation.BACKUP ? r.percent : r.verifyPercent + r.percent;
        }
        long parts = operation == Operation.BACKUP ? rows.size() + 1L : 2L * rows.size();
        if (operation == Operation.BACKUP) {
            sum += transferPercent;
        }
        return (int) Math.min(99, sum / parts);
    }

    /** The status text. */
    public synchronized String render(ZoneId zone) {
        StringBuilder b = new StringBuilder();
        String op = operation == Operation.BACKUP ? "backup" : "restore";
        b.append("Status: ").append(state).append(" :").append(message).append('\n');
        b.append("Tar Filename: ").append(tarfile).append(org.imegate.drs.archive.ArchiveFormat.EXTENSION).append('\n');
        b.append("Storage Location: ").append(storage).append('\n');
        b.append("Device: ").append(device).append(" (").append(location).append(")\n");
        b.append("Operation: ").append(op).append('\n');
        b.append("Trigger: ").append(trigger).append('\n');
        b.append("Percentage Complete: ").append(percent()).append('\n');
        b.append("Started: ").append(TIME.format(started.atZone(zone))).append('\n');
        if (ended != null) {
            b.append("Ended: ").append(TIME.format(ended.atZone(zone))).append('\n');
        }
        b.append("Log File: ").append(logFile).append('\n');
        b.append(String.format("%-8s %-20s %-18s %-7s %-10s %s%n", "Feature", "Server", "Component", "Status",
                "Result", "Time"));
        for (Row r : rows.values()) {
            int shown = operation == Operation.RESTORE && r.phase == Phase.VERIFY ? r.verifyPercent : r.percent;
            String result = r.result == Result.ACTIVE ? (r.phase == Phase.VERIFY ? "VERIFYING"
                    : r.phase == Phase.RESTORE ? "RESTORING" : "RUNNING") : r.result.name();
            if (operation == Operation.RESTORE && r.result == Result.WAITING && r.verifyPercent == 100) {
                result = "VERIFIED";
            }
            b.append(String.format("%-8s %-20s %-18s %-7s %-10s %s%n", org.imegate.drs.archive.ArchiveFormat.FEATURE,
                    server, r.component, shown, result, r.time == null ? "-" : TIME.format(r.time.atZone(zone))));
            if (r.error != null) {
                b.append("         error: ").append(r.error).append('\n');
            }
        }
        if (restartRequired) {
            b.append("Restart the appliance now (system:shutdown -r -f, or bin/stop then bin/start) so that every"
                    + " module runs on the restored data; until then backups and restores are refused.\n");
        }
        return b.toString();
    }

    /** Names and results of the components, for tests and the JMX view. */
    public synchronized List<String> componentResults() {
        List<String> out = new ArrayList<>();
        rows.values().forEach(r -> out.add(r.component + "=" + r.result));
        return out;
    }
}
