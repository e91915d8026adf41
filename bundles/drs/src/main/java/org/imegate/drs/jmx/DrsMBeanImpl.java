package org.imegate.drs.jmx;

import java.util.Arrays;
import java.util.function.Supplier;
import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.imegate.api.drs.DrsMBean;
import org.imegate.api.validation.ValidationException;
import org.imegate.drs.Device;
import org.imegate.drs.DrsRules;
import org.imegate.drs.JobStatus;
import org.imegate.drs.MasterAgent;
import org.imegate.drs.Schedule;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code org.imegate:type=drs,name=master-agent}: the Master Agent over JMX with the shell's validation; refusals
 * reach the client as IllegalArgumentException with the same {@code ERROR: ...} message. Passwords go in, never out.
 */
@Component(service = {DrsMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=drs,name=master-agent")
public final class DrsMBeanImpl extends StandardMBean implements DrsMBean {

    private static final String[] DEVICE_ITEMS = {"Name", "Type", "Path", "Server", "Port", "Username",
        "NumberOfBackups", "HostKey"};
    private static final String[] SCHEDULE_ITEMS = {"Name", "Device", "Features", "DateTime", "Frequency", "Status",
        "NextRun", "LastRun", "LastResult"};
    private static final CompositeType DEVICE;
    private static final TabularType DEVICES;
    private static final CompositeType SCHEDULE;
    private static final TabularType SCHEDULES;

    static {
        try {
            DEVICE = new CompositeType("Device", "A backup device", DEVICE_ITEMS,
                    new String[] {"device name", "local or network", "directory", "SFTP server", "SFTP port",
                        "SFTP user", "backups kept", "SFTP host key fingerprint"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.INTEGER, SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING});
            DEVICES = new TabularType("Devices", "The backup devices", DEVICE, new String[] {"Name"});
            SCHEDULE = new CompositeType("Schedule", "A backup schedule", SCHEDULE_ITEMS,
                    new String[] {"schedule name", "device", "feature list", "start yyyy/mm/dd-hh:mm",
                        "once, daily, weekly or monthly", "enabled or disabled", "next run (ISO-8601) or empty",
                        "last run (ISO-8601) or empty", "result of the last run or empty"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.STRING});
            SCHEDULES = new TabularType("Schedules", "The backup schedules", SCHEDULE, new String[] {"Name"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MasterAgent ma;

    @Activate
    public DrsMBeanImpl(@Reference MasterAgent ma) throws NotCompliantMBeanException {
        super(DrsMBean.class);
        this.ma = ma;
    }

    private static <T> T call(Supplier<T> s) {
        try {
            return s.get();
        } catch (ValidationException e) {
            // a JMX client cannot load imegate classes: the same words, as a JDK exception
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    @Override
    public TabularData getDevices() {
        TabularDataSupport t = new TabularDataSupport(DEVICES);
        for (Device d : ma.devices()) {
            put(t, DEVICE, DEVICE_ITEMS, d.name(), d.type().word(), d.network() ? d.path() : "", d.network() ? d.server() : "",
                    d.port(), d.network() ? d.username() : "", d.numberOfBackups(),
                    d.hostKey() == null ? "" : d.hostKey());
        }
        return t;
    }

    @Override
    public TabularData getSchedules() {
        TabularDataSupport t = new TabularDataSupport(SCHEDULES);
        for (MasterAgent.ScheduleView v : ma.schedules()) {
            Schedule s = v.schedule();
            put(t, SCHEDULE, SCHEDULE_ITEMS, s.name(), s.device(), s.features(), DrsRules.dateTime(s.start()), s.frequency().word(),
                    s.enabled() ? "enabled" : "disabled", v.next().map(Object::toString).orElse(""),
                    s.lastRun() == null ? "" : s.lastRun().toString(), s.lastResult() == null ? "" : s.lastResult());
        }
        return t;
    }

    private static void put(TabularDataSupport t, CompositeType type, String[] names, Object... values) {
        try {
            t.put(new CompositeDataSupport(type, names, values));
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getBackupStatus() {
        return ma.statusText(JobStatus.Operation.BACKUP);
    }

    @Override
    public String getRestoreStatus() {
        return ma.statusText(JobStatus.Operation.RESTORE);
    }

    @Override
    public String getBackupState() {
        return ma.backupStatus().map(s -> s.state().name()).orElse("NONE");
    }

    @Override
    public String getRestoreState() {
        return ma.restoreStatus().map(s -> s.state().name()).orElse("NONE");
    }

    @Override
    public String getBackupTarFilename() {
        return ma.backupStatus().map(JobStatus::tarfile).orElse("");
    }

    @Override
    public String getServerName() {
        return ma.serverName();
    }

    @Override
    public boolean isSecurityPasswordSet() {
        return ma.securityPasswordSet();
    }

    @Override
    public boolean isRestartRequired() {
        return ma.restartRequired();
    }

    @Override
    public String getSchedulerClock() {
        return ma.schedulerClock().map(Object::toString).orElse("");
    }

    @Override
    public long getBackupsCompleted() {
        return ma.counters()[0];
    }

    @Override
    public long getBackupsFailed() {
        return ma.counters()[1];
    }

    @Override
    public long getRestoresCompleted() {
        return ma.counters()[2];
    }

    @Override
    public long getRestoresFailed() {
        return ma.counters()[3];
    }

    @Override
    public void changeSecurityPassword(String password) {
        char[] chars = password == null ? new char[0] : password.toCharArray();
        try {
            run(() -> ma.setSecurityPassword(chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public void addLocalDevice(String name, int numberOfBackups) {
        run(() -> ma.addLocalDevice(name, numberOfBackups));
    }

    @Override
    public void addNetworkDevice(String name, String path, String server, int port, String username, String password,
            int numberOfBackups) {
        char[] chars = password == null ? new char[0] : password.toCharArray();
        try {
            run(() -> ma.addNetworkDevice(name, path, server, port, username, chars, numberOfBackups));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public void deleteDevice(String name) {
        run(() -> ma.deleteDevice(name));
    }

    @Override
    public void addSchedule(String name, String device, String featureList, String dateTime, String frequency) {
        run(() -> ma.addSchedule(name, device, featureList, dateTime, frequency));
    }

    @Override
    public void enableSchedule(String name) {
        run(() -> ma.enableSchedule(name));
    }

    @Override
    public void disableSchedule(String name) {
        run(() -> ma.disableSchedule(name));
    }

    @Override
    public void deleteSchedule(String name) {
        run(() -> ma.deleteSchedule(name));
    }

    @Override
    public String backup(String type, String featureList, String device) {
        return call(() -> ma.startBackup(type, featureList, device));
    }

    @Override
    public void cancelBackup() {
        run(ma::cancelBackup);
    }

    @Override
    public void restore(String type, String restoreServer, String tarFilename, String device) {
        run(() -> ma.startRestore(type, restoreServer, tarFilename, device));
    }

    @Override
    public String showLocalBackupFiles(String directory) {
        return call(() -> ma.localBackupFiles(directory));
    }

    @Override
    public String showNetworkBackupFiles(String path, String server, int port, String username, String password) {
        char[] chars = password == null ? new char[0] : password.toCharArray();
        try {
            return call(() -> ma.networkBackupFiles(path, server, port, username, chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
