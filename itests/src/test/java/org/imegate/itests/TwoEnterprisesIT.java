package org.imegate.itests;

import static org.imegate.ime.vap.DraftVapClient.CALLED_NUM;
import static org.imegate.ime.vap.DraftVapClient.CALL_DIRECTION;
import static org.imegate.ime.vap.DraftVapClient.NOTIFY;
import static org.imegate.ime.vap.DraftVapClient.PUBLISH;
import static org.imegate.ime.vap.DraftVapClient.SERVICE_CONTENT;
import static org.imegate.ime.vap.DraftVapClient.SERVICE_VERSION;
import static org.imegate.ime.vap.DraftVapClient.START_TIME;
import static org.imegate.ime.vap.DraftVapClient.STOP_TIME;
import static org.imegate.ime.vap.DraftVapClient.SUBSCRIBE;
import static org.imegate.ime.vap.DraftVapClient.SUCCESS;
import static org.imegate.ime.vap.DraftVapClient.UPLOAD_VCR;
import static org.imegate.ime.vap.DraftVapClient.ntp;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imegate.ime.vap.DraftVapClient;
import org.imegate.ime.vap.DraftVapClient.Attr;
import org.imegate.ime.vap.DraftVapClient.Message;
import org.imegate.itests.Baresip.Event;
import org.imegate.itests.Baresip.Settings;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The IME story between two enterprises, each with its own appliance and call agent, on loopback addresses.
 * The two IME servers form one distributed cache ring (A is its bootstrap node and enrollment CA); each
 * enterprise's call agent (a VAP client written from the draft) publishes its VService and B's number; a PSTN
 * call between them is reported by both sides as matching VCRs; A's IME server finds B's number in the ring,
 * validates the call with B's validator (TLS-SRP) and Notifies A's call agent of B's route and ticket.
 * Then the IME call:
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
    /** B's number that A calls, and A's number on the PSTN call before. */
    static final String B_NUMBER = "+14085551234";
    /** B's other numbers A called over the PSTN before. */
    static final List<String> B_OTHERS = List.of("+14085551235", "+14085551236");
    static final long VS_A = 0x1111222233334444L;
    static final long VS_B = 0x5555666677778888L;
    static final ObjectName IME = SipPeers.name("org.imegate:type=ime,name=server");
    static final int HOLD_DOWN_S = 10;
    static final ObjectName FALLBACK = SipPeers.name("org.imegate:type=sip,name=fallback-notification");

    private static Path work;
    private static OpensslCa ca;
    private static Enterprise a;
    private static Enterprise b;

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
        formRing();
        for (Enterprise e : List.of(a, b)) {
            e.configureImeServer();
            // the ticket password the IME server issues tickets with and the proxy verifies them with
            String generated = e.admin("ime:generate-ticketpassword 1");
            assertTrue(generated, generated.startsWith("ticket epoch 1 password "));
            e.configureProxy(ca, work, HOLD_DOWN_S, 1, null);
        }
    }

    /**
     * The ring as docs/ring.md has an operator form it: A is the enrollment CA (RING-CA) and the bootstrap node,
     * each appliance enrolls its trustpoint RING with a request that A issues, and listens on its outside address.
     */
    static void formRing() throws Exception {
        ApplianceProcess pa = a.appliance();
        ApplianceProcess pb = b.appliance();
        a.admin("crypto:key-generate rsa label ringca modulus 2048");
        a.admin("crypto:ca-trustpoint RING-CA subject-name \"CN=federation ring enrollment CA\" keypair ringca enroll self");
        a.admin("crypto:ca-enroll RING-CA");
        a.admin("crypto:ca-export --file ring-ca.pem RING-CA identity-certificate");
        for (Enterprise e : List.of(a, b)) {
            e.admin("crypto:key-generate rsa label ring modulus 2048");
            e.admin("crypto:ca-trustpoint RING subject-name \"CN=ring." + e.domain + "\" keypair ring enroll terminal");
            e.admin("crypto:ca-enroll --file ring-" + e.name + ".csr RING");
        }
        Files.copy(pb.path("ring-b.csr"), pa.path("ring-b.csr"));
        for (Enterprise e : List.of(a, b)) {
            a.admin("ime:dht-issue-certificate --out ring-" + e.name + ".pem RING-CA ring-" + e.name + ".csr");
        }
        Files.copy(pa.path("ring-b.pem"), pb.path("ring-b.pem"));
        Files.copy(pa.path("ring-ca.pem"), pb.path("ring-ca.pem"));
        b.admin("crypto:ca-trustpoint RING-CA");
        b.admin("crypto:ca-authenticate --file ring-ca.pem RING-CA");
        for (Enterprise e : List.of(a, b)) {
            e.admin("crypto:ca-authenticate --file ring-ca.pem RING");
            e.admin("crypto:ca-import --file ring-" + e.name + ".pem RING certificate");
            e.admin("config:edit org.imegate.ring; config:property-set enabled true; config:property-set listen.address "
                    + e.outside + "; config:property-set bootstrap " + A_OUTSIDE + ":6084; config:property-set"
                    + " bootstrap.node " + (e == a) + "; config:property-set stabilize.interval 1; config:update");
        }
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

    static List<String> numbers() {
        List<String> all = new java.util.ArrayList<>(List.of(B_NUMBER));
        all.addAll(B_OTHERS);
        return all;
    }

    static DraftVapClient callAgent(Enterprise e) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(e.inside, e.vapPort), 5000);
        DraftVapClient c = new DraftVapClient(s, Enterprise.VAP_USER, Enterprise.VAP_PASSWORD);
        Message r = c.register("Cisco/CUCM/9.0.1/" + e.domain);
        assertEquals(r.reason(), SUCCESS, r.cls());
        return c;
    }

    /** The enterprise's VService: its domain and the SIP trunk other enterprises reach it by (its appliance). */
    static void publishVService(DraftVapClient c, Enterprise e, long vs) throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><service-description"
                + " xmlns=\"http://www.cisco.com/namespaces/saf-uc\" id=\"ime-" + e.domain + "\" schemaVersion=\"1.0\">"
                + "<tns:vservice xmlns:tns=\"http://www.cisco.com/namespaces/viprtrunk\"><tns:DHTname>Quetzalcoatl"
                + "</tns:DHTname><tns:DIDCount>3</tns:DIDCount><tns:domain>" + e.domain + "</tns:domain><tns:route>"
                + "<tns:SIPURI>sip:trunk@" + e.domain + ":5061;maddr=" + e.outside + ";transport=tls</tns:SIPURI>"
                + "</tns:route></tns:vservice></service-description>";
        Message p = c.request(PUBLISH, Attr.service(101, 4, vs, 1), Attr.u32(SERVICE_VERSION, 1),
                new Attr(SERVICE_CONTENT, xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(p.reason(), SUCCESS, p.cls());
    }

    static void uploadVcr(DraftVapClient c, long vs, String called, Instant start, long millis, int direction)
            throws Exception {
        Message r = c.request(UPLOAD_VCR, Attr.service(100, 3, vs, 0), Attr.str(CALLED_NUM, called),
                Attr.u64(START_TIME, ntp(start)), Attr.u64(STOP_TIME, ntp(start.plusMillis(millis))),
                Attr.u32(CALL_DIRECTION, direction));
        assertEquals(r.reason(), SUCCESS, r.cls());
    }

    static String green(Enterprise e) throws Exception {
        return e.appliance().await(ApplianceProcess.ADMIN, "ime:show-dht summary",
                out -> out.contains("DHT Health....................... = GREEN"), Duration.ofSeconds(90));
    }

    @Test
    public void aPstnCallTeachesARouteAndTheImeCallFallsBackWhenTheInternetLegDies() throws Exception {
        step("A's IME server: the distributed cache ring, A the bootstrap node", green(a));
        step("B's IME server: joined through A", green(b));

        String ticket;
        String route;
        try (DraftVapClient agentB = callAgent(b); DraftVapClient agentA = callAgent(a)) {
            // B's call agent publishes its VService and the number it owns; A's subscribes for learned routes
            publishVService(agentB, b, VS_B);
            for (String n : numbers()) {
                Message published = agentB.request(PUBLISH, Attr.service(101, 3, VS_B, 1), Attr.str(CALLED_NUM, n));
                assertEquals(published.reason(), SUCCESS, published.cls());
            }
            publishVService(agentA, a, VS_A);
            assertEquals(SUCCESS, agentA.request(SUBSCRIBE, Attr.service(101, 3, VS_A, -1L)).cls());
            step("B's IME server: its call agent registered", b.admin("ime:show-vapstatus summary"));
            String fetched = a.appliance().await(ApplianceProcess.ADMIN, "ime:fetch-did " + B_NUMBER,
                    out -> out.contains("is published by 1 node(s)"), Duration.ofSeconds(60));
            step("A's IME server: B's number, found in the ring", fetched);
            assertTrue(fetched, fetched.contains("VServiceId = " + String.format("%016x", VS_B)));

            // three PSTN calls from A to B's numbers, 15 minutes apart; both call agents report each one
            Instant start = Instant.now().minusSeconds(3600);
            List<String> called = numbers();
            for (int i = 0; i < called.size(); i++) {
                Instant t = start.plusSeconds(900L * i);
                long millis = 60_000 + 17_000L * i;
                uploadVcr(agentB, VS_B, called.get(i), t, millis, 0);
                uploadVcr(agentA, VS_A, called.get(i), t.plusMillis(300), millis - 150, 1);
            }
            step("A's IME server: the originating VCRs, validations pending", "OriginatingVCRs = "
                    + a.counter(IME, "OriginatingVCRs") + "\nValidationsPending = " + a.counter(IME, "ValidationsPending"));

            // A validates each call with B's validator; once B's bucket is full, A's call agent learns the routes
            ticket = null;
            route = null;
            for (int i = 0; i < called.size(); i++) {
                Message notify = agentA.awaitServerRequest(Duration.ofSeconds(90));
                assertNotNull("Notify " + (i + 1) + " of " + called.size() + " did not reach A's call agent; A's log:\n"
                        + a.appliance().logTail(30) + "\nB's log:\n" + b.appliance().logTail(30), notify);
                assertEquals(NOTIFY, notify.method());
                assertTrue("Notify authenticated", notify.integrityOk());
                String xml = notify.str(SERVICE_CONTENT);
                if (xml.contains("<number>" + B_NUMBER + "</number>")) {
                    Matcher tk = Pattern.compile("<ticket>([^<]+)</ticket>").matcher(xml);
                    assertTrue(xml, tk.find());
                    ticket = tk.group(1);
                    Matcher sipUri = Pattern.compile("maddr=([0-9.]+)").matcher(xml);
                    assertTrue(xml, sipUri.find());
                    route = sipUri.group(1);
                }
            }
            assertNotNull("no Notify for " + B_NUMBER, ticket);
            assertEquals(B_OUTSIDE, route);
        }
        step("A's IME server: the route and ticket learned from the validation", a.admin("ime:show-learned-routes"));
        assertEquals(3, a.counter(IME, "ValidationsSucceeded"));
        assertEquals(3, a.counter(IME, "RoutesLearned"));

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
                    "sip:" + B_NUMBER + "@" + route + ":5061;transport=tls", Duration.ofSeconds(90))) {
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
        step("The call has ended: A's and B's signaling sessions", a.admin("uc-ime:show-signaling-sessions statistics")
                + "\n" + b.admin("uc-ime:show-signaling-sessions statistics"));
        String messages = Files.readString(bMessages);
        assertTrue(messages, messages.contains("REFER sip:") && messages.contains("reason=qos;sensitivity=3"));
        assertEquals(refersBefore + 1, b.counter(FALLBACK, "NotificationsAccepted"));
    }
}
