package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * {@code trunk-security-mode secure}: TLS on the inside leg too. The call agent is SIPp behind stunnel
 * with its own certificate from the federation CA: the appliance re-originates inbound calls to it over
 * TLS (presenting the inbound TLS proxy's client trust-point), and it places outbound calls through the
 * inside TLS listener. While a call is up, {@code show uc-ime signaling-sessions} shows it in the seed's
 * format.
 */
public class SecureTrunkIT {
    static final String CUCM = SipPeers.CUCM;

    private static ApplianceProcess appliance;
    private static SipPeers peers;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("secure", "secure");
        appliance = peers.appliance();
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    public void inboundCallReachesTheCallAgentOverTlsAndIsShownWhileUp() throws Exception {
        try (Peer cucm = peers.sipp("cucm-tls-uas", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1", "-i",
                "127.0.0.1", "-p", "5062", "-mi", CUCM, "-mp", "16200", "-rtp_echo", "-m", "1"));
             Peer cucmTls = peers.stunnelServer("cucm-tls", CUCM + ":5061", "127.0.0.1:5062", "cucm");
             Peer tunnel = peers.stunnelClient("remote-b-tls", "127.0.0.1:15063", "127.0.0.3:5061", "enterprise-b",
                     "enterprise-a.example")) {
            cucm.awaitListening(new InetSocketAddress("127.0.0.1", 5062), Duration.ofSeconds(20));
            cucmTls.awaitListening(new InetSocketAddress(CUCM, 5061), Duration.ofSeconds(20));
            tunnel.awaitListening(new InetSocketAddress("127.0.0.1", 15063), Duration.ofSeconds(20));
            try (Peer remote = peers.sipp("remote-b-uac-secure", List.of("-sf", peers.scenario("uac-call.xml"), "-t", "t1",
                    "-i", "127.0.0.1", "-p", "5082", "-mi", "127.0.0.1", "-mp", "17200", "-key", "target", "127.0.0.3:5061",
                    "-key", "callee", "+14085551234", "-key", "tport", "TLS", "-d", "8000", "-m", "1", "127.0.0.1:15063"))) {
                String shown = appliance.await(ApplianceProcess.ADMIN, "uc-ime:show-signaling-sessions",
                        out -> out.startsWith("1 in use") && out.contains("Codec-name"), Duration.ofSeconds(30));
                assertTrue(shown, Pattern.compile("(?m)^inside 127\\.0\\.0\\.10:5061 outside 127\\.0\\.0\\.1:\\d+$")
                        .matcher(shown).find());
                assertTrue(shown, Pattern.compile("(?m)^Local Media \\(audio\\) conn: 127\\.0\\.0\\.3/\\d+ to 127\\.0\\.0\\.1/17200$")
                        .matcher(shown).find());
                assertTrue(shown, Pattern.compile("(?m)^Remote Media \\(audio\\) conn: 127\\.0\\.0\\.2/\\d+ to 127\\.0\\.0\\.10/16200$")
                        .matcher(shown).find());
                assertTrue(shown, shown.contains("Call-ID: "));
                assertTrue(shown, shown.contains("Codec-name: PCMA Payload type: 8"));
                String tls = peers.admin("tls-proxy:show-session");
                assertTrue(tls, tls.contains("enterprise-b.example"));
                assertTrue(tls, tls.contains("cucm.enterprise-a.example"));
                assertEquals("remote enterprise's call failed:\n" + remote.log() + "\nappliance:\n" + appliance.logTail(60),
                        0, remote.awaitExit(Duration.ofSeconds(60)));
            }
            assertEquals("call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        }
        String after = peers.admin("uc-ime:show-signaling-sessions");
        assertTrue(after, after.startsWith("0 in use, "));
    }

    @Test
    public void theProxyConfigurationIsKeptInEtcAndComesBackAfterARestart() throws Exception {
        String before = peers.admin("uc-ime:show-uc-ime") + peers.admin("tls-proxy:show-tls-proxy")
                + peers.admin("media-termination:show-media-termination");
        assertTrue(before, before.contains("SIP listening on 127.0.0.3:5061"));
        for (String file : List.of("org.imegate.sip.ucime.cfg", "org.imegate.sip.inspect.cfg",
                "org.imegate.tls.proxy-remote-to-local.cfg", "org.imegate.media.termination-mt.cfg")) {
            assertTrue(file + " not in etc/", Files.exists(appliance.path("etc", file)));
        }
        appliance.restart();
        String after = appliance.await(ApplianceProcess.ADMIN, "uc-ime:show-uc-ime",
                out -> out.contains("SIP listening on 127.0.0.3:5061"), Duration.ofSeconds(60))
                + peers.admin("tls-proxy:show-tls-proxy") + peers.admin("media-termination:show-media-termination");
        assertEquals(before, after);
    }

    @Test
    public void outboundCallFromTheCallAgentArrivesOverTheInsideTlsListener() throws Exception {
        try (Peer remoteUas = peers.sipp("remote-b-uas-secure", List.of("-sf", peers.scenario("uas-answer.xml"), "-t", "t1",
                "-i", "127.0.0.1", "-p", "5091", "-mi", SipPeers.REMOTE, "-mp", "16300", "-rtp_echo", "-m", "2"));
             Peer remoteTls = peers.stunnelServer("remote-b-in-secure", SipPeers.REMOTE + ":5061", "127.0.0.1:5091",
                     "enterprise-b");
             Peer cucmTls = peers.stunnelClient("cucm-out-tls", "127.0.0.1:15071", "127.0.0.2:5071", "cucm",
                     "enterprise-a.example")) {
            remoteUas.awaitListening(new InetSocketAddress("127.0.0.1", 5091), Duration.ofSeconds(20));
            remoteTls.awaitListening(new InetSocketAddress(SipPeers.REMOTE, 5061), Duration.ofSeconds(20));
            cucmTls.awaitListening(new InetSocketAddress("127.0.0.1", 15071), Duration.ofSeconds(20));
            try (Peer cucm = peers.sipp("cucm-uac-secure", List.of("-sf", peers.scenario("uac-call.xml"), "-t", "t1", "-i",
                    "127.0.0.1", "-p", "5083", "-mi", CUCM, "-mp", "17300", "-key", "target", SipPeers.REMOTE + ":5061",
                    "-key", "callee", "+4930555000", "-key", "tport", "TLS", "-d", "1000", "-m", "2", "-r", "2",
                    "127.0.0.1:15071"))) {
                assertEquals("call agent's outbound calls failed:\n" + cucm.log() + "\nappliance:\n" + appliance.logTail(60),
                        0, cucm.awaitExit(Duration.ofSeconds(90)));
            }
            assertEquals("remote enterprise saw failures:\n" + remoteUas.log(), 0, remoteUas.awaitExit(Duration.ofSeconds(30)));
        }
    }
}
