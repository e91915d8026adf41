package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The off-path mapping service end to end: the call agent (a Java client bound to the call agent's
 * address) asks 127.0.0.2:8060 to map enterprise B's global address (stunnel on 127.0.0.20:5061 in front
 * of SIPp), then SIPp as the call agent sends its INVITE to the mapped inside address and the call
 * completes at enterprise B over TLS; bad requests are answered with errors and counted.
 */
public class MappingServiceIT {
    static final String CUCM = SipPeers.CUCM;
    static final String REMOTE = SipPeers.REMOTE;
    static final InetSocketAddress MAPPING_SERVICE = new InetSocketAddress("127.0.0.2", 8060);
    static final ObjectName MBEAN = SipPeers.name("org.imegate:type=sip,name=mapping-service");
    static final Pattern MAPPED = Pattern.compile("\\{\"id\":1,\"mapped\":\"127\\.0\\.0\\.2:(\\d+)\"}");

    private static ApplianceProcess appliance;
    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("mapping", "nonsecure");
        appliance = peers.appliance();
        try {
            String setting = "uc-ime:uc-ime ent-a mapping-service listening-interface inside listening-port 8060 "
                    + "uc-ime-interface outside";
            ApplianceProcess.Result locked = appliance.run(ApplianceProcess.ADMIN, setting);
            assertTrue(locked.toString(), (locked.stdout + locked.stderr).contains(
                    "ERROR: uc-ime ent-a is applied to SIP inspection; remove the service policy first"));
            peers.admin("uc-ime:no-inspect-sip inbound");
            peers.admin("uc-ime:no-inspect-sip outbound");
            String shown = peers.admin(setting);
            assertTrue(shown, shown.contains(" mapping-service listening-interface inside listening-port 8060 "
                    + "uc-ime-interface outside"));
            peers.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
            peers.admin("uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
        } catch (Throwable t) {
            peers.close();
            throw t;
        }
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    /** A connection to the mapping service from the call agent's address. */
    static Socket callAgentConnection() throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(CUCM, 0));
            s.connect(MAPPING_SERVICE, 5000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static String ask(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8192; i++) {
            int c = in.read();
            if (c < 0 || c == '\n') {
                return b.toString();
            }
            b.append((char) c);
        }
        throw new AssertionError("answer too long: " + b);
    }

    /** The statistics row of the session whose client port is {@code port}. */
    static String row(String statistics, int port) {
        for (String line : statistics.split("\n")) {
            if (line.startsWith(CUCM + ":" + port + " ")) {
                return line.replaceAll("\\s+", " ").trim();
            }
        }
        throw new AssertionError("no session of " + CUCM + ":" + port + " in\n" + statistics);
    }

