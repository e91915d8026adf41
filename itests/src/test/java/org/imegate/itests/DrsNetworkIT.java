package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Must-show 4 with a real OpenSSH server (test-owned sshd on 127.0.0.47): creating a network device fails with a
 * clear error when the password is wrong, the server is down or the directory is missing, and the appliance keeps
 * serving; a backup is cancelled after its current component and leaves nothing on the server; a kill -9 of the
 * appliance in the middle of an upload leaves only an incomplete {@code .part} file, which no listing shows and a
 * restore refuses as damaged, and after the restart the next backup succeeds and removes it.
 */
public class DrsNetworkIT {
    private static final ObjectName DRS = DrsRoundTripIT.name("org.imegate:type=drs,name=master-agent");
    private static final String DEVICE = "offsite";
    /** Enough incompressible data in the store that a backup takes seconds, not milliseconds. */
    private static final int BULK_MB = 256;
    private static final long WAIT_S = 180;

    @Rule
    public Timeout timeout = new Timeout(15, TimeUnit.MINUTES);

    private static SftpServer sftp;
    private static ApplianceProcess appliance;

    @BeforeClass
    public static void boot() throws Exception {
        sftp = SftpServer.start(ImegateKarafSupport.buildDirectory().toPath(), "127.0.0.47");
        appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(),
                ImegateKarafSupport.buildDirectory().toPath().resolve("appliance"));
        appliance.start();
        // the DRS commands and MBean register a moment after the feature reports Started
        DrsRoundTripIT.awaitDrs(appliance);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (appliance != null) {
                appliance.close();
            }
        } finally {
            sftp.close();
        }
    }

    private Object invoke(String operation, Object[] args, String[] signature) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            return c.getMBeanServerConnection().invoke(DRS, operation, args, signature);
        }
    }

    private Object attribute(String name) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            return c.getMBeanServerConnection().getAttribute(DRS, name);
        }
    }

    /** The ERROR message of a refused operation. */
    private String refused(String operation, Object[] args, String[] signature) throws Exception {
        try {
            invoke(operation, args, signature);
        } catch (javax.management.RuntimeMBeanException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IllegalArgumentException);
            return e.getCause().getMessage();
        }
        throw new AssertionError(operation + " was not refused");
    }

    private String addDevice(String name, String path, int port, String password) throws Exception {
        return refused("addNetworkDevice", new Object[] {name, path, sftp.address(), port, sftp.user(), password, 2},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String", "int", "java.lang.String",
                    "java.lang.String", "int"});
    }

    @Test
    public void failuresAreClearCancelWorksAndAKilledBackupLeavesNothingThatLooksValid() throws Exception {
        invoke("changeSecurityPassword", new Object[] {"network it password"}, new String[] {"java.lang.String"});

        // wrong password at the prompt
        String session;
        try (PromptedConsole console = PromptedConsole.open(appliance)) {
            console.command(sftp.deviceCommand(DEVICE, 2));
            console.answer("Password of " + sftp.user() + " on " + sftp.address() + ": ", "not-" + sftp.password());
            session = console.awaitPrompt();
        }
        assertTrue(session, session.contains("ERROR: username " + sftp.user() + " was refused by " + sftp.address()
                + ":" + sftp.port() + " (wrong user name or password)"));
        // a missing directory, a bad name, a server that is down
        assertEquals("ERROR: path /nonexistent/backups does not exist on " + sftp.address() + ":" + sftp.port()
                + " (SSH_FX_NO_SUCH_FILE: No such file); it must exist before the device is created",
                addDevice(DEVICE, "/nonexistent/backups", sftp.port(), sftp.password()));
        assertEquals("ERROR: device_name off/site may contain only alphanumeric characters, spaces, '-' and '_'",
                addDevice("off/site", sftp.directory().toString(), sftp.port(), sftp.password()));
        sftp.stop();
        assertEquals("ERROR: server_name " + sftp.address() + " cannot be reached on port " + sftp.port()
                + " (Connection refused)", addDevice(DEVICE, sftp.directory().toString(), sftp.port(),
                        sftp.password()));
        String devices = appliance.exec(ApplianceProcess.ADMIN, "drs:show-devices");
        assertTrue("nothing was saved: " + devices, devices.contains("No backup device is configured."));
        assertTrue(appliance.exec(ApplianceProcess.ADMIN, "interfaces:show-nameif").contains("inside"));
        sftp.startDaemon();
        invoke("addNetworkDevice", new Object[] {DEVICE, sftp.directory().toString(), sftp.address(), sftp.port(),
            sftp.user(), sftp.password(), 2}, new String[] {"java.lang.String", "java.lang.String",
                "java.lang.String", "int", "java.lang.String", "java.lang.String", "int"});

        // data enough for a backup of a few seconds
        Path bulk = appliance.path("store", "itest-bulk", "bulk.dat");
        Files.createDirectories(bulk.getParent());
        byte[] chunk = new byte[1 << 20];
        SecureRandom random = new SecureRandom();
        try (OutputStream out = Files.newOutputStream(bulk)) {
            for (int i = 0; i < BULK_MB; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }

        // cancel: the component running finishes, the next never starts, nothing reaches the server
        String tar = backup();
        await("appliance-store running", () -> status().lines().anyMatch(l -> l.contains(" appliance-store ")
                && l.contains("RUNNING")));
        invoke("cancelBackup", new Object[0], new String[0]);
        await("backup cancelled", () -> "CANCELLED".equals(attribute("BackupState")));
        String cancelled = status();
        assertTrue(cancelled, cancelled.contains("Tar Filename: " + tar));
        assertTrue(cancelled, cancelled.lines().anyMatch(l -> l.contains(" drs ") && l.contains("CANCELLED")));
        assertEquals(List.of(), sftp.files());

        // kill -9 while the archive is being uploaded
        String killed = backup();
        String part = killed + ".tar.gz.part";
        await(part + " growing on the server", () -> Files.exists(sftp.directory().resolve(part))
                && Files.size(sftp.directory().resolve(part)) > (8 << 20));
        ProcessHandle jvm = ProcessHandle.of(appliance.pid()).orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertEquals("only the incomplete file is on the server", List.of(part), sftp.files());
        assertTrue("the work directory still holds the killed job's spool", nonEmpty(appliance.path("data", "drs",
                "work")));

        appliance.start();
        DrsRoundTripIT.awaitDrs(appliance);
        assertFalse("the Local Agent removed the spool of the killed job", nonEmpty(appliance.path("data", "drs",
                "work")));
        String listing = appliance.exec(ApplianceProcess.ADMIN, "drs:show-devices");
        assertTrue(listing, listing.contains(DEVICE));
        // the incomplete file, even renamed to look like a backup, is refused as damaged and changes nothing
        Path restoreDir = Files.createDirectories(appliance.path("data", "drs", "restore"));
        String fake = "2001-02-03-04-05-06";
        Files.copy(sftp.directory().resolve(part), restoreDir.resolve(fake + ".tar.gz"),
                StandardCopyOption.REPLACE_EXISTING);
        invoke("addLocalDevice", new Object[] {"local", 1}, new String[] {"java.lang.String", "int"});
        String before = DrsRoundTripIT.files(appliance).toString();
        invoke("restore", new Object[] {"local", attribute("ServerName"), fake, "local"},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String", "java.lang.String"});
        await("restore of the partial file refused", () -> "FAILED".equals(attribute("RestoreState")));
        String restore = (String) attribute("RestoreStatus");
        assertTrue(restore, restore.contains("Restore refused (the backup file is damaged or truncated)"));
        assertEquals(before, DrsRoundTripIT.files(appliance).toString());
        assertTrue(Files.readString(appliance.path("data", "log", "drf", "drfMA00.log"))
                .contains("alarm DRFRestoreFailure raised"));

        // the next backup succeeds and removes the incomplete file
        String next = backup();
        await("backup " + next, () -> {
            Object state = attribute("BackupState");
            if ("FAILED".equals(state)) {
                throw new AssertionError(status());
            }
            return "SUCCESS".equals(state);
        });
        assertEquals(List.of(next + ".tar.gz"), sftp.files());
        String show;
        try (PromptedConsole console = PromptedConsole.open(appliance)) {
            console.command("drs:show-backupfiles --port " + sftp.port() + " network " + sftp.directory() + " "
                    + sftp.address() + " " + sftp.user());
            console.answer("Password of " + sftp.user() + " on " + sftp.address() + ": ", sftp.password());
            show = console.awaitPrompt();
        }
        assertTrue(show, show.contains(next + ".tar.gz") && show.contains("1 backup file(s)"));
        assertFalse(show, show.contains(".part"));
    }

    private String backup() throws Exception {
        return (String) invoke("backup", new Object[] {"network", "IME", DEVICE},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String"});
    }

    private String status() throws Exception {
        return (String) attribute("BackupStatus");
    }

    private static boolean nonEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    interface Check {
        boolean test() throws Exception;
    }

    private static void await(String what, Check condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        for (int attempt = 0; attempt < 100_000; attempt++) {
            if (condition.test()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("not reached within " + WAIT_S + " s: " + what);
    }
}
