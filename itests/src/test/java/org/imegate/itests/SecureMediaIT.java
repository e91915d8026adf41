package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imegate.itests.Baresip.Event;
import org.imegate.itests.Baresip.Settings;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * SRTP on the Internet leg, RTP inside (catalogue §3), with real SRTP peers: the call agent's phone is a
 * baresip speaking plain RTP through the appliance's inside trunk; enterprise B
 * is a baresip on SIP/TLS with SDES-SRTP mandatory. Each plays a tone and records what it hears, so the audio
 * that arrives proves the conversion both ways: baresip B accepts and decrypts the appliance's SRTP, the
 * inside phone decodes the RTP the appliance made from B's SRTP.
 */
public class SecureMediaIT {
    /**
     * The phone's address: baresip sends its RTP from 127.0.0.1 whatever address it is given, and the inside
     * leg takes media only from the address its SDP names, so the phone lives on 127.0.0.1.
     */
    static final String PHONE = "127.0.0.1";
    static final String ENTERPRISE_B = "127.0.0.42";
    static final Duration TONE = Duration.ofSeconds(4);
    static final int AMPLITUDE = 8000;

    private static SipPeers peers;
    private static Path tone;

    @Rule
    public Timeout timeout = new Timeout(120, TimeUnit.SECONDS);

    @BeforeClass
    public static void start() throws Exception {
        peers = SipPeers.boot("secure-media", "nonsecure");
        tone = Baresip.writeTone(peers.work().resolve("tone.wav"), 440, AMPLITUDE, TONE);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    Settings agent(String address, String user, String enterprise, String domain, String rtpPorts, boolean autoAnswer,
            boolean srtp) {
        return new Settings(address, 5061, user, domain, peers.work().resolve("ca/" + enterprise + ".pem"),
                peers.ca().keyOf(enterprise), peers.ca().certificate(), tone, rtpPorts, autoAnswer, srtp);
    }

    @Test
    public void anOutboundCallLeavesAsSrtpAndTheToneCrossesBothWays() throws Exception {
        long relayedBefore = peers.counter(SipPeers.MEDIA, "PacketsRelayed");
        Settings bob = agent(ENTERPRISE_B, "bob", "enterprise-b", "enterprise-b.example", "24100-24119", true, true);
        // the phone calls through the call agent's trunk: TCP to the appliance's inside listener
        Settings phone = agent(PHONE, "alice", "cucm", "enterprise-a.example", "24120-24139", false, false)
                .viaProxy("tcp", "sip:127.0.0.2:5070;transport=tcp");
        try (Baresip callee = Baresip.start("bob", peers.work().resolve("bob"), bob, null, Duration.ofSeconds(40))) {
            callee.await(Event.READY, Duration.ofSeconds(10));
            try (Baresip caller = Baresip.start("phone", peers.work().resolve("phone"), phone,
                    "sip:bob@" + ENTERPRISE_B + ":5061;transport=tls", Duration.ofSeconds(40))) {
                caller.await(Event.ESTABLISHED, Duration.ofSeconds(15));
                callee.await(Event.ESTABLISHED, Duration.ofSeconds(5));
                callee.await(Event.SRTP_ENABLED, Duration.ofSeconds(5));
                caller.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                String during = peers.admin("uc-ime:show-media-sessions detail");
                try {
                    callee.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                    caller.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nthe appliance's media sessions during the call:\n"
                            + during, e);
                }
                caller.await(Event.TERMINATED, TONE.plusSeconds(15));
                callee.await(Event.TERMINATED, Duration.ofSeconds(10));

                // what enterprise B saw: SRTP offered and answered
                String invite = callee.sipTrace().stream().filter(m -> m.contains("\nINVITE sip:bob@"))
                        .findFirst().orElse(null);
                assertNotNull("no INVITE reached enterprise B:\n" + callee.logTail(), invite);
                assertTrue(invite, invite.startsWith("TLS "));
                assertTrue(invite, invite.matches("(?s).*\nm=audio \\d+ RTP/SAVP [0-9 ]+\n.*"));
                assertTrue(invite, invite.contains("\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"));
                assertTrue(invite, invite.contains("\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:"));
                // what the phone saw: plain RTP, no key
                String ok = caller.sipTrace().stream().filter(m -> m.contains("\nSIP/2.0 200 ")
                        && m.contains(" INVITE\n")).findFirst().orElse(null);
                assertNotNull("no 200 reached the phone:\n" + caller.logTail(), ok);
                assertTrue(ok, ok.matches("(?s).*\nm=audio \\d+ RTP/AVP [0-9 ]+\n.*"));
                assertFalse(ok, ok.contains("a=crypto"));

                assertHeardTheTone("enterprise B (SRTP from the appliance)", callee);
                assertHeardTheTone("the phone (RTP from the appliance)", caller);
            }
        }
        assertTrue("no RTP crossed the relay", peers.counter(SipPeers.MEDIA, "PacketsRelayed") > relayedBefore + 100);
        assertEquals(0, peers.counter(SipPeers.MEDIA, "SrtpSessionsActive"));
    }

