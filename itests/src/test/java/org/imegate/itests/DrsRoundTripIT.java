package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Must-show 1, as operators do it: appliance A is configured (trustpoint certified by a federation CA, key
 * pair, media-termination, both TLS proxies, the uc-ime proxy with its call agent, ticket epoch and password,
 * SIP inspection, a licence, a session limit, a sensitivity file in deploy/), its DRS security password and an
 * SFTP device on a real OpenSSH server (test-owned sshd on 127.0.0.45, its own host key and account) are typed at
 * password prompts, and A is backed up to that server. A is stopped. A rebuilt appliance B (a fresh unpack of the
 * distribution, another master key) gets the same security password and device and restores the backup from the
 * server; after the restart that the restore asks for, every configuration file, every store file (key store,
 * master key, DRS settings) and every show output is identical to A's, the restored private key exports and
 * matches A's certificate, B's TLS listener presents A's identity, and no password was ever written or shown.
 */
public class DrsRoundTripIT {
    private static final String SECURITY_PASSWORD = "Round-Trip security 42";
    private static final ObjectName DRS = name("org.imegate:type=drs,name=master-agent");
    private static final ObjectName TICKET = name("org.imegate:type=ticket,name=verifier");
    private static final Duration JOB = Duration.ofSeconds(120);
    private static final String SNMP_BOOTS = "store/snmp/engine-boots";
    private static final String STRICT = """
            # site sensitivity for the round trip
            version=1
            module=itest.roundtrip
            level.3.name=Nominal site
            level.3.maxRblrPctX100=4000
            level.3.maxIteIn8s=2
            level.3.maxBlsMs=200
            level.3.maxMovAvgPdvUs=50000
            level.3.maxConcealedSecPct=80
            """;

    @Rule
    public Timeout timeout = new Timeout(15, TimeUnit.MINUTES);

    /** Interfaces of this test's appliances, apart from those of the other SIP tests. */
    private static final String INSIDE = "127.0.0.72";
    private static final String OUTSIDE = "127.0.0.73";
    private static final String CUCM = "127.0.0.70";

    private static SftpServer sftp;
    private static ApplianceProcess a;
    private static ApplianceProcess b;
    private static OpensslCa ca;

