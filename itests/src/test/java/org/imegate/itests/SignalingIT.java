package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * An IME call crossing the appliance both ways, with real peers: SIPp as the remote enterprise behind a
 * stunnel client that presents the enterprise's certificate (SIP/TLS into the outside listener), SIPp
 * as the call agent on the inside (TCP), and the reverse; RTP played from a pcap and echoed back through
 * the media relay.
 */
public class SignalingIT {
    static final String CUCM = SipPeers.CUCM;
    static final String REMOTE = SipPeers.REMOTE;

    private static ApplianceProcess appliance;
    private static Path work;
    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("signaling", "nonsecure");
        appliance = peers.appliance();
        work = peers.work();
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    static String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    @Test
    public void inboundCallsFromARemoteEnterpriseOverTlsReachTheCallAgentWithMedia() throws Exception {
        long droppedBefore = mediaCounter("PacketsDropped");
        int calls = 5;
        try (Peer cucm = sipp("cucm-uas", List.of("-sf", scenario("uas-answer.xml"), "-t", "t1", "-i", CUCM, "-p", "5060",
                "-mi", CUCM, "-mp", "16000", "-rtp_echo", "-m", Integer.toString(calls)));
             Peer tunnel = peers.stunnelClient("remote-b-out", "127.0.0.1:15061", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress(CUCM, 5060), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15061), Duration.ofSeconds(20));
            try (Peer remote = sipp("remote-b-uac", List.of("-sf", scenario("uac-call.xml"), "-t", "t1", "-i", "127.0.0.1",
                    "-p", "5080", "-mi", "127.0.0.1", "-mp", "17000", "-key", "target", "127.0.0.3:5061", "-key", "callee",
                    "+14085551234", "-key", "tport", "TLS", "-d", "1500", "-m", Integer.toString(calls), "-r", "5",
                    "-l", "5", "127.0.0.1:15061"))) {
                int uac = remote.awaitExit(Duration.ofSeconds(120));
                assertEquals("remote enterprise's calls failed:\n" + remote.log() + "\nappliance:\n" + appliance.logTail(60),
                        0, uac);
            }
            assertEquals("call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        }
        // SIPp offers an SDES key but plays plain RTP from its pcap: not authentic SRTP, so none of it is relayed
        // inside (SecureMediaIT has real SRTP peers)
        assertTrue("the plain RTP from the Internet was not refused",
                mediaCounter("PacketsDropped") > droppedBefore + 50);
        String stats = admin("uc-ime:show-signaling-sessions statistics");
        assertTrue(stats, stats.startsWith("0 in use, "));
        assertTrue(admin("uc-ime:show-signaling-sessions").startsWith("0 in use"));
        String tls = admin("tls-proxy:show-session");
        assertFalse(tls, tls.contains("ERROR"));
    }

    @Test
    public void outboundCallsFromTheCallAgentLeaveOverTls() throws Exception {
        long relayedBefore = mediaCounter("PacketsRelayed");
        int calls = 3;
        try (Peer remoteUas = sipp("remote-b-uas", List.of("-sf", scenario("uas-answer.xml"), "-t", "t1", "-i", "127.0.0.1",
                "-p", "5090", "-mi", REMOTE, "-mp", "16100", "-rtp_echo", "-m", Integer.toString(calls)));
             Peer tunnel = peers.stunnelServer("remote-b-in", REMOTE + ":5061", "127.0.0.1:5090", "enterprise-b")) {
            remoteUas.awaitListening(new InetSocketAddress("127.0.0.1", 5090), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress(REMOTE, 5061), Duration.ofSeconds(20));
            try (Peer cucm = sipp("cucm-uac", List.of("-sf", scenario("uac-call.xml"), "-t", "t1", "-i", CUCM, "-p", "5081",
                    "-mi", CUCM, "-mp", "17100", "-key", "target", REMOTE + ":5061", "-key", "callee", "+4930555000",
                    "-key", "tport", "TCP", "-d", "1500", "-m", Integer.toString(calls), "-r", "3", "127.0.0.2:5070"))) {
                assertEquals("call agent's outbound calls failed:\n" + cucm.log() + "\nappliance:\n" + appliance.logTail(60),
                        0, cucm.awaitExit(Duration.ofSeconds(120)));
            }
            assertEquals("remote enterprise saw failures:\n" + remoteUas.log(), 0, remoteUas.awaitExit(Duration.ofSeconds(30)));
        }
        assertTrue("no RTP crossed the relay", mediaCounter("PacketsRelayed") > relayedBefore + 30);
    }

    @Test
    public void settingsAreLockedWhileAppliedToInspection() throws Exception {
        ApplianceProcess.Result r = appliance.run(ApplianceProcess.ADMIN, "uc-ime:uc-ime ent-a fallback hold-down timer 30");
        assertTrue(r.toString(), (r.stdout + r.stderr).contains(
                "ERROR: uc-ime ent-a is applied to SIP inspection; remove the service policy first"));
        ApplianceProcess.Result other = appliance.run(ApplianceProcess.ADMIN, "uc-ime:uc-ime second");
        assertTrue(other.toString(), (other.stdout + other.stderr).contains("only one uc-ime proxy is allowed"));
        assertTrue(admin("uc-ime:show-uc-ime").contains("fallback hold-down timer 20"));
    }

    static Peer sipp(String name, List<String> args) throws Exception {
        return peers.sipp(name, args);
    }

    static String scenario(String file) throws Exception {
        return peers.scenario(file);
    }

    static long mediaCounter(String attribute) throws Exception {
        return peers.counter(SipPeers.MEDIA, attribute);
    }
}
