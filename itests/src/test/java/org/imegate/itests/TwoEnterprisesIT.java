package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.imegate.itests.Baresip.Event;
import org.imegate.itests.Baresip.Settings;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The IME story between two enterprises, each with its own appliance and call agent, on loopback addresses:
 * enterprise A (appliance inside {@value #A_INSIDE}, outside {@value #A_OUTSIDE}; a Kamailio as its call agent
 * on {@value #A_CALL_AGENT}; a baresip phone on 127.0.0.1) calls a number of enterprise B (appliance inside
 * {@value #B_INSIDE}, outside {@value #B_OUTSIDE}; SIPp as its call agent on {@value #B_CALL_AGENT}, answering
 * in plain RTP and echoing the audio). The call crosses the Internet leg between the two appliances as SIP/TLS
 * and SRTP; when that leg goes dead, B's appliance tells B's call agent to move the call to the PSTN (REFER).
 * Every step prints what an operator would look at.
 */
public class TwoEnterprisesIT {
    static final String A_INSIDE = "127.0.1.2";
    static final String A_OUTSIDE = "127.0.1.3";
    static final String A_CALL_AGENT = "127.0.1.10";
    static final String B_INSIDE = "127.0.2.2";
    static final String B_OUTSIDE = "127.0.2.3";
    static final String B_CALL_AGENT = "127.0.2.10";
    static final String PHONE = "127.0.0.1";
    /** B's number that A calls. */
    static final String B_NUMBER = "+14085551234";
    static final int HOLD_DOWN_S = 10;
    static final ObjectName FALLBACK = SipPeers.name("org.imegate:type=sip,name=fallback-notification");

    private static Path work;
    private static OpensslCa ca;
    private static Enterprise a;
    private static Enterprise b;
    private static String ticketPasswordB;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void twoEnterprises() throws Exception {
        Path dir = Files.createDirectories(ImegateKarafSupport.buildDirectory().toPath().resolve("enterprises"));
        work = Files.createTempDirectory(dir, "story-");
        ca = new OpensslCa(work.resolve("ca"), "IME Federation CA");
        ca.issue("cucm", "cucm.enterprise-a.example");
        ExecutorService boot = Executors.newFixedThreadPool(2);
        try {
            Future<Enterprise> fa = boot.submit(() -> Enterprise.boot("a", "enterprise-a.example", A_INSIDE, A_OUTSIDE,
                    A_CALL_AGENT));
            Future<Enterprise> fb = boot.submit(() -> Enterprise.boot("b", "enterprise-b.example", B_INSIDE, B_OUTSIDE,
                    B_CALL_AGENT));
            a = fa.get(180, TimeUnit.SECONDS);
            b = fb.get(180, TimeUnit.SECONDS);
        } finally {
            boot.shutdownNow();
        }
        ticketPasswordB = SipPeers.ticketPassword();
        a.configureProxy(ca, work, HOLD_DOWN_S, 1, SipPeers.ticketPassword());
        b.configureProxy(ca, work, HOLD_DOWN_S, 1, ticketPasswordB);
    }

    @AfterClass
    public static void stop() throws Exception {
        for (Enterprise e : new Enterprise[] {a, b}) {
            if (e != null) {
                e.close();
            }
        }
    }

    static void step(String title, String operatorView) {
        System.out.println("\n==== " + title + " ====");
        if (operatorView != null && !operatorView.isBlank()) {
            System.out.println(operatorView.stripTrailing());
        }
    }

    static String scenario(String file) throws Exception {
        Path target = work.resolve(file);
        if (!Files.exists(target)) {
            try (var in = TwoEnterprisesIT.class.getResourceAsStream("/sipp/" + file)) {
                Files.copy(in, target);
            }
        }
        return target.toString();
    }

    static void signal(long pid, String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue("kill -" + signal + " " + pid, p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
    }

    @Test
    public void anImeCallFromAToBCrossesTheInternetAsSrtpAndFallsBackWhenThatLegDies() throws Exception {
        String ticket = Tickets.issue(ticketPasswordB, 1, b.domain, a.domain, List.of(B_NUMBER), java.time.Instant.now());
        Path tone = Baresip.writeTone(work.resolve("tone.wav"), 440, 8000, Duration.ofSeconds(40));
        long refersBefore = b.counter(FALLBACK, "TotalNotificationsSent");
        Path bMessages = work.resolve("cucm-b-messages.log");
        List<String> cucmB = List.of("sipp", "-sf", scenario("uas-fallback.xml"), "-t", "t1", "-i", B_CALL_AGENT,
                "-p", "5060", "-mi", B_CALL_AGENT, "-mp", "16000", "-rtp_echo", "-key", "sensitivity", "3", "-key", "pt", "0", "-key", "codec", "PCMU", "-m", "2",
                "-nostdin", "-trace_err", "-error_file", work.resolve("cucm-b-errors.log").toString(), "-trace_msg",
                "-message_file", bMessages.toString(), "-timeout", "120", "-timeout_error");
        try (Peer callAgentB = Peer.start("cucm-b", work, cucmB);
             Peer callAgentA = KamailioEdge.start("cucm-a", work.resolve("cucm-a"), A_CALL_AGENT, null, ticket,
                     "sip:" + A_INSIDE + ":5070;transport=tcp")) {
            callAgentB.awaitListening(new InetSocketAddress(B_CALL_AGENT, 5060), Duration.ofSeconds(20));
            callAgentA.awaitListening(new InetSocketAddress(A_CALL_AGENT, 5060), Duration.ofSeconds(20));
            Settings phone = new Settings(PHONE, 5061, "alice", a.domain, work.resolve("ca/cucm.pem"), ca.keyOf("cucm"),
                    ca.certificate(), tone, "24200-24219", false, false)
                    .viaProxy("udp", "sip:" + A_CALL_AGENT + ":5060;transport=udp");
            try (Baresip caller = Baresip.start("phone-a", work.resolve("phone-a"), phone,
                    "sip:" + B_NUMBER + "@" + B_OUTSIDE + ":5061;transport=tls", Duration.ofSeconds(90))) {
                caller.await(Event.ESTABLISHED, Duration.ofSeconds(20));
                caller.await(Event.RTP_RECEIVED, Duration.ofSeconds(10));
                String mediaA = a.admin("uc-ime:show-media-sessions detail");
                step("A's appliance: the call's media, RTP inside, SRTP toward B", mediaA);
                String mediaB = b.admin("uc-ime:show-media-sessions detail");
                step("B's appliance: SRTP from A, RTP to B's call agent, the Internet leg monitored", mediaB);
                assertTrue(mediaA, mediaA.contains("Lcl SRTP conn"));
                assertTrue(mediaB, mediaB.contains("Lcl SRTP conn") && mediaB.contains("RTP monitoring is enabled"));
                String signalingB = b.admin("uc-ime:show-signaling-sessions");
                step("B's appliance: signaling sessions", signalingB);
                assertTrue(signalingB, signalingB.contains("Local SRTP key set : Remote SRTP key set")
                        && signalingB.contains("FB Sensitivity: 3"));

                // the Internet leg goes dead: A's media stops reaching B
                signal(caller.pid(), "STOP");
                try {
                    long refers = b.awaitCounter(FALLBACK, "TotalNotificationsSent", refersBefore + 1,
                            Duration.ofSeconds(HOLD_DOWN_S + 30));
                    step("B's appliance, " + HOLD_DOWN_S + " s after the Internet leg went silent",
                            b.admin("uc-ime:show-media-sessions detail"));
                    assertEquals("B's fallback REFER:\n" + b.appliance().logTail(40), refersBefore + 1, refers);
                } finally {
                    signal(caller.pid(), "CONT");
                }
                step("B's appliance: the call agent was told to move the call to the PSTN",
                        b.admin("uc-ime:show-fallback-notification statistics"));
                caller.await(Event.TERMINATED, Duration.ofSeconds(60));
            }
            assertEquals("B's call agent: the call and the REFER, both complete\n" + callAgentB.log(), 0,
                    callAgentB.awaitExit(Duration.ofSeconds(30)));
        }
        String messages = Files.readString(bMessages);
        assertTrue(messages, messages.contains("REFER sip:") && messages.contains("reason=qos;sensitivity=3"));
        assertEquals(refersBefore + 1, b.counter(FALLBACK, "NotificationsAccepted"));
    }
}
