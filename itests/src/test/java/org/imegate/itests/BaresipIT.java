package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.imegate.itests.Baresip.Event;
import org.imegate.itests.Baresip.Settings;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The baresip peer on its own, without the appliance: enterprise B's agent calls enterprise A's over
 * SIP/TLS, each with a certificate from the federation CA, SDES-SRTP mandatory on both sides, a tone played
 * from a WAV file and recorded on the far side.
 */
public class BaresipIT {
    static final String A = "127.0.0.41";
    static final String B = "127.0.0.42";
    static final Duration TONE = Duration.ofSeconds(2);
    static final int AMPLITUDE = 8000;

    private static Path work;
    private static OpensslCa ca;
    private static Path tone;

    @Rule
    public Timeout timeout = new Timeout(60, TimeUnit.SECONDS);

    @BeforeClass
    public static void federation() throws Exception {
        Path build = ImegateKarafSupport.buildDirectory().toPath();
        work = Files.createTempDirectory(Files.createDirectories(build.resolve("baresip")), "call-");
        ca = new OpensslCa(work.resolve("ca"), "IME Federation CA");
        ca.issue("enterprise-a", "enterprise-a.example");
        ca.issue("enterprise-b", "enterprise-b.example");
        tone = Baresip.writeTone(work.resolve("tone.wav"), 440, AMPLITUDE, TONE);
    }

    static Settings agent(String address, String user, String enterprise, String rtpPorts, boolean autoAnswer,
            boolean srtp) {
        return new Settings(address, 5061, user, enterprise + ".example", work.resolve("ca/" + enterprise + ".pem"),
                ca.keyOf(enterprise), ca.certificate(), tone, rtpPorts, autoAnswer, srtp);
    }

    @Test
    public void twoAgentsCallOverTlsWithMandatorySrtpAndTheToneArrives() throws Exception {
        Settings alice = agent(A, "alice", "enterprise-a", "24000-24019", true, true);
        Settings bob = agent(B, "bob", "enterprise-b", "24020-24039", false, true);
        try (Baresip callee = Baresip.start("alice", work.resolve("alice"), alice, null, Duration.ofSeconds(25))) {
            callee.await(Event.READY, Duration.ofSeconds(10));
            try (Baresip caller = Baresip.start("bob", work.resolve("bob"), bob, alice.uri(), Duration.ofSeconds(25))) {
                caller.await(Event.ESTABLISHED, Duration.ofSeconds(10));
                callee.await(Event.ESTABLISHED, Duration.ofSeconds(5));
                callee.await(Event.SRTP_ENABLED, Duration.ofSeconds(5));
                caller.await(Event.SRTP_ENABLED, Duration.ofSeconds(5));
                callee.await(Event.RTP_RECEIVED, Duration.ofSeconds(5));
                // the tone's end of file hangs the call up; both sides see it end
                caller.await(Event.TERMINATED, TONE.plusSeconds(10));
                callee.await(Event.TERMINATED, Duration.ofSeconds(5));

                List<String> trace = caller.sipTrace();
                String invite = trace.stream().filter(m -> m.contains("\nINVITE sip:alice@" + A)).findFirst().orElse(null);
                assertNotNull("no INVITE in the trace:\n" + caller.logTail(), invite);
                assertSavpWithCrypto("offer", invite);
                assertTrue(invite, invite.startsWith("TLS "));
                assertTrue(invite, invite.contains("From: <sip:bob@enterprise-b.example>"));
                String ok = trace.stream().filter(m -> m.contains("\nSIP/2.0 200 ") && m.contains("CSeq: ")
                        && m.contains(" INVITE\n")).findFirst().orElse(null);
                assertNotNull("no 200 to the INVITE:\n" + caller.logTail(), ok);
                assertSavpWithCrypto("answer", ok);
                assertNotNull(callee.logTail(), callee.find("call: answering call on line \\d+ from sip:bob@enterprise-b.example"));

                long[] received = callee.rtpPackets();
                assertNotNull(callee.logTail(), received);
                // 20 ms packets: a 2 s tone is about 100 of them
                assertTrue(callee.logTail(), received[1] >= 60);
                assertTrue(caller.logTail(), caller.rtpPackets()[0] >= 60);
                assertEquals(callee.logTail(), 1, callee.decodedRecordings().size());
                short[] heard = Baresip.samples(callee.decodedRecordings().get(0));
                assertTrue("recorded " + heard.length + " samples", heard.length >= 8000);
                double rms = Baresip.rms(heard);
                // a sine of amplitude A has an RMS of A/sqrt(2); the jitter buffer adds some silence
                assertTrue("recorded tone RMS " + rms, rms > AMPLITUDE / 4.0);
            }
        }
    }

