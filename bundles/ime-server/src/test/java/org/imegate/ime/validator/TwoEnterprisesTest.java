package org.imegate.ime.validator;

import static org.imegate.ime.vap.DraftVapClient.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.ime.store.PoolState;
import org.imegate.api.sip.Admission;
import org.imegate.api.sip.InboundInvite;
import org.imegate.api.ticket.TicketService;
import org.imegate.ime.EngineFixture;
import org.imegate.ime.ImeSettings;
import org.imegate.ime.VapServerConfig;
import org.imegate.ime.cache.EmbeddedCache;
import org.imegate.ime.store.JdbcImeStore;
import org.imegate.ime.vap.DraftVapClient;
import org.imegate.ticket.TicketAdmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two enterprises' IME servers on loopback sharing one ring: A (a.example) originates PSTN calls to
 * numbers of B (b.example). Matching VCRs validate over TLS-SRP; after the configured number of
 * validations A's call agent is notified with routes and tickets, which B's proxy gate admits on an
 * INVITE. Non-matching VCRs never validate, a blocked domain never gets a ticket, and a failure puts
 * B in A's penalty box.
 */
class TwoEnterprisesTest {
    static final long VS_A = 0x1111222233334444L;
    static final long VS_B = 0x5555666677778888L;
    static final String CALLER = "+17325550100";

    @TempDir
    Path dir;
    HikariDataSource ringDs;
    EmbeddedCache ring;
    EngineFixture a;
    EngineFixture b;
    DraftVapClient cucmA;
    DraftVapClient cucmB;
    long subscription;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static Map<String, String> settings() {
        return Map.of(ImeSettings.MAX_DELAY, "0", ImeSettings.MIN_INTERVAL, "0", ImeSettings.VALIDATOR_PORT, "0",
                ImeSettings.VALIDATOR_INTERFACE, "outside");
    }

    static String vservice(String domain, String maddr, String extra) {
        return "<service-description xmlns=\"http://www.cisco.com/namespaces/saf-uc\" id=\"ime-" + domain
                + "\" schemaVersion=\"1.0\"><vservice xmlns=\"http://www.cisco.com/namespaces/viprtrunk\">"
                + "<DHTname>Quetzalcoatl</DHTname><DIDCount>100</DIDCount><domain>" + domain + "</domain>" + extra
                + "<route><SIPURI>sip:trunk@" + domain + ":5061;maddr=" + maddr + ";transport=tcp</SIPURI></route>"
                + "</vservice></service-description>";
    }

    DraftVapClient agent(EngineFixture ime, long vs, String domain, String maddr, String extra) throws Exception {
        Socket s = new Socket("127.0.0.1", ime.engine.vapPort("cucm").orElseThrow());
        DraftVapClient c = new DraftVapClient(s, EngineFixture.USER, EngineFixture.PASSWORD);
        assertEquals(SUCCESS, c.register("Cisco/CUCM/9.0.1/" + domain).cls());
        Message p = c.request(PUBLISH, Attr.service(101, 4, vs, 1), Attr.u32(SERVICE_VERSION, 1),
                new Attr(SERVICE_CONTENT, vservice(domain, maddr, extra).getBytes(StandardCharsets.UTF_8)));
        assertEquals(SUCCESS, p.cls(), p.reason());
        return c;
    }