    @Test
    public void theCallAgentsInviteToTheMappedAddressReachesTheRemoteEnterpriseOverTls() throws Exception {
        String uc = peers.admin("uc-ime:show-uc-ime");
        assertTrue(uc, uc.contains("mapping service listening on 127.0.0.2:8060"));
        int calls = 2;
        try (Socket client = callAgentConnection();
             Peer remoteUas = peers.sipp("remote-b-uas", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1",
                     "-i", "127.0.0.1", "-p", "5091", "-mi", REMOTE, "-mp", "16200", "-rtp_echo", "-m",
                     Integer.toString(calls)));
             Peer tunnel = peers.stunnelServer("remote-b-in", REMOTE + ":5061", "127.0.0.1:5091", "enterprise-b")) {
            remoteUas.awaitListening(new InetSocketAddress("127.0.0.1", 5091), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress(REMOTE, 5061), Duration.ofSeconds(20));

            String answer = ask(client, "{\"id\":1,\"remote\":\"" + REMOTE + ":5061\",\"transport\":\"tls\"}");
            Matcher m = MAPPED.matcher(answer);
            assertTrue("mapping answer: " + answer, m.matches());
            int mappedPort = Integer.parseInt(m.group(1));
            assertTrue("mapped port " + mappedPort + " outside etc/org.imegate.sip.cfg's range",
                    mappedPort >= 5100 && mappedPort <= 5199);
            assertEquals("the same remote keeps its mapping", answer.replace("\"id\":1", "\"id\":2"),
                    ask(client, "{\"id\":2,\"remote\":\"" + REMOTE + ":5061\",\"transport\":\"tls\"}"));
            String mapped = "127.0.0.2:" + mappedPort;

            try (Peer cucm = peers.sipp("cucm-uac-mapped", List.of("-sf", peers.scenario("uac-call.xml"), "-t", "t1",
                    "-i", CUCM, "-p", "5082", "-mi", CUCM, "-mp", "17200", "-key", "target", mapped, "-key", "callee",
                    "+4930555000", "-key", "tport", "TCP", "-d", "1000", "-m", Integer.toString(calls), "-r", "2",
                    mapped))) {
                assertEquals("call agent's calls through the mapped address failed:\n" + cucm.log() + "\nappliance:\n"
                        + appliance.logTail(60), 0, cucm.awaitExit(Duration.ofSeconds(120)));
            }
            assertEquals("remote enterprise saw failures:\n" + remoteUas.log(), 0,
                    remoteUas.awaitExit(Duration.ofSeconds(30)));
            String stats = peers.admin("uc-ime:show-mapping-service-sessions statistics");
            assertTrue(stats, stats.startsWith("Total active sessions: "));
            assertTrue(stats, stats.contains("Session client     Total     Responses   Failed     Pending     Idle\n"
                    + "(IP:Port)          requests  sent        requests   responses   time\n"));
            assertEquals(stats, CUCM + ":" + client.getLocalPort() + " 2 2 0 0", row(stats, client.getLocalPort())
                    .replaceAll(" \\d+:\\d\\d:\\d\\d$", ""));
            String sessions = peers.admin("uc-ime:show-mapping-service-sessions");
            assertTrue(sessions, sessions.contains("Session client (IP:Port)    Idle time\n"));
            assertTrue(sessions, sessions.contains(String.format("%-28s0:00:", CUCM + ":" + client.getLocalPort())));
        }
        assertTrue(peers.counter(MBEAN, "MappingsCreated") >= 1);
        assertTrue(peers.counter(MBEAN, "ResponsesSent") >= 2);
        assertTrue(peers.admin("uc-ime:show-signaling-sessions").startsWith("0 in use"));
    }

    @Test
    public void badRequestsAreAnsweredWithErrorsAndCounted() throws Exception {
        long failedBefore = peers.counter(MBEAN, "FailedRequests");
        try (Socket client = callAgentConnection()) {
            assertTrue(ask(client, "hello").startsWith("{\"id\":null,\"error\":\"request is not valid JSON"));
            assertEquals("{\"id\":5,\"error\":\"remote port 70000 must be 1-65535\"}",
                    ask(client, "{\"id\":5,\"remote\":\"" + REMOTE + ":70000\",\"transport\":\"tls\"}"));
            assertTrue(ask(client, "{\"id\":6,\"remote\":\"" + REMOTE + ":5061\",\"transport\":\"udp\"}")
                    .startsWith("{\"id\":6,\"error\":\"transport 'udp' is not supported"));
            assertTrue(ask(client, "{\"id\":7,\"remote\":\"" + REMOTE + ":5061\",\"extra\":1}")
                    .startsWith("{\"id\":7,\"error\":\"unknown field 'extra'"));
            assertEquals("{\"id\":null,\"error\":\"request line longer than 4096 octets\"}",
                    ask(client, "{\"id\":8,\"remote\":\"" + "9".repeat(5000) + "\"}"));
            String stats = peers.admin("uc-ime:show-mapping-service-sessions statistics");
            assertEquals(stats, CUCM + ":" + client.getLocalPort() + " 5 0 5 0",
                    row(stats, client.getLocalPort()).replaceAll(" \\d+:\\d\\d:\\d\\d$", ""));
        }
        assertEquals(failedBefore + 5, peers.counter(MBEAN, "FailedRequests"));
        ApplianceProcess.Result viewer = appliance.run(ApplianceProcess.VIEWER, "uc-ime:show-mapping-service-sessions");
        assertTrue(viewer.toString(), viewer.stdout.startsWith("Total active sessions: "));
    }
}