    /**
     * As TLS client baresip presents its certificate when the server asks for one (here an openssl server
     * that requires a certificate from the federation CA).
     */
    @Test
    public void theCallerPresentsItsCertificateToAServerThatAsksForIt() throws Exception {
        String server = "127.0.0.43";
        Settings bob = agent(B, "bob", "enterprise-b", "24040-24059", false, true);
        try (Peer tls = Peer.start("s_server", work, List.of("openssl", "s_server", "-accept", server + ":5061",
                "-cert", work.resolve("ca/enterprise-a.pem").toString(), "-key", ca.keyOf("enterprise-a").toString(),
                "-CAfile", ca.certificate().toString(), "-Verify", "2", "-verify_return_error", "-quiet"))) {
            // no probe connection: openssl s_server ends at the first failed handshake (-quiet prints the
            // certificate checks, not the data received)
            long listening = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; i < 200 && System.nanoTime() < listening && !listening(server, 5061); i++) {
                LockSupport.parkNanos(50_000_000L);
            }
            assertTrue("s_server not listening:\n" + tls.log(), listening(server, 5061));
            try (Baresip caller = Baresip.start("bob-to-s_server", work.resolve("bob-cert"), bob,
                    "sip:alice@" + server + ":5061;transport=tls", Duration.ofSeconds(20))) {
                caller.await(Event.READY, Duration.ofSeconds(10));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                for (int i = 0; i < 200 && System.nanoTime() < deadline && !tls.log().contains("depth=0 CN = enterprise-b.example\nverify return:1"); i++) {
                    LockSupport.parkNanos(50_000_000L);
                }
                String seen = tls.log();
                assertTrue("client certificate not verified:\n" + seen, seen.contains("depth=0 CN = enterprise-b.example")
                        && seen.contains("verify return:1"));
                assertTrue(caller.logTail(), caller.find("call: connecting to 'sip:alice@" + server) != null);
            }
        }
    }

    /** Whether a TCP socket listens on {@code address:port}, read from /proc/net/tcp (no connection made). */
    static boolean listening(String address, int port) throws java.io.IOException {
        String[] q = address.split("\\.");
        String local = String.format("%02X%02X%02X%02X:%04X", Integer.parseInt(q[3]), Integer.parseInt(q[2]),
                Integer.parseInt(q[1]), Integer.parseInt(q[0]), port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream().map(String::trim)
                .anyMatch(l -> l.split("\\s+").length > 3 && l.split("\\s+")[1].equals(local)
                        && l.split("\\s+")[3].equals("0A"));
    }

    static void assertSavpWithCrypto(String what, String message) {
        assertTrue(what + " without RTP/SAVP:\n" + message, message.matches("(?s).*\nm=audio \\d+ RTP/SAVP [0-9 ]+\n.*"));
        assertTrue(what + " without an SDES key:\n" + message,
                message.matches("(?s).*\na=crypto:\\d+ AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\n.*"));
        assertTrue(what + " offers plain RTP:\n" + message, !message.contains("RTP/AVP"));
    }
}