    @BeforeClass
    public static void server() throws Exception {
        sftp = SftpServer.start(ImegateKarafSupport.buildDirectory().toPath(), "127.0.0.45");
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            try {
                if (a != null) {
                    a.close();
                }
            } finally {
                sftp.close();
            }
        }
    }

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void everySettingKeyAndRecordComeBackOnARebuiltAppliance() throws Exception {
        ApplianceProcess pa = bootA();
        Files.writeString(pa.path("etc", "org.imegate.licence.cfg"), "export.class = K9\nplatform.limit = 4500\n"
                + "platform.default.sessions = 1000\n", java.nio.file.StandardOpenOption.APPEND);
        pa.await(ApplianceProcess.ADMIN, "tls-proxy:show-licence", o -> o.contains("K9"), Duration.ofSeconds(30));
        pa.exec(ApplianceProcess.ADMIN, "tls-proxy:maximum-sessions 2000");
        Files.writeString(pa.path("deploy", "roundtrip.fbs"), STRICT);
        pa.await(ApplianceProcess.ADMIN, "fallback:show-sensitivity", o -> o.contains("Nominal site"),
                Duration.ofSeconds(30));

        // the DRS settings, passwords typed at the prompts
        String typed;
        try (PromptedConsole console = PromptedConsole.open(pa)) {
            drsSettings(console);
            console.command("drs:device-local 'local copy' 2");
            console.awaitPrompt();
            console.command("drs:schedule-add weekly offsite IME 2031/01/05-03:00 weekly");
            console.awaitPrompt();
            console.command("drs:schedule-enable weekly");
            console.awaitPrompt();
            typed = console.screen();
        }
        assertTrue(typed, typed.contains("The DRS security password was set"));
        assertTrue(typed, typed.contains("Network backup device offsite created"));
        assertTrue(typed, typed.contains("Security password: ******"));
        assertNoSecret("the console session", typed);

        Map<String, String> filesA = files(pa);
        assertTrue(filesA.keySet().toString(), filesA.keySet().containsAll(List.of("store/tls/pki.store",
                "store/platform/master.key", "store/drs/drfDevice.xml", "store/drs/drfSchedule.xml",
                "etc/org.imegate.ticket.cfg", "etc/org.imegate.drs.cfg", "etc/org.imegate.licence.cfg",
                "etc/org.imegate.sip.ucime.cfg", "deploy/roundtrip.fbs")));
        Map<String, String> showsA = shows(pa);
        String identityA = pa.exec(ApplianceProcess.ADMIN, "crypto:ca-export ent-a identity-certificate");
        int epochA;
        try (JMXConnector c = pa.jmx(ApplianceProcess.ADMIN)) {
            epochA = (Integer) c.getMBeanServerConnection().getAttribute(TICKET, "Epoch");
        }

        // backup to the SFTP server
        String started = pa.exec(ApplianceProcess.ADMIN, "drs:backup network IME offsite");
        Matcher m = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2})\\.tar\\.gz").matcher(started);
        assertTrue(started, m.find());
        String tar = m.group(1);
        String done = pa.await(ApplianceProcess.ADMIN, "drs:show-status backup",
                o -> o.contains("Status: SUCCESS") || o.contains("Status: FAILED"), JOB);
        assertTrue(done, done.contains("Status: SUCCESS :Backup Completed"));
        assertTrue(done, done.contains("Storage Location: NETWORK"));
        assertEquals(List.of(tar + ".tar.gz"), sftp.files());
        String listed;
        try (PromptedConsole console = PromptedConsole.open(pa)) {
            console.command("drs:show-backupfiles --port " + sftp.port() + " network " + sftp.directory() + " "
                    + sftp.address() + " " + sftp.user());
            console.answer("Password of " + sftp.user() + " on " + sftp.address() + ": ", sftp.password());
            listed = console.awaitPrompt();
        }
        assertNoSecret("the listing session", listed);
        assertTrue(listed, listed.contains(tar + ".tar.gz"));
        assertTrue(Files.readString(pa.path("data", "log", "audit.log")).contains("DRS Backup " + tar + " Success"));
        a.close();

        // the rebuilt appliance: a fresh unpack, its own master key
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        b = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        b.start();
        awaitDrs(b);
        assertFalse("a rebuilt appliance has its own master key",
                filesA.get("store/platform/master.key").equals(files(b).get("store/platform/master.key")));
        String serverName;
        try (JMXConnector c = b.jmx(ApplianceProcess.ADMIN)) {
            serverName = (String) c.getMBeanServerConnection().getAttribute(DRS, "ServerName");
        }
        String setup;
        try (PromptedConsole console = PromptedConsole.open(b)) {
            drsSettings(console);
            setup = console.screen();
        }
        assertTrue(setup, setup.contains("Network backup device offsite created"));
        assertNoSecret("the console session of B", setup);
        String restore = b.exec(ApplianceProcess.ADMIN, "drs:restore network " + serverName + " " + tar + " offsite");
        assertTrue(restore, restore.contains("Restore initiated"));
        String restored = b.await(ApplianceProcess.ADMIN, "drs:show-status restore",
                o -> o.contains("Status: SUCCESS") || o.contains("Status: FAILED"), JOB);
        assertTrue(restored, restored.contains("Status: SUCCESS :Restore Completed"));
        assertTrue(restored, restored.contains("Restart the appliance now"));
        for (String component : List.of("configuration", "master-key", "appliance-store", "drs", "ime-server")) {
            assertTrue(restored, restored.lines().anyMatch(l -> l.contains(" " + component + " ")
                    && l.contains("SUCCESS")));
        }
        ApplianceProcess.Result early = b.run(ApplianceProcess.ADMIN, "drs:backup network IME offsite");
        String refused = early.stdout + early.stderr;
        assertTrue(refused, refused.contains("restart the appliance before any other backup or restore"));

        assertEquals("the restore wrote back every configuration and store file, byte for byte", List.of(),
                differences(filesA, files(b)));

        b.restart();
        // after the restart too, except the SNMP engine's boot counter, which the agent advances at every start
        // (RFC 3414 2.2.2) and which the restore brought back so that it never goes backwards
        Map<String, String> filesB = files(b);
        List<String> changed = differences(filesA, filesB);
        assertEquals("every configuration and store file is back, byte for byte", List.of(), changed.stream()
                .filter(d -> !d.equals("changed " + SNMP_BOOTS)).toList());
        Map<String, String> showsB = shows(b);
        for (Map.Entry<String, String> e : showsA.entrySet()) {
            assertEquals(e.getKey(), e.getValue(), showsB.get(e.getKey()));
        }
        assertEquals(identityA, b.exec(ApplianceProcess.ADMIN, "crypto:ca-export ent-a identity-certificate"));
        try (JMXConnector c = b.jmx(ApplianceProcess.ADMIN)) {
            assertEquals(epochA, c.getMBeanServerConnection().getAttribute(TICKET, "Epoch"));
            assertEquals(Boolean.TRUE, c.getMBeanServerConnection().getAttribute(TICKET, "Configured"));
            assertEquals(Boolean.TRUE, c.getMBeanServerConnection().getAttribute(DRS, "SecurityPasswordSet"));
            assertEquals(Boolean.FALSE, c.getMBeanServerConnection().getAttribute(DRS, "RestartRequired"));
        }

        // the restored private key opens under the restored master key and belongs to A's certificate
        Path p12 = dir.resolve("restored-" + System.nanoTime() + ".p12");
        String export = b.interactive(List.of("crypto:ca-export --file " + p12 + " ent-a pkcs12", "Export-Pass-7",
                "Export-Pass-7"));
        assertTrue(export, export.contains("written to"));
        Path certA = write(dir, "identity-a.pem", identityA.substring(identityA.indexOf("-----BEGIN")));
        String keyB = tool("openssl", "pkcs12", "-in", p12.toString(), "-passin", "pass:Export-Pass-7", "-nocerts",
                "-nodes");
        assertEquals(tool("openssl", "x509", "-noout", "-modulus", "-in", certA.toString()),
                tool("openssl", "rsa", "-noout", "-modulus", "-in", write(dir, "key-b.pem", keyB).toString()));
        Files.delete(p12);

        // B's outside TLS listener serves A's identity
        String served = b.await(ApplianceProcess.ADMIN, "uc-ime:show-uc-ime", o -> o.contains("ent-a"),
                Duration.ofSeconds(30));
        assertTrue(served, served.contains("ent-a"));
        String handshake = tlsCertificate(OUTSIDE + ":5061", ca.certificate(), ca.keyOf("enterprise-b"),
                ca.keyOf("enterprise-b").resolveSibling("enterprise-b.pem"));
        assertEquals(tool("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", certA.toString()),
                tool("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                        write(dir, "served.pem", handshake).toString()));

        // the DRS itself needs no reconfiguration, and no secret was ever written in clear
        String devices = b.exec(ApplianceProcess.ADMIN, "drs:show-devices");
        assertTrue(devices, devices.contains("offsite") && devices.contains("local copy"));
        String schedules = b.exec(ApplianceProcess.ADMIN, "drs:show-schedules");
        assertTrue(schedules, schedules.contains("weekly") && schedules.contains("enabled"));
        for (ApplianceProcess p : List.of(pa, b)) {
            for (String sub : List.of("etc", "store", "data/log", "deploy")) {
                try (Stream<Path> s = Files.walk(p.path(sub))) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        assertNoSecret(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
    }

    /**
     * Appliance A as an operator sets it up (as SipPeers does, on this test's own interfaces): identity certified by
     * the federation CA, a media-termination on both interfaces, the two TLS proxies, the uc-ime proxy with its
     * call agent and fallback timers, the ticket epoch and password, SIP inspection both ways.
     */
    private static ApplianceProcess bootA() throws Exception {
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        a = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        Files.writeString(a.path("etc", "org.imegate.interfaces.cfg"), "inside = " + INSIDE + "\noutside = " + OUTSIDE
                + "\n");
        a.start();
        awaitDrs(a);
        Path work = Files.createTempDirectory(dir, "drs-a-");
        ca = new OpensslCa(work.resolve("ca"), "IME Federation CA");
        ca.issue("enterprise-b", "enterprise-b.example");
        admin(a, "crypto:key-generate rsa label ent-a-key modulus 2048");
        admin(a, "crypto:ca-trustpoint ent-a subject-name cn=enterprise-a.example keypair ent-a-key enroll terminal");
        Path csr = work.resolve("ent-a.csr");
        admin(a, "crypto:ca-enroll --file " + csr + " ent-a");
        Path signed = ca.sign(csr, "ent-a", "enterprise-a.example");
        admin(a, "crypto:ca-authenticate --file " + ca.certificate() + " ent-a");
        admin(a, "crypto:ca-import --file " + signed + " ent-a certificate");
        admin(a, "media-termination:media-termination mt address " + OUTSIDE + " interface outside");
        admin(a, "media-termination:media-termination mt address " + INSIDE + " interface inside");
        admin(a, "tls-proxy:tls-proxy remote-to-local server trust-point ent-a client trust-point ent-a");
        admin(a, "tls-proxy:tls-proxy local-to-remote server trust-point ent-a client trust-point ent-a");
        admin(a, "uc-ime:uc-ime ent-a media-termination mt ucm address " + CUCM + " trunk-security-mode nonsecure"
                + " fallback monitoring timer 120 fallback hold-down timer 30");
        try (JMXConnector c = a.jmx(ApplianceProcess.ADMIN)) {
            c.getMBeanServerConnection().invoke(TICKET, "configure", new Object[] {7, SipPeers.ticketPassword()},
                    new String[] {"int", "java.lang.String"});
        }
        admin(a, "uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
        admin(a, "uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
        return a;
    }

    /** The security password and the SFTP device, typed at their prompts as an operator does. */
    private static void drsSettings(PromptedConsole console) throws Exception {
        console.command("drs:security-password");
        console.answer("Security password: ", SECURITY_PASSWORD);
        console.answer("Re-enter security password: ", SECURITY_PASSWORD);
        console.awaitPrompt();
        console.command(sftp.deviceCommand("offsite", 3));
        console.answer("Password of " + sftp.user() + " on " + sftp.address() + ": ", sftp.password());
        console.awaitPrompt();
    }

    private static String admin(ApplianceProcess p, String command) throws Exception {
        return p.exec(ApplianceProcess.ADMIN, command);
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : List.of(SECURITY_PASSWORD, sftp.password())) {
            int at = text.indexOf(secret);
            if (at >= 0) {
                String around = text.substring(Math.max(0, at - 200), Math.min(text.length(), at + secret.length() + 80));
                throw new AssertionError("a password appears in " + where + ": ..."
                        + around.replace(secret, "<the password>") + "...");
            }
        }
    }

    /** SHA-256 of every file a restore brings back: etc/org.imegate.*.cfg, etc/*.fbs, deploy/*.fbs, store/**. */
    /** The DRS services come up a moment after the feature: waits for its console command (and so its MBean). */
    static void awaitDrs(ApplianceProcess p) throws Exception {
        p.await(ApplianceProcess.ADMIN, "drs:show-devices", o -> true, java.time.Duration.ofSeconds(60));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        try (JMXConnector c = p.jmx(ApplianceProcess.ADMIN)) {
            for (int i = 0; i < 600 && !c.getMBeanServerConnection().isRegistered(DRS); i++) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(DRS + " not registered within 60 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    static Map<String, String> files(ApplianceProcess p) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String dir : List.of("etc", "deploy")) {
            try (Stream<Path> s = Files.list(p.path(dir))) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".fbs") || dir.equals("etc") && n.matches("org\\.imegate\\..*\\.cfg")) {
                        out.put(dir + "/" + n, sha256(Files.readAllBytes(f)));
                    }
                }
            }
        }
        Path store = p.path("store");
        try (Stream<Path> s = Files.walk(store)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = "store/" + store.relativize(f);
                // the IME database travels as a consistent snapshot of its tables (component ime-server), not as
                // the live H2 file, whose bytes depend on how the rows were written
                if (!(name.startsWith("store/ime/") && name.endsWith(".db"))) {
                    out.put(name, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    /** The files that differ, are missing or are new in {@code after}. */
    static List<String> differences(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                out.add("missing " + e.getKey());
            } else if (!after.get(e.getKey()).equals(e.getValue())) {
                out.add("changed " + e.getKey());
            }
        }
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> out.add("new " + k));
        return out;
    }

    /** What an operator sees of the configuration (the installation directory written as {@code <home>}). */
    static Map<String, String> shows(ApplianceProcess p) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String command : List.of("crypto:show-ca-trustpoints", "crypto:show-key", "crypto:show-ca-certificates",
                "tls-proxy:show-tls-proxy", "tls-proxy:show-licence", "uc-ime:show-uc-ime",
                "media-termination:show-media-termination", "fallback:show-sensitivity", "drs:show-devices",
                "drs:show-schedules")) {
            // after a start, a module's commands can register a moment after the feature reports Started
            out.put(command, p.await(ApplianceProcess.ADMIN, command, o -> true, java.time.Duration.ofSeconds(60))
                    .replace(p.home().toString(), "<home>"));
        }
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** The server certificate a TLS client with enterprise B's certificate sees at {@code hostPort} (PEM). */
    static String tlsCertificate(String hostPort, Path caFile, Path key, Path cert)
            throws IOException, InterruptedException {
        String out = tool("openssl", "s_client", "-connect", hostPort, "-showcerts", "-CAfile", caFile.toString(),
                "-cert", cert.toString(), "-key", key.toString());
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < 0) {
            throw new AssertionError("no certificate from " + hostPort + ":\n" + out);
        }
        return out.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n";
    }

    static String tool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0 && !command[1].equals("s_client")) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
