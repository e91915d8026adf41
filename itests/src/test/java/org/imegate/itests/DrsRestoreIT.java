package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.drs.DrsMBean;
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
 * Inside the container: a restore refuses, before anything is touched, an archive with one altered byte
 * ({@code DRFSecurityViolation}), an archive of another product version whose manifest was re-sealed with the
 * right password (the version check, {@code DRFRestoreFailure}) and a truncated file ({@code DRFRestoreFailure});
 * every configuration and store file is unchanged after each. The archive is edited the way the documented
 * format allows (tar.gz, MANIFEST, MANIFEST.hmac = HMAC-SHA-256 under HKDF-Expand of the PBKDF2 key), written
 * here independently of the appliance's code. The genuine archive then restores and asks for a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DrsRestoreIT {
    private static final long WAIT_S = 90;
    private static final String PASSWORD = "restore it password";
    private static final String DEVICE = "restore disk";

    @Rule
    public Timeout timeout = new Timeout(3 * ImegateKarafSupport.TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);

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

    @Configuration
    public Option[] config() {
        return ImegateKarafSupport.options();
    }

    @Test
    public void damagedAlteredAndForeignArchivesAreRefusedBeforeAnythingIsTouched() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, AlertTopics.ALL);
        ServiceRegistration<EventHandler> handler = bundleContext.registerService(EventHandler.class, e -> {
            Map<String, Object> props = new java.util.HashMap<>();
            for (String k : e.getPropertyNames()) {
                props.put(k, e.getProperty(k));
            }
            alerts.add(Alert.fromEventProperties(props));
        }, p);
        try {
            drs.changeSecurityPassword(PASSWORD);
            drs.addLocalDevice(DEVICE, 5);
            String tar = drs.backup("local", "IME", DEVICE);
            await("backup " + tar, () -> "SUCCESS".equals(drs.getBackupState()));
            Path archive = Paths.get(System.getProperty("karaf.data"), "drs", "backup", DEVICE, tar + ".tar.gz");
            assertTrue(Files.isRegularFile(archive));
            Path restoreDir = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "drs", "restore"));
            Map<String, String> before = snapshot();
            assertTrue("the snapshot covers the key store and the master key",
                    before.containsKey("store/tls/pki.store") || before.containsKey("store/platform/master.key"));
            String server = drs.getServerName();

            // 1. one byte altered inside the appliance store's encrypted data
            Path altered = restoreDir.resolve("2001-01-01-00-00-01.tar.gz");
            Files.write(altered, repack(Files.readAllBytes(archive), Map.of("components/appliance-store.enc",
                    data -> {
                        byte[] d = data.clone();
                        d[d.length / 3] ^= 0x40;
                        return d;
                    })));
            String status = refusedRestore(server, "2001-01-01-00-00-01");
            assertTrue(status, status.contains("Restore refused (the backup file was altered)"));
            assertTrue(status, status.contains("nothing was changed"));
            assertAlarm("DRFSecurityViolation", 1);
            assertAlarm("DRFRestoreFailure", 1);
            assertEquals("files after the altered archive", before, snapshot());

            // 2. another version, manifest re-sealed with the right password: only the version check refuses it
            Path foreign = restoreDir.resolve("2001-01-01-00-00-02.tar.gz");
            Files.write(foreign, otherVersion(Files.readAllBytes(archive), "0.0.9-other"));
            status = refusedRestore(server, "2001-01-01-00-00-02");
            assertTrue(status, status.contains("Restore refused (version mismatch): the backup was made by version"
                    + " 0.0.9-other and this appliance runs version "));
            assertAlarm("DRFRestoreFailure", 2);
            assertAlarm("DRFSecurityViolation", 1);
            assertEquals("files after the foreign archive", before, snapshot());

            // 3. the file cut short
            byte[] whole = Files.readAllBytes(archive);
            Files.write(restoreDir.resolve("2001-01-01-00-00-03.tar.gz"), Arrays.copyOf(whole, whole.length * 3 / 5));
            status = refusedRestore(server, "2001-01-01-00-00-03");
            assertTrue(status, status.contains("Restore refused (the backup file is damaged or truncated)"));
            assertAlarm("DRFRestoreFailure", 3);
            assertEquals("files after the truncated archive", before, snapshot());
            assertFalse(drs.isRestartRequired());
            assertEquals(3, drs.getRestoresFailed());

            // the genuine archive restores, and the appliance asks to be restarted
            String shell = ShellSessions.runAsAdmin(sessions, "drs:restore local " + server + " " + tar + " '"
                    + DEVICE + "'");
            assertTrue(shell, shell.contains("Restore initiated"));
            await("restore " + tar, () -> "SUCCESS".equals(drs.getRestoreState()));
            String done = ShellSessions.runAsAdmin(sessions, "drs:show-status restore");
            assertTrue(done, done.contains("Status: SUCCESS :Restore Completed"));
            assertTrue(done, done.contains("Restart the appliance now"));
            for (String c : List.of("configuration", "master-key", "appliance-store", "drs")) {
                assertTrue(done, done.lines().anyMatch(l -> l.contains(" " + c + " ") && l.contains("100")
                        && l.contains("SUCCESS")));
            }
            assertTrue(drs.isRestartRequired());
            assertEquals("nothing changed since the backup: the restore wrote the same bytes", before, snapshot());
            try {
                drs.backup("local", "IME", DEVICE);
                throw new AssertionError("a backup before the restart must be refused");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("restart the appliance"));
            }
        } finally {
            handler.unregister();
        }
    }

    private String refusedRestore(String server, String tar) throws Exception {
        long failedBefore = drs.getRestoresFailed();
        drs.restore("local", server, tar, DEVICE);
        await("restore " + tar + " refused", () -> drs.getRestoresFailed() > failedBefore
                && "FAILED".equals(drs.getRestoreState()));
        return drs.getRestoreStatus();
    }

    private void assertAlarm(String name, int count) throws InterruptedException {
        await(count + " x " + name, () -> alerts.stream().filter(a -> a.name().equals(name)).count() >= count);
        assertEquals(name + " raised " + alerts, count, alerts.stream().filter(a -> a.name().equals(name)).count());
    }

    /** SHA-256 of every configuration and store file the restore could touch. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path base = Paths.get(System.getProperty("karaf.base"));
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        try (Stream<Path> s = Files.list(etc)) {
            for (Path f : s.filter(f -> f.getFileName().toString().matches("org\\.imegate\\..*\\.cfg|.*\\.fbs"))
                    .toList()) {
                out.put("etc/" + f.getFileName(), sha256(Files.readAllBytes(f)));
            }
        }
        Path store = base.resolve("store");
        try (Stream<Path> s = Files.walk(store)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = "store/" + store.relativize(f);
                // the live IME database (H2) writes by itself; it travels as a snapshot of its tables
                if (!(name.startsWith("store/ime/") && name.endsWith(".db"))) {
                    out.put(name, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archive with entries replaced by {@code edits}, repacked as tar.gz. */
    static byte[] repack(byte[] archive, Map<String, UnaryOperator<byte[]>> edits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new java.io.ByteArrayInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in));
                TarArchiveOutputStream o = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            o.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                byte[] data = tar.readAllBytes();
                UnaryOperator<byte[]> edit = edits.get(e.getName());
                if (edit != null) {
                    data = edit.apply(data);
                }
                TarArchiveEntry n = new TarArchiveEntry(e.getName());
                n.setSize(data.length);
                o.putArchiveEntry(n);
                o.write(data);
                o.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    /** The archive claiming {@code version}, with MANIFEST.hmac recomputed from the security password. */
    static byte[] otherVersion(byte[] archive, String version) throws Exception {
        byte[][] manifest = new byte[1][];
        repack(archive, Map.of("MANIFEST", m -> {
            manifest[0] = m;
            return m;
        }));
        Map<String, String> kv = new TreeMap<>();
        for (String line : new String(manifest[0], StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        byte[] edited = new String(manifest[0], StandardCharsets.UTF_8).replace("version=" + kv.get("version") + "\n",
                "version=" + version + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] salt = Base64.getDecoder().decode(kv.get("kdf.salt"));
        int iterations = Integer.parseInt(kv.get("kdf.iterations"));
        byte[] prk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update("imegate-drs-archive/1 manifest".getBytes(StandardCharsets.UTF_8));
        expand.update((byte) 1);
        byte[] macKey = expand.doFinal();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
        String hmac = HexFormat.of().formatHex(mac.doFinal(edited)) + "\n";
        return repack(archive, Map.of("MANIFEST", m -> edited,
                "MANIFEST.hmac", m -> hmac.getBytes(StandardCharsets.US_ASCII)));
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
