package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertState;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.drs.DrsAlarm;
import org.imegate.api.drs.DrsMBean;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Inside the container, the DRS scheduler on a clock the test moves (a {@link Clock} service with
 * {@code imegate.clock=drs}, checked every second): a daily schedule fires at its time and not before, once per
 * day, the local device keeps its two newest backups and deletes the oldest; a scheduled backup to an SFTP
 * server (a real OpenSSH sshd owned by the test) that has gone down raises {@code DRFSftpFailure}; bad schedule
 * and device input is refused with the seed's limits.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DrsSchedulerIT {
    private static final long WAIT_S = 90;
    private static final ZoneId ZONE = ZoneOffset.UTC;

    @Rule
    public Timeout timeout = new Timeout(4 * ImegateKarafSupport.TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);

    @Inject
    @Filter(timeout = 120_000)
    BootFinished bootFinished;

    @Inject
    BundleContext bundleContext;

    @Inject
    SessionFactory sessions;

    @Inject
    @Filter(timeout = 60_000)
    DrsMBean drs;

    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> handler;
    private ServiceRegistration<Clock> clockRegistration;
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T01:00:00Z"));

    @Configuration
    public Option[] config() {
        return ImegateKarafSupport.options(
                editConfigurationFilePut("etc/org.imegate.drs.cfg", "scheduler.tick.seconds", "1"));
    }

    /** A clock that stands where the test puts it. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant t) {
            now.set(t);
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public String toString() {
            return "itest clock at " + now.get();
        }
    }

    @Before
    public void listen() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, AlertTopics.ALL);
        handler = bundleContext.registerService(EventHandler.class, e -> {
            Map<String, Object> props = new java.util.HashMap<>();
            for (String k : e.getPropertyNames()) {
                props.put(k, e.getProperty(k));
            }
            alerts.add(Alert.fromEventProperties(props));
        }, p);
        Dictionary<String, Object> c = new Hashtable<>();
        c.put("imegate.clock", "drs");
        clockRegistration = bundleContext.registerService(Clock.class, clock, c);
    }

    @After
    public void unlisten() {
        handler.unregister();
        clockRegistration.unregister();
    }

    @Test
    public void scheduledBackupsFireAtTheirTimeKeepNAndAnSftpFailureIsAnAlarm() throws Exception {
        if (!drs.isSecurityPasswordSet()) {
            drs.changeSecurityPassword("itest scheduler password");
        }
        drs.addLocalDevice("itest disk", 2);
        drs.addSchedule("nightly", "itest disk", "IME", "2030/01/01-02:00", "daily");
        assertTrue(console("drs:show-schedules").contains("disabled"));

        clock.set(Instant.parse("2030-01-01T01:59:00Z"));
        drs.enableSchedule("nightly");
        awaitSchedulerAt("2030-01-01T01:59:00Z");
        clock.set(Instant.parse("2030-01-01T01:59:59Z"));
        awaitSchedulerAt("2030-01-01T01:59:59Z");
        assertEquals("nothing fires before its time", "NONE", drs.getBackupState());
        String schedules = console("drs:show-schedules");
        assertTrue(schedules, schedules.contains("2030/01/01-02:00") && schedules.contains("enabled"));

        List<String> made = List.of("2030-01-01-02-00-00", "2030-01-02-02-00-00", "2030-01-03-02-00-00");
        for (int day = 0; day < made.size(); day++) {
            clock.set(Instant.parse("2030-01-0" + (day + 1) + "T02:00:00Z"));
            String tar = made.get(day);
            await("backup " + tar + " done", () -> tar.equals(drs.getBackupTarFilename())
                    && "SUCCESS".equals(drs.getBackupState()));
            List<String> expected = made.subList(Math.max(0, day - 1), day + 1).stream().map(t -> t + ".tar.gz")
                    .toList();
            await("device keeps " + expected, () -> expected.equals(localFiles("itest disk")));
        }
        String status = drs.getBackupStatus();
        assertTrue(status, status.contains("Trigger: schedule nightly"));
        assertTrue(status, status.contains("Percentage Complete: 100"));
        for (String component : List.of("configuration", "master-key", "appliance-store", "drs")) {
            assertTrue(status, status.lines().anyMatch(l -> l.contains(" " + component + " ") && l.contains("SUCCESS")));
        }
        String listing = console("drs:show-backupfiles local backup");
        assertTrue(listing, listing.contains("2030-01-03-02-00-00.tar.gz") && !listing.contains("2030-01-01-02-00-00"));
        assertFalse("no backup failed", alerts.stream().anyMatch(a -> a.name().equals("DRFBackupFailure")));
        drs.disableSchedule("nightly");

        // a network device whose SFTP server goes down before its scheduled backup
        Path work = Files.createDirectories(Paths.get(System.getProperty("karaf.base")).resolve("sftp-work"));
        try (SftpServer sftp = SftpServer.start(work, "127.0.0.46")) {
            drs.addNetworkDevice("offsite", sftp.directory().toString(), sftp.address(), sftp.port(), sftp.user(),
                    sftp.password(), 3);
            sftp.stop();
            drs.addSchedule("offsite nightly", "offsite", "IME", "2030/01/04-03:00", "daily");
            drs.enableSchedule("offsite nightly");
            clock.set(Instant.parse("2030-01-04T03:00:00Z"));
            await("backup 2030-01-04-03-00-00 failed", () -> "2030-01-04-03-00-00".equals(drs.getBackupTarFilename())
                    && "FAILED".equals(drs.getBackupState()));
            String failed = drs.getBackupStatus();
            assertTrue(failed, failed.contains("cannot be reached"));
            for (DrsAlarm alarm : List.of(DrsAlarm.DRFSftpFailure, DrsAlarm.DRFBackupDeviceError,
                    DrsAlarm.DRFBackupFailure)) {
                await(alarm + " raised", () -> alerts.stream().anyMatch(a -> a.name().equals(alarm.name())
                        && a.state() == AlertState.RAISED && a.module().equals("drs")));
            }
            Alert sftpAlarm = alerts.stream().filter(a -> a.name().equals("DRFSftpFailure")).findFirst().orElseThrow();
            assertEquals(DrsAlarm.DRFSftpFailure.severity(), sftpAlarm.severity());
            assertEquals("offsite", sftpAlarm.details().get("device"));
            assertFalse("the password never reaches an alarm", sftpAlarm.message().contains(sftp.password()));
            String offsite = console("drs:show-schedules");
            assertTrue(offsite, offsite.lines().anyMatch(l -> l.startsWith("offsite nightly") && l.contains("FAILED")));

            // the SFTP server back: the next occurrence succeeds and clears the alarms
            sftp.startDaemon();
            clock.set(Instant.parse("2030-01-05T03:00:00Z"));
            await("backup 2030-01-05-03-00-00 done", () -> "2030-01-05-03-00-00".equals(drs.getBackupTarFilename())
                    && "SUCCESS".equals(drs.getBackupState()));
            assertEquals(List.of("2030-01-05-03-00-00.tar.gz"), sftp.files());
            await("DRFSftpFailure cleared", () -> alerts.stream().anyMatch(a -> a.name().equals("DRFSftpFailure")
                    && a.state() == AlertState.CLEARED));
            drs.deleteSchedule("offsite nightly");
            drs.deleteDevice("offsite");
        }
    }

    @Test
    public void theSeedsLimitsAreErrorsAndTheApplianceKeepsServing() throws Exception {
        int free = 10 - drs.getDevices().size();
        for (int i = 0; i < free; i++) {
            drs.addLocalDevice("limit " + i, 1);
        }
        String error = refused(() -> drs.addLocalDevice("limit x", 1));
        assertEquals("ERROR: device_name 'limit x' cannot be added: 10 devices are configured, at most 10 allowed;"
                + " delete one first", error);
        error = console("drs:device-local bad/name 2");
        assertTrue(error, error.contains("ERROR: device_name bad/name may contain only alphanumeric characters,"
                + " spaces, '-' and '_'"));
        error = console("drs:device-local fine 0");
        assertTrue(error, error.contains("ERROR: number_of_backups 0 out of range 1-14"));
        error = console("drs:schedule-add s limit-x IME 2031/01/01-02:00 daily");
        assertTrue(error, error.contains("ERROR: device_name limit-x does not exist"));
        error = console("drs:schedule-add s 'limit 0' IME 2031/13/01-02:00 daily");
        assertTrue(error, error.contains("ERROR: datetime 2031/13/01-02:00 must be yyyy/mm/dd-hh:mm"));
        int freeSchedules = 10 - drs.getSchedules().size();
        for (int i = 0; i < freeSchedules; i++) {
            drs.addSchedule("limit s" + i, "limit 0", "IME", "2031/01/01-02:00", "monthly");
        }
        error = refused(() -> drs.addSchedule("limit sx", "limit 0", "IME", "2031/01/01-02:00", "monthly"));
        assertTrue(error, error.contains("10 schedules are configured, at most 10 allowed"));
        error = console("drs:device-delete 'limit 0'");
        assertTrue(error, error.contains("ERROR: device_name 'limit 0' is in use by schedule limit s0"));
        error = console("drs:backup local CUCM 'limit 0'");
        assertTrue(error, error.contains("ERROR: featurelist CUCM must be IME"));
        await("DRFNoRegisteredFeature raised", () -> alerts.stream().anyMatch(a -> a.name().equals(
                "DRFNoRegisteredFeature")));
        error = console("drs:restore local " + drs.getServerName() + " ../../etc/passwd 'limit 0'");
        assertTrue(error, error.contains("ERROR: tarfilename ../../etc/passwd must be the backup's name"));
        await("DRFSecurityViolation raised", () -> alerts.stream().anyMatch(a -> a.name().equals(
                "DRFSecurityViolation")));
        for (int i = 0; i < freeSchedules; i++) {
            drs.deleteSchedule("limit s" + i);
        }
        for (int i = 0; i < free; i++) {
            drs.deleteDevice("limit " + i);
        }
        assertTrue(console("drs:show-devices").contains("Device Name"));
    }

    private static String refused(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private String console(String command) throws Exception {
        try {
            return ShellSessions.runAsAdmin(sessions, command);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void awaitSchedulerAt(String instant) throws InterruptedException {
        await("scheduler checked at " + instant, () -> instant.equals(drs.getSchedulerClock()));
    }

    private static List<String> localFiles(String device) {
        Path dir = Paths.get(System.getProperty("karaf.data"), "drs", "backup", device);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT_S + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