    @BeforeEach
    void enterprises() throws Exception {
        ringDs = new HikariDataSource();
        ringDs.setJdbcUrl("jdbc:h2:" + dir.resolve("ring").toAbsolutePath() + ";WRITE_DELAY=0");
        ring = new EmbeddedCache(new JdbcImeStore(ringDs), Clock.systemUTC());
        a = new EngineFixture(dir.resolve("a"), "127.0.0.1", "127.0.0.1", new RingView(ring, 1), settings(),
                List.of(VapServerConfig.create("cucm", freePort(), VapAuthMode.AUTHENTICATED)));
        b = new EngineFixture(dir.resolve("b"), "127.0.0.1", "127.0.0.1", new RingView(ring, 2), settings(),
                List.of(VapServerConfig.create("cucm", freePort(), VapAuthMode.AUTHENTICATED)));
        b.tickets.configure(7, "B-SECRET-KEY-0123456789".toCharArray());
        cucmA = agent(a, VS_A, "a.example", "127.0.0.2", "");
        subscription = cucmA.request(SUBSCRIBE, Attr.service(101, 3, VS_A, -1L)).u32(SUBSCRIPTION_ID);
        cucmB = agent(b, VS_B, "b.example", "127.0.0.3", "<blacklist><domain>spammer.example</domain></blacklist>");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {cucmA, cucmB, a, b}) {
            if (c != null) {
                c.close();
            }
        }
        ringDs.close();
    }

    void publishNumber(String number) throws Exception {
        assertEquals(SUCCESS, cucmB.request(PUBLISH, Attr.service(101, 3, VS_B, 1), Attr.str(CALLED_NUM, number)).cls());
    }

    static Message upload(DraftVapClient c, long vs, String called, String calling, Instant start, long millis,
            int direction) throws Exception {
        List<Attr> attrs = new ArrayList<>(List.of(Attr.service(100, 3, vs, 0), Attr.str(CALLED_NUM, called),
                Attr.u64(START_TIME, ntp(start)), Attr.u64(STOP_TIME, ntp(start.plusMillis(millis))),
                Attr.u32(CALL_DIRECTION, direction)));
        if (!calling.isEmpty()) {
            attrs.add(Attr.str(CALLING_NUM, calling));
        }
        Message r = c.request(UPLOAD_VCR, attrs.toArray(new Attr[0]));
        assertEquals(SUCCESS, r.cls(), r.reason());
        return r;
    }

    /** A PSTN call from A to {@code number} at B: both call agents upload their VCR (A's times a little off). */
    void pstnCall(String number, String calling, Instant start, long millis) throws Exception {
        upload(cucmB, VS_B, number, calling, start, millis, 0);
        upload(cucmA, VS_A, number, calling, start.plusMillis(350), millis - 200, 1);
    }

    static boolean await(java.util.function.BooleanSupplier c, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return c.getAsBoolean();
    }

    void awaitSettled(EngineFixture ime) throws InterruptedException {
        assertTrue(await(() -> ime.store.pendingValidations() == 0, Duration.ofSeconds(60)),
                "validations still pending: " + ime.store.pendingValidations());
    }

    static final Pattern TICKET = Pattern.compile("<ticket>([^<]+)</ticket>");
    static final Pattern NUMBER = Pattern.compile("<number>([^<]+)</number>");

    Admission invite(String number, String ticket, String callingDomain) {
        TicketAdmission gate = new TicketAdmission(b.tickets, Map.of());
        return gate.admit(new InboundInvite("call-1", "sip:" + number + "@b.example", "sip:+17325550100@" + callingDomain,
                "sip:+17325550100@" + callingDomain + ":5061", List.of(), callingDomain,
                Map.of(TicketService.HEADER, List.of(ticket))));
    }

    @Test
    void matchingCallsGiveRoutesAndTicketsAfterTheConfiguredValidations() throws Exception {
        Instant t = Instant.now().minusSeconds(3600);
        List<String> numbers = List.of("+14085550001", "+14085550002", "+14085550003");
        for (String n : numbers) {
            publishNumber(n);
        }
        // no caller ID: validations of value 8; the default threshold 23 is exceeded by the third
        pstnCall(numbers.get(0), "", t, 95_000);
        pstnCall(numbers.get(1), "", t.plusSeconds(600), 61_000);
        awaitSettled(a);
        assertEquals(2, a.engine.counters().validationsSucceeded.sum());
        assertEquals(2, a.store.heldResults(), "ValidationsAwaitingConfirmation");
        assertNull(cucmA.awaitServerRequest(Duration.ofMillis(300)), "no Notify before the threshold");
        pstnCall(numbers.get(2), "", t.plusSeconds(1200), 302_000);
        List<Message> notifies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message n = cucmA.awaitServerRequest(Duration.ofSeconds(60));
            assertNotNull(n, "Notify " + (i + 1) + " of 3");
            notifies.add(n);
        }
        assertEquals(0, a.store.heldResults());
        assertEquals(3, a.store.learnedRoutes().size());
        assertEquals(3, a.engine.counters().validationAttempts.sum());
        for (Message n : notifies) {
            assertEquals(NOTIFY, n.method());
            assertTrue(n.integrityOk());
            assertEquals(subscription, n.u32(SUBSCRIPTION_ID));
            String xml = n.str(SERVICE_CONTENT);
            Matcher num = NUMBER.matcher(xml);
            Matcher tk = TICKET.matcher(xml);
            assertTrue(num.find() && tk.find(), xml);
            assertTrue(xml.contains("sip:trunk@b.example:5061;maddr=127.0.0.3;transport=tcp"), xml);
            // the terminating proxy admits the ticket for that number from a.example, and only that
            assertTrue(invite(num.group(1), tk.group(1), "a.example").admitted(), "B's proxy admits the INVITE");
            assertFalse(invite(num.group(1), tk.group(1), "c.example").admitted(), "not from another domain");
            assertFalse(invite("+14085559999", tk.group(1), "a.example").admitted(), "not to another number");
        }
        assertEquals(PoolState.empty(hexPeer(2)).buckets(), a.store.pool(hexPeer(2)).buckets());
    }

    static String hexPeer(int node) {
        byte[] p = new byte[16];
        p[0] = (byte) 0x8e;
        p[15] = (byte) node;
        return java.util.HexFormat.of().formatHex(p);
    }

    @Test
    void callerIdMatchesAreWorthTwelve() throws Exception {
        Instant t = Instant.now().minusSeconds(3600);
        publishNumber("+14085550011");
        publishNumber("+14085550012");
        pstnCall("+14085550011", CALLER, t, 45_000);
        pstnCall("+14085550012", CALLER, t.plusSeconds(300), 45_000);
        assertNotNull(cucmA.awaitServerRequest(Duration.ofSeconds(60)), "12 + 12 exceed 23");
        assertNotNull(cucmA.awaitServerRequest(Duration.ofSeconds(60)));
        assertEquals(2, a.engine.counters().validationsSucceeded.sum());
    }

    @Test
    void nonMatchingCallsNeverValidateAndPutThePeerInThePenaltyBox() throws Exception {
        Instant t = Instant.now().minusSeconds(3600);
        publishNumber("+14085550021");
        publishNumber("+14085550022");
        // a success held in the default bucket, then a failure: another duration at B
        pstnCall("+14085550021", "", t, 80_000);
        awaitSettled(a);
        assertEquals(1, a.store.heldResults());
        upload(cucmB, VS_B, "+14085550022", "", t.plusSeconds(900), 200_000, 0);
        upload(cucmA, VS_A, "+14085550022", "", t.plusSeconds(900), 20_000, 1);
        awaitSettled(a);
        assertEquals(1, a.engine.counters().validationsFailed.sum());
        PoolState pool = a.store.pool(hexPeer(2));
        assertEquals(Map.of(PoolState.DEFAULT_BUCKET, 0, "+14085550022", 0), pool.buckets(),
                "every bucket emptied, a bucket created for the number");
        assertEquals(0, a.store.heldResults(), "the held result is dropped");
        // out of the penalty box only through validations of that number: three of value 8
        for (int i = 1; i <= 3; i++) {
            pstnCall("+14085550022", "", t.plusSeconds(900 + 600L * i), 70_000);
            awaitSettled(a);
        }
        Message n = cucmA.awaitServerRequest(Duration.ofSeconds(30));
        assertNotNull(n);
        assertTrue(n.str(SERVICE_CONTENT).contains("+14085550022"));
        assertFalse(a.store.pool(hexPeer(2)).buckets().containsKey("+14085550022"), "the number left the penalty box");
        // a call B never saw: no match, never validated
        upload(cucmA, VS_A, "+14085550021", "", t.plusSeconds(3300), 30_000, 1);
        awaitSettled(a);
        assertEquals(2, a.engine.counters().validationsFailed.sum());
        assertEquals(1, a.store.learnedRoutes().size());
    }

    @Test
    void aBlockedDomainNeverGetsATicket() throws Exception {
        Instant t = Instant.now().minusSeconds(3600);
        publishNumber("+14085550031");
        b.engine.blockDomain("a.example", true);
        for (int i = 0; i < 3; i++) {
            pstnCall("+14085550031", "", t.plusSeconds(600L * i), 50_000);
            awaitSettled(a);
        }
        assertEquals(3, b.engine.counters().validationsBlocked.sum());
        assertEquals(0, a.engine.counters().validationsSucceeded.sum());
        assertTrue(a.store.learnedRoutes().isEmpty());
        assertNull(cucmA.awaitServerRequest(Duration.ofMillis(300)));
        // the VService's own blacklist works the same way
        b.engine.blockDomain("a.example", false);
        assertFalse(b.engine.vservices().get(0).trusts("spammer.example"));
    }

    @Test
    void theTlsValidationThresholdBlocksWithoutPenalty() throws Exception {
        Instant t = Instant.now().minusSeconds(3600);
        b.engine.setValidator("tlsrate", "1");
        b.engine.setValidator("tlsconcurrent", "1");
        List<String> numbers = List.of("+14085550051", "+14085550052", "+14085550053", "+14085550054");
        for (String n : numbers) {
            publishNumber(n);
            upload(cucmB, VS_B, n, "", t, 50_000, 0);
        }
        for (String n : numbers) {
            upload(cucmA, VS_A, n, "", t.plusMillis(100), 50_000, 1);
        }
        assertTrue(await(() -> b.engine.counters().blockedTermTlsLimit.sum() >= 1, Duration.ofSeconds(30)),
                "the terminating side refuses sessions over its threshold");
        assertTrue(await(() -> a.engine.counters().validationsSucceeded.sum()
                + a.store.dueValidations(Instant.now().plusSeconds(3600), 10).stream()
                        .filter(p -> p.attempts() > 0).count() == numbers.size(), Duration.ofSeconds(30)),
                "every validation either succeeded or waits for a retry");
        assertEquals(0, a.engine.counters().validationsFailed.sum(), "a refusal over the threshold is no failure");
        assertEquals(0, a.store.pool(hexPeer(2)).buckets().size() - 1, "no penalty box");
    }

    @Test
    void garbageOnTheValidatorPortIsCountedAndTheValidatorGoesOn() throws Exception {
        int port = b.engine.validatorPort().orElseThrow();
        for (byte[] junk : List.of("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}, new byte[4096])) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(junk);
                out.flush();
                s.shutdownOutput();
                s.setSoTimeout(10_000);
                while (s.getInputStream().read() >= 0) {
                    // the validator answers with an alert, then closes
                }
            }
        }
        assertTrue(await(() -> b.engine.counters().validatorProtocolErrors.sum() >= 3, Duration.ofSeconds(10)),
                "protocol errors: " + b.engine.counters().validatorProtocolErrors.sum());
        publishNumber("+14085550041");
        pstnCall("+14085550041", "", Instant.now().minusSeconds(600), 40_000);
        awaitSettled(a);
        assertEquals(1, a.engine.counters().validationsSucceeded.sum(), "the validator still validates");
    }
}
