package org.imegate.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class MasterAgentCoreTest {
    static final ZoneId ZONE = ZoneOffset.UTC;
    static final String VERSION = "0.1.0-test";

    @TempDir
    Path tmp;
    TestSupport.Recorder events = new TestSupport.Recorder();
    TestSupport.MovableClock clock = new TestSupport.MovableClock(at(2030, 1, 1, 1, 0), ZONE);
    SecretBox box;
    LocalAgentCore la;
    AtomicReference<LocalAgent> agent = new AtomicReference<>();
    AtomicReference<String> savedPassword = new AtomicReference<>();
    TestSupport.DirectoryComponent data;
    MasterAgentCore ma;
    Duration timeout = Duration.ofHours(20);

    static Instant at(int y, int mo, int d, int h, int mi) {
        return LocalDateTime.of(y, mo, d, h, mi).toInstant(ZoneOffset.UTC);
    }

    @BeforeEach
    void setUp() throws IOException {
        box = new MasterKeySecretBox(tmp.resolve("store/platform/master.key"));
        la = new LocalAgentCore(tmp.resolve("local/work"), events.alarms(LoggerFactory.getLogger("la")));
        agent.set(la);
        data = new TestSupport.DirectoryComponent("data", Files.createDirectories(tmp.resolve("data")));
        TestSupport.write(data.dir.resolve("routes.txt"), "+14085551234 b.example\n");
        la.register(data, "org.imegate.test");
        ma = newMasterAgent(null);
        la.register(ma, "org.imegate.drs");
    }

    MasterAgentCore newMasterAgent(String sealed) {
        return new MasterAgentCore(tmp.resolve("store/drs"), tmp.resolve("local"), tmp.resolve("log"), box,
                savedPassword::set, agent::get, () -> clock, events.alarms(LoggerFactory.getLogger("ma")), VERSION,
                "ime-a", sealed, timeout);
    }

    @AfterEach
    void tearDown() {
        ma.close();
    }

    void password() {
        ma.setSecurityPassword("a secret of ours".toCharArray());
    }

    List<String> archives(String device) throws IOException {
        Path dir = tmp.resolve("local/backup").resolve(device);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    void idle() throws InterruptedException {
        assertTrue(ma.awaitIdle(Duration.ofSeconds(60)), "the job did not end");
    }

    @Test
    void scheduledBackupFiresAtItsTimeKeepsNBackupsAndDeletesTheOldest() throws Exception {
        password();
        assertTrue(SecretBox.isSealed(savedPassword.get()));
        ma.addLocalDevice("nightly disk", 2);
        ma.addSchedule("nightly", "nightly disk", "IME", "2030/01/01-02:00", "daily");
        assertFalse(ma.schedules().get(0).schedule().enabled(), "a new schedule waits to be enabled");
        clock.set(at(2030, 1, 1, 1, 59));
        ma.enableSchedule("nightly");
        assertEquals(at(2030, 1, 1, 2, 0), ma.schedules().get(0).next().orElseThrow());
        ma.checkSchedules();
        assertEquals(at(2030, 1, 1, 1, 59), ma.schedulerClock().orElseThrow());
        assertTrue(ma.backupStatus().isEmpty(), "nothing fires before its time");

        List<String> expected = List.of("2030-01-01-02-00-00.tar.gz", "2030-01-02-02-00-00.tar.gz",
                "2030-01-03-02-00-00.tar.gz");
        for (int day = 0; day < 3; day++) {
            clock.set(at(2030, 1, 1 + day, 2, 0));
            ma.checkSchedules();
            idle();
            JobStatus s = ma.backupStatus().orElseThrow();
            assertEquals(JobStatus.State.SUCCESS, s.state(), s.render(ZONE));
            assertEquals("schedule nightly", s.render(ZONE).lines().filter(l -> l.startsWith("Trigger:"))
                    .findFirst().orElseThrow().substring(9));
            ma.checkSchedules();
            assertEquals(expected.get(day).replace(".tar.gz", ""), ma.backupStatus().orElseThrow().tarfile(),
                    "one backup per occurrence");
            assertEquals(expected.subList(Math.max(0, day - 1), day + 1), archives("nightly disk"));
        }
        MasterAgent.ScheduleView v = ma.schedules().get(0);
        assertEquals("SUCCESS 2030-01-03-02-00-00", v.schedule().lastResult());
        assertEquals(at(2030, 1, 4, 2, 0), v.next().orElseThrow());
        String status = ma.statusText(JobStatus.Operation.BACKUP);
        assertTrue(status.contains("Percentage Complete: 100"), status);
        for (String c : List.of("data", "drs")) {
            assertTrue(status.lines().anyMatch(l -> l.contains(" " + c + " ") && l.contains("100")
                    && l.contains("SUCCESS")), status);
        }
    }

    @Test
    void weeklyAndMonthlyFollowTheirRules() {
        Schedule monthly = new Schedule("m", "d", "IME", LocalDateTime.of(2030, 1, 31, 2, 0),
                Schedule.Frequency.MONTHLY, true, at(2030, 1, 1, 0, 0), at(2030, 1, 31, 2, 0), null);
        assertEquals(at(2030, 2, 28, 2, 0), ScheduleTimes.next(monthly, ZONE).orElseThrow());
        Schedule afterFeb = monthly.ran(at(2030, 2, 28, 2, 0), "x", true);
        assertEquals(at(2030, 3, 31, 2, 0), ScheduleTimes.next(afterFeb, ZONE).orElseThrow());
        Schedule weekly = new Schedule("w", "d", "IME", LocalDateTime.of(2030, 1, 1, 2, 0), Schedule.Frequency.WEEKLY,
                true, at(2030, 1, 3, 0, 0), null, null);
        assertEquals(at(2030, 1, 8, 2, 0), ScheduleTimes.next(weekly, ZONE).orElseThrow(), "enabled after the first");
        Schedule once = new Schedule("o", "d", "IME", LocalDateTime.of(2030, 1, 1, 2, 0), Schedule.Frequency.ONCE,
                true, at(2029, 12, 1, 0, 0), null, null);
        assertEquals(at(2030, 1, 1, 2, 0), ScheduleTimes.next(once, ZONE).orElseThrow());
        assertTrue(ScheduleTimes.next(once.ran(at(2030, 1, 1, 2, 0), "x", false), ZONE).isEmpty());
        Schedule daily = new Schedule("d", "d", "IME", LocalDateTime.of(2020, 1, 1, 2, 0), Schedule.Frequency.DAILY,
                true, at(2030, 6, 15, 12, 0), null, null);
        assertEquals(at(2030, 6, 16, 2, 0), ScheduleTimes.next(daily, ZONE).orElseThrow(),
                "a start in the past does not fire the missed days");
    }

    @Test
    void localBackupsOlderThanAWeekAreDeleted() throws Exception {
        password();
        ma.addLocalDevice("disk", 14);
        clock.set(at(2030, 1, 1, 3, 0));
        ma.startBackup("local", "IME", "disk");
        idle();
        clock.set(at(2030, 1, 9, 3, 0));
        ma.startBackup("local", "IME", "disk");
        idle();
        assertEquals(List.of("2030-01-09-03-00-00.tar.gz"), archives("disk"));
        assertTrue(ma.backupStatus().orElseThrow().message().contains("older than one week"));
    }

    @Test
    void oneJobAtATimeAndCancelAfterTheCurrentComponent() throws Exception {
        password();
        ma.addLocalDevice("disk", 3);
        la.register(new TestSupport.DirectoryComponent("zeta", Files.createDirectories(tmp.resolve("zeta"))),
                "org.imegate.test");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        data.beforeBackup = () -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String tar = ma.startBackup("local", "IME", "disk");
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        ValidationException busy = assertThrows(ValidationException.class,
                () -> ma.startBackup("local", "IME", "disk"));
        assertTrue(busy.getMessage().startsWith("ERROR: drs backup cannot start: backup " + tar), busy.getMessage());
        assertTrue(events.raised("DRFBackupInProgress"));
        assertThrows(ValidationException.class, () -> ma.deleteDevice("disk"), "in use by the backup");
        ma.cancelBackup();
        assertEquals(JobStatus.State.CANCELLING, ma.backupStatus().orElseThrow().state());
        release.countDown();
        idle();
        JobStatus s = ma.backupStatus().orElseThrow();
        assertEquals(JobStatus.State.CANCELLED, s.state());
        assertEquals(List.of("drs=SUCCESS", "data=SUCCESS", "zeta=CANCELLED"), s.componentResults(),
                "the component running when the cancel came finished; the next one never started");
        assertEquals(List.of(), archives("disk"), "no archive and no partial file");
        ValidationException nothing = assertThrows(ValidationException.class, () -> ma.cancelBackup());
        assertEquals("ERROR: cancel_backup yes has nothing to cancel: no backup is running", nothing.getMessage());
        data.beforeBackup = () -> { };
        clock.set(clock.instant().plusSeconds(5));
        ma.startBackup("local", "IME", "disk");
        idle();
        assertEquals(JobStatus.State.SUCCESS, ma.backupStatus().orElseThrow().state());
        assertEquals(1, archives("disk").size());
    }

    /** A network device whose server does not answer: a port that was just free. */
    void unreachableNetworkDevice(String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Device d = new Device(name, Device.Type.NETWORK, 3, "/backups", "127.0.0.1", port, "drs",
                box.seal("pw".getBytes(StandardCharsets.UTF_8)), "SHA256:none");
        ma.close();
        new DrfFiles(tmp.resolve("store/drs")).writeDevices(List.of(d));
        ma = newMasterAgent(savedPassword.get());
        la.unregister(ma);
        la.register(ma, "org.imegate.drs");
    }

    @Test
    void scheduledBackupToADeadSftpServerRaisesDrfSftpFailure() throws Exception {
        password();
        unreachableNetworkDevice("offsite");
        ma.addSchedule("hourly", "offsite", "IME", "2030/01/01-02:00", "daily");
        clock.set(at(2030, 1, 1, 1, 0));
        ma.enableSchedule("hourly");
        clock.set(at(2030, 1, 1, 2, 0));
        ma.checkSchedules();
        idle();
        JobStatus s = ma.backupStatus().orElseThrow();
        assertEquals(JobStatus.State.FAILED, s.state(), s.render(ZONE));
        assertTrue(s.message().contains("cannot be reached"), s.message());
        for (String alarm : List.of("DRFSftpFailure", "DRFBackupDeviceError", "DRFBackupFailure")) {
            assertTrue(events.raised(alarm), alarm + " in " + events.names());
        }
        assertTrue(ma.schedules().get(0).schedule().lastResult().startsWith("FAILED"));
        assertEquals(1, ma.counters()[1]);
    }

    @Test
    void aNetworkBackupNotDoneWithinTheTimeoutIsAbandoned() throws Exception {
        password();
        timeout = Duration.ofMillis(200);
        unreachableNetworkDevice("slow");
        CountDownLatch timedOut = new CountDownLatch(1);
        data.beforeBackup = () -> {
            try {
                // the component outlasts the timeout; the job stops after it
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !ma.backupStatus().map(
                        st -> st.render(ZONE).contains("abandoned")).orElse(false)) {
                    timedOut.await(20, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ma.startBackup("network", "IME", "slow");
        idle();
        JobStatus s = ma.backupStatus().orElseThrow();
        assertEquals(JobStatus.State.TIMED_OUT, s.state(), s.render(ZONE));
        assertTrue(events.raised("DRFBackupFailure"));
    }

    @Test
    void theSeedsLimitsAndNames() {
        ValidationException e = assertThrows(ValidationException.class, () -> ma.addLocalDevice("bad/name", 1));
        assertEquals("ERROR: device_name bad/name may contain only alphanumeric characters, spaces, '-' and '_'",
                e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.addLocalDevice("ok", 15));
        assertEquals("ERROR: number_of_backups 15 out of range 1-14", e.getMessage());
        for (int i = 0; i < 10; i++) {
            ma.addLocalDevice("disk " + i, 1);
        }
        e = assertThrows(ValidationException.class, () -> ma.addLocalDevice("disk 10", 1));
        assertTrue(e.getMessage().contains("at most 10"), e.getMessage());
        for (int i = 0; i < 10; i++) {
            ma.addSchedule("s" + i, "disk 1", "IME", "2031/01/01-02:00", "weekly");
        }
        e = assertThrows(ValidationException.class, () -> ma.addSchedule("s10", "disk 1", "IME", "2031/01/01-02:00",
                "weekly"));
        assertTrue(e.getMessage().contains("at most 10"), e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.deleteDevice("disk 1"));
        assertTrue(e.getMessage().startsWith("ERROR: device_name 'disk 1' is in use by schedule s0, s1"),
                e.getMessage());
        ma.deleteSchedule("s0");
        e = assertThrows(ValidationException.class, () -> ma.addSchedule("x", "disk 2", "IME", "2031/02/30-02:00",
                "daily"));
        assertEquals("ERROR: datetime 2031/02/30-02:00 must be yyyy/mm/dd-hh:mm (24-hour clock), a real date and"
                + " time", e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.addSchedule("x", "disk 2", "IME", "2029/01/01-02:00",
                "once"));
        assertTrue(e.getMessage().contains("not in the future"));
        e = assertThrows(ValidationException.class, () -> ma.addSchedule("x", "disk 2", "CUCM", "2031/01/01-02:00",
                "daily"));
        assertEquals("ERROR: featurelist CUCM must be IME (the only feature of this appliance)", e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.addSchedule("x", "disk 2", "IME", "2031/01/01-02:00",
                "hourly"));
        assertEquals("ERROR: frequency hourly must be one of once, daily, weekly, monthly", e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.startBackup("local", "", "disk 2"));
        assertEquals("ERROR: featurelist is required", e.getMessage());
        assertTrue(events.raised("DRFNoRegisteredFeature"));
    }

    @Test
    void withoutPasswordOrLocalAgentNothingStarts() {
        ma.addLocalDevice("disk", 1);
        ValidationException e = assertThrows(ValidationException.class, () -> ma.startBackup("local", "IME", "disk"));
        assertTrue(e.getMessage().contains("drs:security-password"), e.getMessage());
        assertTrue(events.raised("DRFTruststoreMissing"));
        password();
        agent.set(null);
        e = assertThrows(ValidationException.class, () -> ma.startBackup("local", "IME", "disk"));
        assertEquals("ERROR: drs local-agent is not available; the backup cannot run", e.getMessage());
        assertTrue(events.raised("DRFMA2LAFailure"));
        ValidationException wrongType = assertThrows(ValidationException.class,
                () -> ma.startBackup("network", "IME", "disk"));
        assertTrue(wrongType.getMessage().contains("is a local device"));
    }

    @Test
    void restoreBringsDataAndDrsSettingsBackThenWantsARestart() throws Exception {
        password();
        ma.addLocalDevice("disk", 3);
        ma.addSchedule("weekly", "disk", "IME", "2031/01/01-02:00", "weekly");
        String tar = ma.startBackup("local", "IME", "disk");
        idle();
        TestSupport.write(data.dir.resolve("routes.txt"), "changed after the backup\n");
        ma.deleteSchedule("weekly");
        ma.addLocalDevice("other", 1);

        ValidationException e = assertThrows(ValidationException.class,
                () -> ma.startRestore("local", "ime-b", tar, "disk"));
        assertEquals("ERROR: restore_server ime-b is not this appliance (ime-a); a restore applies to the appliance"
                + " it runs on", e.getMessage());
        e = assertThrows(ValidationException.class, () -> ma.startRestore("local", "ime-a", "../../etc/x", "disk"));
        assertTrue(events.raised("DRFSecurityViolation"));
        e = assertThrows(ValidationException.class,
                () -> ma.startRestore("local", "ime-a", "2001-01-01-00-00-00", "disk"));
        assertTrue(e.getMessage().contains("is not a backup file"), e.getMessage());
        assertTrue(events.raised("DRFRestoreDeviceError"));

        ma.startRestore("local", "ime-a", tar, "disk");
        idle();
        JobStatus s = ma.restoreStatus().orElseThrow();
        assertEquals(JobStatus.State.SUCCESS, s.state(), s.render(ZONE));
        assertTrue(s.render(ZONE).contains("Restart the appliance now"), s.render(ZONE));
        assertEquals("+14085551234 b.example\n", Files.readString(data.dir.resolve("routes.txt")));
        assertEquals(List.of("disk"), ma.devices().stream().map(Device::name).toList());
        assertEquals(List.of("weekly"), ma.schedules().stream().map(v -> v.schedule().name()).toList());
        assertTrue(ma.restartRequired());
        e = assertThrows(ValidationException.class, () -> ma.startBackup("local", "IME", "disk"));
        assertTrue(e.getMessage().contains("restart the appliance"), e.getMessage());
    }

    @Test
    void tamperedTruncatedAndForeignArchivesAreRefusedWithNothingTouched() throws Exception {
        password();
        ma.addLocalDevice("disk", 3);
        String tar = ma.startBackup("local", "IME", "disk");
        idle();
        Path archive = tmp.resolve("local/backup/disk").resolve(tar + ".tar.gz");
        Path restoreDir = Files.createDirectories(tmp.resolve("local/restore"));
        TestSupport.write(data.dir.resolve("routes.txt"), "current data\n");

        byte[] all = Files.readAllBytes(archive);
        String cut = "2030-01-01-00-00-01";
        Files.write(restoreDir.resolve(cut + ".tar.gz"), java.util.Arrays.copyOf(all, all.length - 700));
        ma.startRestore("local", "ime-a", cut, "disk");
        idle();
        JobStatus s = ma.restoreStatus().orElseThrow();
        assertEquals(JobStatus.State.FAILED, s.state());
        assertTrue(s.message().startsWith("Restore refused (the backup file is damaged or truncated)"), s.message());
        assertTrue(s.message().endsWith("nothing was changed"));
        assertTrue(events.raised("DRFRestoreFailure"));
        assertFalse(events.raised("DRFSecurityViolation"));
        assertEquals("current data\n", Files.readString(data.dir.resolve("routes.txt")));

        String tampered = "2030-01-01-00-00-02";
        new LocalAgentCoreTest().rewriteTo(archive, restoreDir.resolve(tampered + ".tar.gz"), "components/data.enc");
        ma.startRestore("local", "ime-a", tampered, "disk");
        idle();
        s = ma.restoreStatus().orElseThrow();
        assertTrue(s.message().startsWith("Restore refused (the backup file was altered)"), s.message());
        assertTrue(events.raised("DRFSecurityViolation"));
        assertEquals("current data\n", Files.readString(data.dir.resolve("routes.txt")));
        assertFalse(ma.restartRequired());

        ma.close();
        ma = new MasterAgentCore(tmp.resolve("store/drs"), tmp.resolve("local"), tmp.resolve("log"), box,
                savedPassword::set, agent::get, () -> clock, events.alarms(LoggerFactory.getLogger("ma")), "0.1.1",
                "ime-a", savedPassword.get(), timeout);
        ma.startRestore("local", "ime-a", tar, "disk");
        idle();
        s = ma.restoreStatus().orElseThrow();
        assertTrue(s.message().startsWith("Restore refused (version mismatch): the backup was made by version "
                + VERSION + " and this appliance runs version 0.1.1"), s.message());
        assertEquals("current data\n", Files.readString(data.dir.resolve("routes.txt")));
    }

    @Test
    void aRestoreMayStartAsSoonAsThePreviousOneReportsItsResult() throws Exception {
        password();
        ma.addLocalDevice("disk", 3);
        String tar = ma.startBackup("local", "IME", "disk");
        idle();
        Path archive = tmp.resolve("local/backup/disk").resolve(tar + ".tar.gz");
        Path restoreDir = Files.createDirectories(tmp.resolve("local/restore"));
        byte[] all = Files.readAllBytes(archive);
        String cut = "2030-01-01-00-00-09";
        Files.write(restoreDir.resolve(cut + ".tar.gz"), java.util.Arrays.copyOf(all, all.length / 2));
        for (int i = 1; i <= 20; i++) {
            ma.startRestore("local", "ime-a", cut, "disk");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (ma.counters()[3] < i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(i, ma.counters()[3], "restore " + i + " reported its result");
            assertEquals(JobStatus.State.FAILED, ma.restoreStatus().orElseThrow().state());
        }
        idle();
    }
}
