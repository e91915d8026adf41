package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.imegate.itests.ime.FakeImeServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runners.MethodSorters;

/**
 * The SNMP agent, the alert engine and the Camel route {@code alerts} on a running appliance, with real peers:
 * net-snmp's snmpget/snmpwalk/snmptranslate as the NMS, snmptrapd on 127.0.0.30 as the trap and inform receiver,
 * a test-owned RFC 5424 syslog receiver on 127.0.0.31 and a GreenMail SMTP server on 127.0.0.32. The IME server's
 * counters come from a test bundle dropped into deploy/ that registers {@code org.imegate:type=ime,name=server}, as
 * the IME server module will. The alert engine polls every second here.
 *
 * <p>The methods run in name order: the last one takes the trap receiver and the SMTP server down.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SnmpAlertsIT {
    static final String TRAPD = "127.0.0.30";
    static final String SYSLOG = "127.0.0.31";
    static final String SMTP = "127.0.0.32";
    static final String TRAPD_ENGINE_TEXT = "imegatetrapd";
    static final ObjectName AGENT = SipPeers.name("org.imegate:type=snmp,name=agent");
    static final ObjectName ENGINE = SipPeers.name("org.imegate:type=alert,name=engine");
    static final ObjectName NOTIFICATIONS = SipPeers.name("org.imegate:type=alert,name=notifications");
    static final ObjectName IME = SipPeers.name(FakeImeServer.OBJECT_NAME);
    static final String CONTACT = "Administrator, 555-121-6633";
    static final String LOCATION = "San Jose, Bldg 23, 2nd floor";
    static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|\\[.*?\\]) (.*)", Pattern.DOTALL);

    private static SipPeers peers;
    private static ApplianceProcess appliance;
    private static Path work;
    private static Path mibs;
    private static int snmpPort;
    private static int trapdPort;
    private static Peer trapd;
    private static GreenMail smtp;
    private static DatagramSocket syslogSocket;
    private static Thread syslogThread;
    private static final BlockingQueue<String> SYSLOG_MESSAGES = new LinkedBlockingQueue<>();
    private static final String AUTH = ApplianceProcess.randomPassword();
    private static final String PRIV = ApplianceProcess.randomPassword();
    private static final String AUTH256 = ApplianceProcess.randomPassword();
    private static final String PRIV256 = ApplianceProcess.randomPassword();
    private static final String COMMUNITY = "c" + ApplianceProcess.randomPassword().substring(0, 12);

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void start() throws Exception {
        peers = SipPeers.boot("snmp-alerts", "nonsecure");
        appliance = peers.appliance();
        work = peers.work();
        try {
            setUp();
        } catch (Throwable t) {
            stop();
            throw t;
        }
    }

    private static void setUp() throws Exception {
        // the engine evaluates its counter alerts every second (file installer applies the change at once)
        ApplianceProcess.setProperty(appliance.path("etc", "org.imegate.alert.cfg"), "poll.seconds", "1");
        mibs = Files.createDirectories(work.resolve("mibs"));
        for (String m : List.of("SNMPv2-SMI.txt", "SNMPv2-TC.txt", "SNMPv2-CONF.txt", "SNMPv2-MIB.txt")) {
            try (InputStream in = SnmpAlertsIT.class.getResourceAsStream("/mibs/" + m)) {
                Files.copy(in, mibs.resolve(m));
            }
        }
        snmpPort = freeUdpPort("127.0.0.1");
        jmx(AGENT, "setListener", "127.0.0.1", snmpPort);
        jmx(AGENT, "addUser", "nms", "SHA", AUTH, "AES128", PRIV, "ReadNotifyOnly", "");
        jmx(AGENT, "addUser", "nms256", "SHA-256", AUTH256, "AES128", PRIV256, "ReadOnly", "127.0.0.1");
        jmx(AGENT, "addCommunity", "monitoring", COMMUNITY, "ReadOnly", "127.0.0.1");
        jmx(AGENT, "setMib2", CONTACT, LOCATION);
        assertTrue("agent not listening: " + attribute(AGENT, "ListenAddress"),
                (Boolean) attribute(AGENT, "Listening"));

        deployFakeImeServer();

        syslogSocket = new DatagramSocket(new InetSocketAddress(SYSLOG, 0));
        syslogSocket.setSoTimeout(200);
        syslogThread = new Thread(SnmpAlertsIT::receiveSyslog, "it-syslog-receiver");
        syslogThread.setDaemon(true);
        syslogThread.start();

        smtp = new GreenMail(new ServerSetup(freeTcpPort(SMTP), SMTP, "smtp"));
        smtp.start();

        trapdPort = freeUdpPort(TRAPD);
        trapd = startTrapd();

        String trapdEngine = "80001f8804" + HexFormat.of().formatHex(TRAPD_ENGINE_TEXT.getBytes(StandardCharsets.US_ASCII));
        jmx(AGENT, "addTrapDestination", TRAPD, trapdPort, "nms");
        jmx(AGENT, "addInformDestination", TRAPD, trapdPort, "nms", trapdEngine);
        jmx(NOTIFICATIONS, "addSyslogReceiver", "udp", SYSLOG, syslogSocket.getLocalPort());
        jmx(NOTIFICATIONS, "configureMail", SMTP, smtp.getSmtp().getPort(), "ime@enterprise-a.example",
                "noc@enterprise-a.example", false, "", "");
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (trapd != null) {
                trapd.close();
            }
            if (smtp != null) {
                smtp.stop();
            }
            if (syslogSocket != null) {
                syslogSocket.close();
            }
        } finally {
            if (peers != null) {
                peers.close();
            }
        }
    }

    @Test
    public void t1_netSnmpReadsTheSystemGroupAndCountersWithV3AndV2cAndRefusalsAreCounted() throws Exception {
        String v3 = snmp("snmpget", v3Args("nms", "SHA", AUTH, PRIV), "SNMPv2-MIB::sysContact.0",
                "SNMPv2-MIB::sysLocation.0", "SNMPv2-MIB::sysObjectID.0");
        assertTrue(v3, v3.contains("sysContact.0 = STRING: " + CONTACT));
        assertTrue(v3, v3.contains("sysLocation.0 = STRING: " + LOCATION));
        assertTrue(v3, v3.contains("IMEGATE-MIB::imegateAppliance"));

        String sha256 = snmp("snmpget", v3Args("nms256", "SHA-256", AUTH256, PRIV256), "SNMPv2-MIB::sysContact.0");
        assertTrue(sha256, sha256.contains(CONTACT));

        FakeImeServerState.set(42);
        String walk = snmp("snmpwalk", v3Args("nms", "SHA", AUTH, PRIV), "IMEGATE-MIB::imegateMIB");
        assertTrue(walk, walk.contains("IMEGATE-MIB::ucImeInUse.0 = Gauge32: 0"));
        assertTrue(walk, walk.contains("IMEGATE-MIB::mediaActiveSessions.0 = Gauge32: 0"));
        assertTrue(walk, walk.contains("IMEGATE-MIB::tlsProxyActiveSessions.0 = Gauge32: "));
        assertTrue(walk, walk.contains("IMEGATE-MIB::validationsPending.0 = Gauge32: 42"));
        assertTrue(walk, walk.contains("IMEGATE-MIB::clientsRegistered.0 = Gauge32: 2"));
        assertFalse("the ring is not installed: nothing made up\n" + walk, walk.contains("imeDistributedCache"));
        String absent = snmp("snmpget", v3Args("nms", "SHA", AUTH, PRIV), "IMEGATE-MIB::imeDistributedCacheHealth.0");
        assertTrue(absent, absent.contains("No Such Object available on this agent at this OID"));

        String v2c = snmp("snmpget", List.of("-v2c", "-c", COMMUNITY), "SNMPv2-MIB::sysContact.0",
                "IMEGATE-MIB::validationsPending.0");
        assertTrue(v2c, v2c.contains(CONTACT) && v2c.contains("validationsPending.0 = Gauge32: 42"));

        long wrongDigests = (Long) attribute(AGENT, "UsmStatsWrongDigests");
        Result bad = net("snmpget", v3Args("nms", "SHA", "not-the-" + AUTH, PRIV), "SNMPv2-MIB::sysContact.0");
        assertNotEquals(bad.toString(), 0, bad.exit);
        assertFalse(bad.toString(), bad.out.contains(CONTACT));
        assertTrue(bad.toString(), bad.out.contains("Authentication fail"));
        assertTrue("wrong digest not counted", (Long) attribute(AGENT, "UsmStatsWrongDigests") > wrongDigests);

        long badCommunity = (Long) attribute(AGENT, "SnmpInBadCommunityNames");
        Result wrong = net("snmpget", List.of("-v2c", "-c", "public", "-t", "1", "-r", "0"), "SNMPv2-MIB::sysContact.0");
        assertNotEquals(wrong.toString(), 0, wrong.exit);
        assertTrue(wrong.toString(), wrong.out.contains("Timeout"));
        assertTrue("bad community not counted", (Long) attribute(AGENT, "SnmpInBadCommunityNames") > badCommunity);

        Result translate = new Result(List.of("snmptranslate", "-M", mibs + ":" + appliance.path("mibs"), "-m",
                "IMEGATE-MIB", "-Pe", "-On", "IMEGATE-MIB::imegateValidationsPendingExceeded"));
        assertEquals(translate.toString(), 0, translate.exit);
        assertEquals(translate.toString(), ".1.3.6.1.3.4242.0.10", translate.out.trim());
        Result tree = new Result(List.of("snmptranslate", "-M", mibs + ":" + appliance.path("mibs"), "-m",
                "IMEGATE-MIB", "-Pe", "-Tp", "IMEGATE-MIB::imegateMIB"));
        assertEquals(tree.toString(), 0, tree.exit);
        assertTrue(tree.out, tree.out.contains("imegateDRFBackupFailure(22)") && tree.out.contains("validationsPending(9)"));

        String shown = appliance.exec(ApplianceProcess.VIEWER, "snmp:show-config");
        assertTrue(shown, shown.contains("username nms authprotocol SHA authpassphrase *****"));
        assertTrue(shown, shown.contains("name monitoring community-string *****"));
        assertFalse(shown, shown.contains(AUTH) || shown.contains(PRIV) || shown.contains(COMMUNITY));
        for (Path cfg : Files.list(appliance.path("etc")).filter(p -> p.getFileName().toString()
                .startsWith("org.imegate.snmp")).toList()) {
            String text = Files.readString(cfg);
            assertFalse(cfg + " holds a secret in clear", text.contains(AUTH) || text.contains(PRIV)
                    || text.contains(COMMUNITY));
        }
    }

    @Test
    public void t2_theShellAsksForPassphrasesWithoutEchoAndTheUserWorks() throws Exception {
        String auth = ApplianceProcess.randomPassword();
        String priv = ApplianceProcess.randomPassword();
        String screen = appliance.interactive(List.of("snmp:config user 3 add username operator authprotocol SHA "
                + "privprotocol AES128 accessprivilege ReadOnly", auth, auth, priv, priv));
        // what the console wrote (the local terminal echoes the typed-ahead lines before the console reads them)
        int console = screen.indexOf("itadmin@root()>");
        assertTrue(screen, console >= 0);
        String shown = screen.substring(console);
        assertFalse("a passphrase was echoed:\n" + shown, shown.contains(auth) || shown.contains(priv));
        assertTrue(shown, shown.contains("Enter the authentication passphrase: *****"));
        assertTrue(shown, shown.contains("Added user operator"));
        String get = snmp("snmpget", v3Args("operator", "SHA", auth, priv), "SNMPv2-MIB::sysLocation.0");
        assertTrue(get, get.contains(LOCATION));
    }

    @Test
    public void t3_anAlertReachesTrapInformSyslogMailAndJmxIsSuppressedAsConfiguredAndClears() throws Exception {
        List<Notification> jmxNotifications = new CopyOnWriteArrayList<>();
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection m = c.getMBeanServerConnection();
            m.addNotificationListener(NOTIFICATIONS, (n, h) -> jmxNotifications.add(n), null, null);
            SYSLOG_MESSAGES.clear();
            long acknowledged = (Long) attribute(AGENT, "InformsAcknowledged");
            long suppressed = (Long) attribute(ENGINE, "AlertsSuppressed");

            FakeImeServerState.set(150);
            Matcher raised = awaitSyslog("ValidationsPendingExceeded", "RAISED", Duration.ofSeconds(30));
            // PRI = facility local0 (16) * 8 + critical (2)
            assertEquals("130", raised.group(1));
            assertEquals("imegate", raised.group(4));
            assertTrue(raised.group(8), raised.group(8).contains("RAISED critical ime: Cisco IME pending validations "
                    + "exceeded 100 (ValidationsPending 150, threshold 100)"));

            String traps = awaitFile(trapdLog(), t -> count(t, "IMEGATE-MIB::imegateValidationsPendingExceeded") >= 2,
                    Duration.ofSeconds(30));
            assertTrue(traps, traps.contains("IMEGATE-MIB::imegateAlertSeverity.0 = INTEGER: critical(3)"));
            assertTrue(traps, traps.contains("IMEGATE-MIB::imegateAlertState.0 = INTEGER: raised(1)"));
            assertTrue(traps, traps.contains("Cisco IME pending validations exceeded 100"));
            await(() -> (Long) attribute(AGENT, "InformsAcknowledged") > acknowledged, Duration.ofSeconds(30),
                    "the inform was not acknowledged");

            assertTrue("no e-mail", smtp.waitForIncomingEmail(30_000, 1));
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertEquals("[imegate] CRITICAL ValidationsPendingExceeded RAISED", mail.getSubject());
            assertEquals("noc@enterprise-a.example", mail.getAllRecipients()[0].toString());
            await(() -> jmxNotifications.stream().anyMatch(n -> n.getType().equals("org.imegate.alert.raised")
                    && n.getMessage().startsWith("ValidationsPendingExceeded RAISED")), Duration.ofSeconds(30),
                    "no JMX notification");

            // "up to 1 alerts within 60 minutes": the condition holds at every poll, no second raise goes out
            await(() -> (Long) attribute(ENGINE, "AlertsSuppressed") >= suppressed + 3, Duration.ofSeconds(30),
                    "raises were not suppressed");
            assertEquals(0, drainSyslog("ValidationsPendingExceeded", "RAISED"));
            // the operator allows 2 within 60 minutes: exactly one more raise, then suppression again
            appliance.exec(ApplianceProcess.ADMIN, "alert:alert ValidationsPendingExceeded frequency up-to 2 within 60");
            awaitSyslog("ValidationsPendingExceeded", "RAISED", Duration.ofSeconds(30));
            long now = (Long) attribute(ENGINE, "AlertsSuppressed");
            await(() -> (Long) attribute(ENGINE, "AlertsSuppressed") >= now + 3, Duration.ofSeconds(30),
                    "raises were not suppressed after the second");
            assertEquals(0, drainSyslog("ValidationsPendingExceeded", "RAISED"));
            String rules = appliance.exec(ApplianceProcess.VIEWER, "alert:show-alerts");
            assertTrue(rules, Pattern.compile("(?m)^ValidationsPendingExceeded\\s+yes\\s+critical\\s+100\\s+80\\s+"
                    + "immediate\\s+up to 2 alerts within 60 minutes\\s+yes\\s+RAISED\\s+2/").matcher(rules).find());

            // below the low watermark the alert clears, once, everywhere
            FakeImeServerState.set(50);
            Matcher cleared = awaitSyslog("ValidationsPendingExceeded", "CLEARED", Duration.ofSeconds(30));
            assertTrue(cleared.group(8), cleared.group(8).contains("ValidationsPending 50 is back past 80"));
            awaitFile(trapdLog(), t -> t.contains("IMEGATE-MIB::imegateAlertState.0 = INTEGER: cleared(2)"),
                    Duration.ofSeconds(30));
            await(() -> jmxNotifications.stream().anyMatch(n -> n.getType().equals("org.imegate.alert.cleared")),
                    Duration.ofSeconds(30), "no JMX notification of the clear");
            appliance.exec(ApplianceProcess.ADMIN, "alert:alert ValidationsPendingExceeded default");
        }
    }

    @Test
    public void t4_withTheTrapReceiverAndTheSmtpServerDownAlertsStillReachSyslogAndTheLogAndCallsGoOn()
            throws Exception {
        trapd.close();
        smtp.stop();
        // two raises of this alert went out within the hour in t3: allow three more
        appliance.exec(ApplianceProcess.ADMIN, "alert:alert ValidationsPendingExceeded frequency up-to 5 within 60");
        long snmpFailed = (Long) attribute(NOTIFICATIONS, "SnmpFailed");
        long mailFailed = (Long) attribute(NOTIFICATIONS, "MailFailed");
        SYSLOG_MESSAGES.clear();

        FakeImeServerState.set(500);
        long start = System.nanoTime();
        Matcher raised = awaitSyslog("ValidationsPendingExceeded", "RAISED", Duration.ofSeconds(20));
        long syslogMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(raised.group(8), raised.group(8).contains("ValidationsPending 500"));
        awaitFile(appliance.path("data", "log", "karaf.log"),
                t -> t.contains("ValidationsPendingExceeded RAISED critical ime: Cisco IME pending validations exceeded 100"
                        + " (ValidationsPending 500"), Duration.ofSeconds(20));

        // the appliance keeps serving calls while the receivers are down and their routes retry
        int calls = 5;
        try (Peer cucm = peers.sipp("cucm-uas-alerts", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1",
                "-i", SipPeers.CUCM, "-p", "5060", "-mi", SipPeers.CUCM, "-mp", "16000", "-rtp_echo", "-m",
                Integer.toString(calls)));
             Peer tunnel = peers.stunnelClient("remote-b-alerts", "127.0.0.1:15461", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress(SipPeers.CUCM, 5060), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15461), Duration.ofSeconds(20));
            try (Peer remote = peers.sipp("remote-b-uac-alerts", List.of("-sf", peers.scenario("uac-call.xml"), "-t",
                    "t1", "-i", "127.0.0.1", "-p", "5480", "-mi", "127.0.0.1", "-mp", "17400", "-key", "target",
                    "127.0.0.3:5061", "-key", "callee", SipPeers.CALLED, "-key", "tport", "TLS", "-d", "500", "-m",
                    Integer.toString(calls), "-r", "5", "-l", "5", "127.0.0.1:15461"))) {
                assertEquals("calls failed while the receivers were down:\n" + remote.log() + "\nappliance:\n"
                        + appliance.logTail(60), 0, remote.awaitExit(Duration.ofSeconds(120)));
            }
            assertEquals("call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        }
        // the inform and the e-mail are given up after their retries, and counted
        await(() -> (Long) attribute(NOTIFICATIONS, "SnmpFailed") > snmpFailed
                && (Long) attribute(NOTIFICATIONS, "MailFailed") > mailFailed, Duration.ofSeconds(90),
                "the failed deliveries were not counted");
        assertTrue("syslog took " + syslogMillis + " ms", syslogMillis < 20_000);
        FakeImeServerState.set(0);
        awaitSyslog("ValidationsPendingExceeded", "CLEARED", Duration.ofSeconds(30));
        String shown = appliance.exec(ApplianceProcess.VIEWER, "alert:show-notifications");
        assertTrue(shown, shown.contains("remote syslog servers: udp:" + SYSLOG + ":" + syslogSocket.getLocalPort()));
        appliance.exec(ApplianceProcess.ADMIN, "alert:alert ValidationsPendingExceeded default");
    }

    // ---- the fake IME server's counter

    /** Sets the fake IME server's ValidationsPending over JMX. */
    static final class FakeImeServerState {
        static void set(long value) throws Exception {
            try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
                c.getMBeanServerConnection().setAttribute(IME, new Attribute("ValidationsPending", value));
            }
        }
    }

    private static void deployFakeImeServer() throws Exception {
        // the appliance's own IME server owns the MBean name: it steps aside for the fake, whose counters the test sets
        appliance.exec(ApplianceProcess.ADMIN, "bundle:stop org.imegate.ime");
        await(() -> {
            try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
                return !c.getMBeanServerConnection().isRegistered(IME);
            }
        }, Duration.ofSeconds(30), "the IME server's MBean did not go away");
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.imegate.itests.fake-ime-server");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", FakeImeServer.class.getName());
        a.putValue("Import-Package", "javax.management,org.osgi.framework;version=\"[1.8,2)\"");
        Path jar = work.resolve("fake-ime-server.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (Class<?> c : List.of(FakeImeServer.class, org.imegate.itests.ime.FakeImeServerMBean.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Path tmp = appliance.path("deploy", "fake-ime-server.jar.part");
        Files.copy(jar, tmp);
        Files.move(tmp, appliance.path("deploy", "fake-ime-server.jar"));
        await(() -> {
            try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
                return c.getMBeanServerConnection().isRegistered(IME);
            }
        }, Duration.ofSeconds(60), "the fake IME server MBean was not registered");
    }

    // ---- peers

    private static Peer startTrapd() throws Exception {
        String agentEngine = (String) attribute(AGENT, "LocalEngineId");
        Path dir = Files.createDirectories(work.resolve("snmptrapd"));
        Path persist = Files.createDirectories(dir.resolve("persist"));
        Files.writeString(dir.resolve("snmptrapd.conf"), String.join("\n",
                "engineID " + TRAPD_ENGINE_TEXT,
                // traps are authenticated under the appliance's engine ID, informs under snmptrapd's own
                "createUser -e 0x" + agentEngine + " nms SHA " + AUTH + " AES " + PRIV,
                "createUser nms SHA " + AUTH + " AES " + PRIV,
                "authUser log nms", ""));
        Path log = dir.resolve("trapd.log");
        Files.writeString(log, "");
        // env: snmptrapd keeps its persistent state in the test's directory (exec, so the pid is snmptrapd's)
        Peer p = Peer.start("snmptrapd", dir, List.of("env", "SNMP_PERSISTENT_DIR=" + persist, "snmptrapd", "-f",
                "-C", "-c", dir.resolve("snmptrapd.conf").toString(),
                "-M", mibs + ":" + appliance.path("mibs"), "-m", "IMEGATE-MIB:SNMPv2-MIB", "-Lf", log.toString(),
                "udp:" + TRAPD + ":" + trapdPort));
        awaitFile(log, t -> t.contains("NET-SNMP version"), Duration.ofSeconds(20));
        return p;
    }

    private static Path trapdLog() {
        return work.resolve("snmptrapd").resolve("trapd.log");
    }

    private static void receiveSyslog() {
        byte[] buf = new byte[4096];
        while (!syslogSocket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                syslogSocket.receive(p);
                SYSLOG_MESSAGES.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException idle) {
                // look at isClosed again
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The next syslog message of {@code alert} in {@code state}, parsed as RFC 5424; others are skipped. */
    private static Matcher awaitSyslog(String alert, String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String m = SYSLOG_MESSAGES.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS);
            if (m == null) {
                break;
            }
            seen.add(m);
            Matcher r = RFC5424.matcher(m);
            assertTrue("not RFC 5424: " + m, r.matches());
            if (r.group(6).equals(alert) && r.group(8).startsWith(alert + " " + state + " ")) {
                return r;
            }
        }
        throw new AssertionError("no syslog message " + alert + " " + state + " within " + timeout + "; seen: " + seen);
    }

    /** Takes every queued syslog message; returns how many were {@code alert} in {@code state}. */
    private static int drainSyslog(String alert, String state) {
        List<String> all = new ArrayList<>();
        SYSLOG_MESSAGES.drainTo(all);
        return (int) all.stream().filter(m -> m.contains(" " + alert + " [origin software=\"imegate\"] " + alert + " "
                + state + " ")).count();
    }

    // ---- net-snmp

    record Result(int exit, String out, List<String> command) {
        Result(List<String> command) throws IOException, InterruptedException {
            this(run(command), command);
        }

        private Result(String[] r, List<String> command) {
            this(Integer.parseInt(r[0]), r[1], command);
        }

        static String[] run(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within 60 s");
            }
            return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8)};
        }

        @Override
        public String toString() {
            return command.get(0) + " exited " + exit + ":\n" + out;
        }
    }

    private static List<String> v3Args(String user, String auth, String authPass, String privPass) {
        return List.of("-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", authPass, "-x", "AES", "-X", privPass,
                "-t", "2", "-r", "1");
    }

    private static Result net(String tool, List<String> args, String... oids) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool, "-M", mibs + ":" + appliance.path("mibs"), "-m",
                "IMEGATE-MIB:SNMPv2-MIB"));
        cmd.addAll(args);
        cmd.add("127.0.0.1:" + snmpPort);
        cmd.addAll(List.of(oids));
        return new Result(cmd);
    }

    private static String snmp(String tool, List<String> args, String... oids) throws Exception {
        Result r = net(tool, args, oids);
        assertEquals(r.toString(), 0, r.exit);
        return r.out;
    }

    // ---- helpers

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition c, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            if (c.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            SYSLOG_WAIT.poll(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(what + " within " + timeout + "; appliance log:\n" + appliance.logTail(30));
    }

    /** Never filled: waiting on it is a bounded pause between two checks of a condition. */
    private static final BlockingQueue<Object> SYSLOG_WAIT = new LinkedBlockingQueue<>();

    static String awaitFile(Path file, java.util.function.Predicate<String> c, Duration timeout) throws Exception {
        String[] text = {""};
        await(() -> {
            text[0] = Files.exists(file) ? Files.readString(file) : "";
            return c.test(text[0]);
        }, timeout, "expected content in " + file + " (has:\n" + text[0] + ")");
        return text[0];
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static Object attribute(ObjectName name, String attribute) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            return c.getMBeanServerConnection().getAttribute(name, attribute);
        }
    }

    static Object jmx(ObjectName name, String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = args[i] instanceof Integer ? "int" : args[i] instanceof Boolean ? "boolean"
                    : args[i] instanceof Long ? "long" : String.class.getName();
        }
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            return c.getMBeanServerConnection().invoke(name, operation, args, signature);
        }
    }

    static int freeUdpPort(String address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0))) {
            return s.getLocalPort();
        }
    }

    static int freeTcpPort(String address) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }
}