    /**
     * The other direction: enterprise B's baresip (SRTP mandatory) calls through its edge proxy, a Kamailio that
     * adds B's IME ticket to the INVITE and opens SIP/TLS to the appliance with B's certificate; the appliance
     * checks the ticket, answers B's SDES offer with its own key and delivers the call in plain RTP to the phone,
     * which is the call agent for this test (the trunk's call-agent address is moved to the phone's address).
     */
    @Test
    public void anInboundSrtpCallThroughTheRemoteEdgeReachesThePhoneAsRtp() throws Exception {
        reconfigureCallAgent(SipPeers.CUCM, PHONE);
        try {
            long relayedBefore = peers.counter(SipPeers.MEDIA, "PacketsRelayed");
            Settings bob = agent(ENTERPRISE_B, "bob", "enterprise-b", "enterprise-b.example", "24140-24159", false, true)
                    .viaProxy("udp", "sip:" + EDGE_B + ":5060;transport=udp").srtp(true);
            Settings phone = agent(PHONE, SipPeers.CALLED, "cucm", "enterprise-a.example", "24160-24179", true, false);
            try (Peer edge = kamailio("edge-b", peers.ticket());
                 Baresip callee = Baresip.start("phone-in", peers.work().resolve("phone-in"), phone, null,
                         Duration.ofSeconds(40))) {
                edge.awaitListening(new java.net.InetSocketAddress(EDGE_B, 5060), Duration.ofSeconds(20));
                callee.await(Event.READY, Duration.ofSeconds(10));
                try (Baresip caller = Baresip.start("bob-out", peers.work().resolve("bob-out"), bob,
                        "sip:" + SipPeers.CALLED + "@enterprise-a.example", Duration.ofSeconds(40))) {
                    caller.await(Event.ESTABLISHED, Duration.ofSeconds(15));
                    callee.await(Event.ESTABLISHED, Duration.ofSeconds(5));
                    caller.await(Event.SRTP_ENABLED, Duration.ofSeconds(5));
                    callee.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                    String during = peers.admin("uc-ime:show-media-sessions detail");
                    try {
                        caller.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\nmedia sessions during the call:\n" + during
                                + "\nedge:\n" + edge.log(), e);
                    }
                    caller.await(Event.TERMINATED, TONE.plusSeconds(15));
                    callee.await(Event.TERMINATED, Duration.ofSeconds(10));

                    String invite = callee.sipTrace().stream().filter(m -> m.contains("\nINVITE sip:"))
                            .findFirst().orElse(null);
                    assertNotNull("no INVITE reached the phone:\n" + callee.logTail(), invite);
                    assertTrue(invite, invite.matches("(?s).*\nm=audio \\d+ RTP/AVP [0-9 ]+\n.*"));
                    assertFalse(invite, invite.contains("a=crypto"));
                    String ok = caller.sipTrace().stream().filter(m -> m.contains("\nSIP/2.0 200 ")
                            && m.contains(" INVITE\n")).findFirst().orElse(null);
                    assertNotNull("no 200 reached enterprise B:\n" + caller.logTail(), ok);
                    assertTrue(ok, ok.matches("(?s).*\nm=audio \\d+ RTP/SAVP [0-9 ]+\n.*"));
                    assertTrue(ok, ok.matches("(?s).*\na=crypto:\\d+ AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\n.*"));

                    assertHeardTheTone("the phone (RTP from the appliance)", callee);
                    assertHeardTheTone("enterprise B (SRTP from the appliance)", caller);
                }
            }
            assertTrue("no RTP crossed the relay",
                    peers.counter(SipPeers.MEDIA, "PacketsRelayed") > relayedBefore + 100);
        } finally {
            reconfigureCallAgent(PHONE, SipPeers.CUCM);
        }
    }

    /** Enterprise B's edge proxy: UDP from B's agents, SIP/TLS with B's certificate to the appliance. */
    static final String EDGE_B = "127.0.0.46";

    /** Kamailio on {@link #EDGE_B}: record-routes, adds {@code ticket} to initial INVITEs, relays to the appliance. */
    static Peer kamailio(String name, String ticket) throws Exception {
        return KamailioEdge.start(name, peers.work().resolve(name), EDGE_B, new KamailioEdge.Identity(
                peers.work().resolve("ca/enterprise-b.pem"), peers.ca().keyOf("enterprise-b"), peers.ca().certificate()),
                ticket, "sip:127.0.0.3:5061;transport=tls");
    }

    /** Moves the trunk's call agent from {@code from} to {@code to} (inspection removed and applied again). */
    static void reconfigureCallAgent(String from, String to) throws Exception {
        peers.admin("uc-ime:no-inspect-sip inbound");
        peers.admin("uc-ime:no-inspect-sip outbound");
        peers.admin("uc-ime:uc-ime ent-a ucm address " + to + " trunk-security-mode nonsecure");
        peers.admin("uc-ime:no-ucm-address ent-a " + from);
        peers.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
        peers.admin("uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
    }

    static void assertHeardTheTone(String who, Baresip agent) throws Exception {
        long[] packets = agent.rtpPackets();
        assertNotNull(who + ": no RTP statistics\n" + agent.logTail(), packets);
        // 20 ms packets: a 2 s tone is about 100 of them
        assertTrue(who + " received " + packets[1] + " packets\n" + agent.logTail(), packets[1] >= 60);
        List<Path> recordings = agent.decodedRecordings();
        assertEquals(who + "\n" + agent.logTail(), 1, recordings.size());
        short[] heard = Baresip.samples(recordings.get(0));
        assertTrue(who + " recorded " + heard.length + " samples", heard.length >= 8000);
        double rms = Baresip.rms(heard);
        // a sine of amplitude A has an RMS of A/sqrt(2); the jitter buffer adds some silence
        assertTrue(who + " recorded a tone of RMS " + rms, rms > AMPLITUDE / 4.0);
    }
}
