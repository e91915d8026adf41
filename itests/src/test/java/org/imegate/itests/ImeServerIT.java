package org.imegate.itests;

import static org.imegate.ime.vap.DraftVapClient.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.imegate.ime.vap.DraftVapClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The IME server of the appliance, driven over VAP by call agents written from the draft (not from the
 * server's code): registration, VService and number publication, VCR upload, subscription, and the
 * Notify of learned routes with tickets once the validations (TLS-SRP on the validator port) have
 * gone over the threshold; the protocol's error answers; and the appliance killed (-9) right after
 * VCRs were acknowledged, which finds them all after a restart and carries on validating.
 *
 * <p>Both enterprises' call agents use this one appliance (one IME server may serve several services,
 * IME-05): enterprise A (a.example) originates PSTN calls to numbers of enterprise B (b.example).
 */
public class ImeServerIT {
    static final String USER = "cucm-app";
    static final String PASSWORD = "Vap-Secret-2026";
    static final long VS_A = 0x1111222233334444L;
    static final long VS_B = 0x5555666677778888L;
    static final ObjectName MBEAN = name("org.imegate:type=ime,name=server");

    private static ApplianceProcess appliance;
    private static int vapPort;

    @Rule
    public Timeout timeout = new Timeout(400, TimeUnit.SECONDS);

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeClass
    public static void start() throws Exception {
        Path work = ImegateKarafSupport.buildDirectory().toPath().resolve("ime-server");
        appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), work);
        vapPort = ApplianceProcess.freePort();
        int validatorPort = ApplianceProcess.freePort();
        // validations 30 s after the VCR (so that the appliance can be killed before), no minimum interval
        Path cfg = appliance.path("etc", "org.imegate.ime.cfg");
        String text = Files.readString(cfg).replaceAll("(?m)^validator\\.(maxdelay|mininterval|port) = .*$", "");
        Files.writeString(cfg, text + "validator.maxdelay = 30\nvalidator.mininterval = 0\nvalidator.port = "
                + validatorPort + "\n");
        appliance.start();
        awaitImeServer();
        admin("ime:add-vapusercredentials " + USER + " " + PASSWORD);
        // as on the IME server's CLI: add ime vapserver asks for the name, port and authentication mode
        String session;
        try (PromptedConsole console = PromptedConsole.open(appliance)) {
            console.command("ime:add-vapserver");
            console.answer("VAP server name: ", "cucm");
            console.answer("Port [5620]: ", Integer.toString(vapPort));
            console.answer("Authentication mode (encrypted/authenticated) [encrypted]: ", "authenticated");
            session = console.awaitPrompt();
        }
        assertTrue(session, session.contains("cucm") && session.contains(Integer.toString(vapPort)));
        String servers = admin("ime:show-vapserver all");
        assertTrue(servers, servers.contains("VAPServer Name ........... cucm")
                && servers.contains("Port ..................... " + vapPort)
                && servers.contains("Authentication Mode ...... authenticated"));
        String generated = admin("ime:generate-ticketpassword 1");
        assertTrue(generated, generated.startsWith("ticket epoch 1 password "));
    }

    /** The IME server comes up after its store: wait until its commands answer. */
    static void awaitImeServer() throws Exception {
        appliance.await(ApplianceProcess.ADMIN, "ime:show-validator", out -> out.contains("Bucket Entropy"),
                Duration.ofSeconds(60));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
    }

    static String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    static DraftVapClient connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.2", vapPort), 5000);
        return new DraftVapClient(s, USER, PASSWORD);
    }

    static String vservice(String domain, String maddr) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><service-description xmlns=\"http://www.cisco.com/namespaces/saf-uc\""
                + " id=\"ime-" + domain + "\" schemaVersion=\"1.0\"><tns:vservice xmlns:tns=\"http://www.cisco.com/namespaces/viprtrunk\">"
                + "<tns:DHTname>Quetzalcoatl</tns:DHTname><tns:DIDCount>3</tns:DIDCount><tns:domain>" + domain
                + "</tns:domain><tns:route><tns:SIPURI>sip:trunk@" + domain + ":5061;maddr=" + maddr
                + ";transport=tcp</tns:SIPURI></tns:route></tns:vservice></service-description>";
    }

    /** A call agent that registers and publishes its VService (and subscribes when asked). */
    static DraftVapClient agent(long vs, String domain, String maddr, boolean subscribe) throws Exception {
        DraftVapClient c = connect();
        Message r = c.register("Cisco/CUCM/9.0.1/" + domain);
        assertEquals(r.reason(), SUCCESS, r.cls());
        Message p = c.request(PUBLISH, Attr.service(101, 4, vs, 1), Attr.u32(SERVICE_VERSION, 1),
                new Attr(SERVICE_CONTENT, vservice(domain, maddr).getBytes(StandardCharsets.UTF_8)));
        assertEquals(p.reason(), SUCCESS, p.cls());
        if (subscribe) {
            assertEquals(SUCCESS, c.request(SUBSCRIBE, Attr.service(101, 3, vs, -1L)).cls());
        }
        return c;
    }

    static void upload(DraftVapClient c, long vs, String called, Instant start, long millis, int direction)
            throws Exception {
        Message r = c.request(UPLOAD_VCR, Attr.service(100, 3, vs, 0), Attr.str(CALLED_NUM, called),
                Attr.u64(START_TIME, ntp(start)), Attr.u64(STOP_TIME, ntp(start.plusMillis(millis))),
                Attr.u32(CALL_DIRECTION, direction));
        assertEquals(r.reason(), SUCCESS, r.cls());
    }

    static long counter(String attribute) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.VIEWER)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            return ((Number) mbs.getAttribute(MBEAN, attribute)).longValue();
        }
    }

    static void awaitCounter(String attribute, long value, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
            try {
                if (counter(attribute) == value) {
                    return;
                }
            } catch (javax.management.InstanceNotFoundException e) {
                // the IME server is still starting
            }
            Thread.sleep(250);
        }
        assertEquals(attribute, value, counter(attribute));
    }

    @Test
    public void vcrsSurviveAKillAndTheirValidationsEndInRoutesAndTickets() throws Exception {
        List<String> numbers = List.of("+14085550101", "+14085550102", "+14085550103");
        Instant t = Instant.now().minusSeconds(7200);
        try (DraftVapClient b = agent(VS_B, "b.example", "127.0.0.3", false);
             DraftVapClient a = agent(VS_A, "a.example", "127.0.0.2", true)) {
            String status = admin("ime:show-vapstatus summary");
            assertTrue(status, status.contains("Registration Status ...... Registered"));
            assertTrue(status, status.contains("VAPServer Name ........... cucm"));
            String vs = admin("ime:show-vservice details");
            assertTrue(vs, vs.contains("VServiceId = 1111222233334444") && vs.contains("domain = b.example"));
            for (String n : numbers) {
                assertEquals(SUCCESS, b.request(PUBLISH, Attr.service(101, 3, VS_B, 1), Attr.str(CALLED_NUM, n)).cls());
            }
            for (int i = 0; i < numbers.size(); i++) {
                Instant start = t.plusSeconds(900L * i);
                long millis = 60_000 + 17_000L * i;
                upload(b, VS_B, numbers.get(i), start, millis, 0);
                upload(a, VS_A, numbers.get(i), start.plusMillis(300), millis - 150, 1);
            }
        }
        // every VCR was acknowledged: kill the appliance before any validation is due
        long pid = appliance.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        appliance.start();
        awaitImeServer();
        awaitCounter("OriginatingVCRs", 3, Duration.ofSeconds(60));
        assertEquals(3, counter("TerminatingVCRs"));
        assertEquals(3, counter("ValidationsPending"));
        // the call agents reconnect (a new registration, their VService again) and the validations go on
        try (DraftVapClient b = agent(VS_B, "b.example", "127.0.0.3", false);
             DraftVapClient a = agent(VS_A, "a.example", "127.0.0.2", true)) {
            List<Message> notifies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message n = a.awaitServerRequest(Duration.ofSeconds(180));
                assertNotNull("Notify " + (i + 1) + " of 3; log:\n" + appliance.logTail(40), n);
                notifies.add(n);
            }
            for (Message n : notifies) {
                assertEquals(NOTIFY, n.method());
                assertTrue("Notify authenticated", n.integrityOk());
                String xml = n.str(SERVICE_CONTENT);
                assertTrue(xml, xml.contains("sip:trunk@b.example:5061;maddr=127.0.0.3;transport=tcp"));
                Matcher tk = Pattern.compile("<ticket>([^<]+)</ticket>").matcher(xml);
                assertTrue(xml, tk.find());
                String header = new String(Base64.getUrlDecoder().decode(tk.group(1).split("\\.")[0]),
                        StandardCharsets.UTF_8);
                assertTrue(header, header.contains("\"kid\":\"1\"") && header.contains("uc-ime-ticket"));
            }
            assertNull(b.awaitServerRequest(Duration.ofMillis(200)));
        }
        awaitCounter("ValidationsPending", 0, Duration.ofSeconds(30));
        assertEquals(3, counter("ValidationsSucceeded"));
        assertEquals(3, counter("RoutesLearned"));
        String did = admin("ime:fetch-did +14085550101");
        assertTrue(did, did.contains("+14085550101 is published by 1 node(s)") && did.contains("VServiceId = 5555666677778888"));
        String addressing = admin("ime:show-addressing");
        assertTrue(addressing, addressing.contains("Private IP Address = 127.0.0.3") && addressing.contains("DHT Port = 6084"));
        ApplianceProcess.Result bad = appliance.run(ApplianceProcess.ADMIN, "ime:set-addressing publicipaddrv4 300.1.1.1");
        assertTrue(bad.toString(), (bad.stdout + bad.stderr).contains("ERROR: publicipaddrv4 300.1.1.1"));
        String routes = admin("ime:show-learned-routes");
        assertTrue(routes, routes.contains("E.164 ........ +14085550101") && routes.contains("Domain ....... b.example"));

        // the call agents' CDR export drops a file into the inbox: the route vcr-upload takes it
        long rejected = counter("VCRsRejected");
        Path inbox = appliance.path("store", "ime-inbox");
        Path tmp = inbox.resolve("cdr-0001.part");
        String when = t.plusSeconds(5_400).toString();
        String end = t.plusSeconds(5_460).toString();
        Files.writeString(tmp, "direction,called,calling,start,stop,vserviceid\n"
                + "received,+14085550201,+17325550100," + when + "," + end + ",1111222233334444\n"
                + "received,+14085550202,," + when + "," + end + ",1111222233334444\n"
                + "received,14085550203,," + when + "," + end + ",1111222233334444\n"
                + "received,+14085550204\n");
        Files.move(tmp, inbox.resolve("cdr-0001.csv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        awaitCounter("TerminatingVCRs", 5, Duration.ofSeconds(30));
        awaitCounter("VCRsRejected", rejected + 2, Duration.ofSeconds(10));
        Path done = inbox.resolve("done").resolve("cdr-0001.csv");
        for (int i = 0; i < 100 && !Files.exists(done); i++) {
            Thread.sleep(100);
        }
        assertTrue("processed file moved to done/", Files.exists(done));
        assertFalse(Files.exists(inbox.resolve("cdr-0001.csv")));
        List<String> refused = Files.readAllLines(inbox.resolve("done").resolve("cdr-0001.csv.rejected"));
        assertEquals(refused.toString(), 2, refused.size());
        assertTrue(refused.get(0), refused.get(0).startsWith("line 4: ") && refused.get(0).contains("+E.164"));
        assertTrue(refused.get(1), refused.get(1).startsWith("line 5: expected 6 fields"));
    }

    @Test
    public void encryptedModePresentsTheApplianceTrustpointIme() throws Exception {
        admin("crypto:key-generate rsa label ime-key modulus 2048");
        admin("crypto:ca-trustpoint IME subject-name 'cn=ime.a.example, o=Enterprise A' keypair ime-key enroll self");
        admin("crypto:ca-enroll IME");
        int tlsPort = ApplianceProcess.freePort();
        String added = admin("ime:add-vapserver cucm-tls " + tlsPort + " encrypted");
        assertTrue(added, added.contains("Listening"));
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        String[] subject = new String[1];
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                subject[0] = chain[0].getSubjectX500Principal().getName();
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.2", tlsPort);
        s.startHandshake();
        try (DraftVapClient c = new DraftVapClient(s, USER, PASSWORD)) {
            Message r = c.register("Cisco/CUCM/9.0.1/tls");
            assertEquals(r.reason(), SUCCESS, r.cls());
            assertTrue(r.integrityOk());
        }
        assertTrue(subject[0], subject[0].contains("CN=ime.a.example"));
        admin("ime:delete-vapserver cucm-tls");
    }

    @Test
    public void protocolErrorsAreAnsweredAndTheServerGoesOn() throws Exception {
        long malformed = counter("VAPMalformedMessages");
        try (DraftVapClient c = connect()) {
            Message wrong = c.request(REGISTER, DraftVapClient.key(USER, "ViPR", "wrong-password"),
                    Attr.str(CLIENT_NAME, "x"), Attr.u32(PROTOCOL_VERSION, 0x00010000));
            assertEquals(431, wrong.errorCode());
            assertEquals(471, c.request(REGISTER, Attr.u32(CLIENT_HANDLE, 424242)).errorCode());
            assertEquals(474, c.request(SUBSCRIBE, Attr.service(101, 3, VS_A, -1L)).errorCode());
            assertEquals(SUCCESS, c.register("Cisco/CUCM/9.0.1/errors").cls());
            assertEquals(477, c.register("again").errorCode());
            assertEquals(476, c.request(UNSUBSCRIBE, Attr.u32(SUBSCRIPTION_ID, 99)).errorCode());
            byte[] big = new byte[33_000];
            assertEquals(400, c.request(PUBLISH, Attr.service(101, 4, 77, 1), Attr.u32(SERVICE_VERSION, 1),
                    new Attr(SERVICE_CONTENT, big)).errorCode());
            c.send("this is not VAP at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.awaitClosed(Duration.ofSeconds(10)));
        }
        assertTrue(counter("VAPMalformedMessages") >= malformed + 2);
        try (DraftVapClient again = connect()) {
            assertEquals(SUCCESS, again.register("Cisco/CUCM/9.0.1/after").cls());
        }
        String log = appliance.logTail(400);
        assertTrue("InvalidCredentials raised", log.contains("InvalidCredentials") || counter("VAPAuthenticationFailures") >= 1);
    }
}
