package org.imegate.ime.vap;

import static org.imegate.ime.vap.DraftVapClient.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.ime.EngineFixture;
import org.imegate.ime.RingRecords;
import org.imegate.ime.VapServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VAP server against a call agent written from the draft (DraftVapClient): every procedure of
 * §9 and every error code of §10.3.4, malformed input, TLS.
 */
class VapServerTest {
    static final String HOST = "127.0.0.1";
    static final long VSID = 0x3834353762636435L;
    static final long INSTANCE = 0x0102030405060708L;

    @TempDir
    Path dir;
    EngineFixture ime;
    int tcpPort;
    int tlsPort;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws IOException {
        tcpPort = freePort();
        tlsPort = freePort();
        ime = new EngineFixture(dir, HOST, HOST, null, Map.of(), List.of(
                VapServerConfig.create("cucm1", tcpPort, VapAuthMode.AUTHENTICATED),
                VapServerConfig.create("cucm2", tlsPort, VapAuthMode.ENCRYPTED)));
    }

    @AfterEach
    void stop() {
        ime.close();
    }

    DraftVapClient connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, tcpPort), 5000);
        return new DraftVapClient(s, EngineFixture.USER, EngineFixture.PASSWORD);
    }

    static String vservice(int didCount, String domain, String extra) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service-description xmlns=\"http://www.cisco.com/namespaces/saf-uc\""
                + " id=\"Vservice12-ccm18\" xmlns:vt=\"http://www.cisco.com/namespaces/viprtrunk\" schemaVersion=\"1.0\">"
                + "<tns:vservice xmlns:tns=\"http://www.cisco.com/namespaces/viprtrunk\"><tns:DHTname>Quetzalcoatl</tns:DHTname>"
                + "<tns:DIDCount>" + didCount + "</tns:DIDCount><tns:domain>" + domain + "</tns:domain>" + extra
                + "<tns:route><tns:SIPURI>\n sip:d954c46b@" + domain + ":5082;maddr=127.0.0.9;transport=tcp\n"
                + "</tns:SIPURI></tns:route></tns:vservice></service-description>";
    }

    static Message publishVService(DraftVapClient c, long version, String xml) throws Exception {
        return c.request(PUBLISH, Attr.service(101, 4, VSID, INSTANCE), Attr.u32(SERVICE_VERSION, version),
                new Attr(SERVICE_CONTENT, xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void registersAndTheResponseIsAuthenticated() throws Exception {
        try (DraftVapClient c = connect()) {
            Message r = c.register("Cisco/CUCM/9.0.1/10.94.150.96");
            assertEquals(SUCCESS, r.cls(), r.reason());
            assertEquals(REGISTER, r.method());
            assertTrue(r.hasIntegrity() && r.integrityOk(), "response MESSAGE-INTEGRITY verifies with the shared key");
            assertNotNull(r.get(REALM));
            assertNull(r.get(USERNAME), "responses carry no USERNAME");
            long handle = r.u32(CLIENT_HANDLE);
            assertTrue(handle > 0);
            assertEquals(90_000, r.u32(KEEPALIVE), "30 s keepalive interval, state kept 3 intervals");
            // re-Register with the handle is the keepalive
            Message k = c.request(REGISTER, Attr.u32(CLIENT_HANDLE, handle));
            assertEquals(SUCCESS, k.cls());
            assertEquals(handle, k.u32(CLIENT_HANDLE));
            // a second initial Register on the same connection
            assertEquals(477, c.register("again").errorCode());
            assertEquals(1, ime.engine.clients().size());
            assertTrue(ime.engine.clients().get(0).registered());
        }
    }

    @Test
    void authenticationFailuresAre431And436WithoutIntegrity() throws Exception {
        try (DraftVapClient c = connect()) {
            Message wrong = c.request(REGISTER, DraftVapClient.key(EngineFixture.USER, "ViPR", "not-the-password"),
                    Attr.str(CLIENT_NAME, "x"), Attr.u32(PROTOCOL_VERSION, 0x00010000));
            assertEquals(ERROR, wrong.cls());
            assertEquals(431, wrong.errorCode());
            assertFalse(wrong.hasIntegrity(), "431 omits MESSAGE-INTEGRITY");
            assertNotNull(wrong.get(REALM), "431 carries REALM");
        }
        Socket s = new Socket(HOST, tcpPort);
        try (DraftVapClient stranger = new DraftVapClient(s, "someone-else", EngineFixture.PASSWORD)) {
            Message r = stranger.register("x");
            assertEquals(436, r.errorCode());
            assertFalse(r.hasIntegrity());
        }
        assertEquals(2, ime.engine.counters().vapAuthFailures.sum());
        assertEquals(2, ime.alerts.stream().filter(a -> a.name().equals("InvalidCredentials")).count(),
                "each failure raises InvalidCredentials");
        assertTrue(ime.alerts.stream().noneMatch(a -> a.details().containsValue(EngineFixture.PASSWORD)));
    }

    @Test
    void registrationErrors471And474And478() throws Exception {
        try (DraftVapClient c = connect()) {
            assertEquals(474, c.request(SUBSCRIBE, Attr.service(101, 3, VSID, -1L)).errorCode(), "not registered");
            assertEquals(474, c.request(UNREGISTER).errorCode());
            assertEquals(474, publishVService(c, 1, vservice(10, "a.example", "")).errorCode());
            assertEquals(471, c.request(REGISTER, Attr.u32(CLIENT_HANDLE, 99_999)).errorCode(), "unknown handle");
            Message v2 = c.request(REGISTER, Attr.str(CLIENT_NAME, "x"), Attr.u32(PROTOCOL_VERSION, 0x00020000));
            assertEquals(478, v2.errorCode());
            assertEquals(0x00010000, v2.u32(PROTOCOL_VERSION), "the server's version 1.0 in the 478");
            assertEquals(400, c.request(REGISTER, Attr.str(CLIENT_NAME, "x")).errorCode(), "no Protocol-Version");
        }
    }

    @Test
    void aVServiceIsPublishedWithQuotaAndLifetimeAndVersionsOnlyGrow() throws Exception {
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            Message r = publishVService(c, 5, vservice(100, "cisco.com", "<tns:blacklist><tns:domain>spam.example"
                    + "</tns:domain></tns:blacklist>"));
            assertEquals(SUCCESS, r.cls(), r.reason());
            ByteBuffer quota = ByteBuffer.wrap(r.get(QUOTA));
            assertEquals(100_000, quota.getInt(), "limit");
            assertEquals(100, quota.getInt(), "current: the DIDCount of the VServices");
            assertEquals(86_400, r.u32(DHT_LIFETIME));
            assertEquals(472, publishVService(c, 4, vservice(100, "cisco.com", "")).errorCode());
            assertEquals(SUCCESS, publishVService(c, 6, vservice(120, "cisco.com", "")).cls());
            var vs = ime.engine.vservices();
            assertEquals(1, vs.size());
            assertEquals("Vservice12-ccm18", vs.get(0).profile());
            assertEquals(120, vs.get(0).didCount());
            assertEquals(List.of("sip:d954c46b@cisco.com:5082;maddr=127.0.0.9;transport=tcp"), vs.get(0).sipUris());
            // ServiceID 100 is accepted as well as 101
            assertEquals(SUCCESS, c.request(PUBLISH, Attr.service(100, 4, VSID + 1, 1), Attr.u32(SERVICE_VERSION, 1),
                    new Attr(SERVICE_CONTENT, vservice(1, "cisco.com", "").getBytes(StandardCharsets.UTF_8))).cls());
            assertEquals(400, c.request(PUBLISH, Attr.service(102, 4, VSID, 1), Attr.u32(SERVICE_VERSION, 9),
                    new Attr(SERVICE_CONTENT, vservice(1, "cisco.com", "").getBytes(StandardCharsets.UTF_8))).errorCode());
            assertEquals(400, publishVService(c, 7, "<not-a-service/>").errorCode());
            assertEquals(SUCCESS, c.request(UNPUBLISH, Attr.service(101, 4, VSID + 1, 1)).cls());
            assertEquals(1, ime.engine.vservices().size());
        }
        assertTrue(waitFor(() -> ime.engine.vservices().isEmpty()), "the VService goes with its client's connection");
    }

    @Test
    void numbersArePublishedIntoTheRingUnderThreeResourceIds() throws Exception {
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            assertEquals(474, c.request(PUBLISH, Attr.service(101, 3, VSID, 1), Attr.str(CALLED_NUM, "+14085551212"))
                    .errorCode(), "no VService yet");
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            assertEquals(SUCCESS, c.request(PUBLISH, Attr.service(101, 3, VSID, 1), Attr.str(CALLED_NUM, "+14085551212"))
                    .cls());
            assertEquals(400, c.request(PUBLISH, Attr.service(101, 3, VSID, 1), Attr.str(CALLED_NUM, "4085551212"))
                    .errorCode(), "not +E.164");
        }
        for (byte[] rid : RingRecords.resourceIds("+14085551212")) {
            List<CacheEntry> e = ime.cache.fetch(rid);
            assertEquals(1, e.size());
            assertEquals(RingRecords.key(ime.cache.peerId(), VSID), e.get(0).key());
            RingRecords.Record rec = RingRecords.open("+14085551212", e.get(0).value()).orElseThrow();
            assertArrayEquals(ime.cache.peerId(), rec.peerId());
            assertTrue(RingRecords.open("+14085551213", e.get(0).value()).isEmpty(), "only the number opens it");
        }
        assertEquals(3, ime.engine.counters().cacheStores.sum());
        var owners = ime.engine.fetchDid("+14085551212");
        assertEquals(1, owners.size(), "utils ime fetch did");
        assertEquals(ime.engine.peerId(), owners.get(0).peerId());
        assertEquals(VSID, owners.get(0).vserviceId());
        assertTrue(ime.engine.fetchDid("+14085551299").isEmpty());
        assertEquals("ERROR: number 4085551212 is not a +E.164 number (+, then 2 to 15 digits, the first not 0)",
                org.junit.jupiter.api.Assertions.assertThrows(org.imegate.api.validation.ValidationException.class,
                        () -> ime.engine.fetchDid("4085551212")).getMessage());
        assertEquals(6084, ime.engine.addressing().dhtPort());
        assertEquals("65.65.65.65", ime.engine.setPublicAddress("65.65.65.65").publicAddress());
        assertTrue(ime.engine.validatorAddress().startsWith("65.65.65.65:"), "published for the next numbers");
        org.junit.jupiter.api.Assertions.assertThrows(org.imegate.api.validation.ValidationException.class,
                () -> ime.engine.setPublicAddress("65.65.65.300"));
    }

    @Test
    void subscriptionsAndNotifyCarryTheRouteAndTicket() throws Exception {
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            Message s = c.request(SUBSCRIBE, Attr.service(101, 3, VSID, -1L));
            assertEquals(SUCCESS, s.cls());
            long sub = s.u32(SUBSCRIPTION_ID);
            assertEquals(sub, c.request(SUBSCRIBE, Attr.service(101, 3, VSID, -1L)).u32(SUBSCRIPTION_ID),
                    "one subscription per VService");
            assertEquals(400, c.request(SUBSCRIBE, Attr.service(101, 4, VSID, -1L)).errorCode());
            assertEquals(476, c.request(UNSUBSCRIBE, Attr.u32(SUBSCRIPTION_ID, sub + 7)).errorCode());

            LearnedRoute route = new LearnedRoute("+17325552496", "example.net",
                    List.of("sip:17ahhs@example.net:2371;maddr=127.0.0.8;transport=tcp"), "eyJ0aWNrZXQ", VSID,
                    "peer", Instant.now(), Instant.now().plus(Duration.ofDays(365)));
            assertEquals(1, ime.engine.notifyRoutes(VSID, List.of(route)));
            Message n = c.awaitServerRequest(Duration.ofSeconds(10));
            assertNotNull(n, "Notify received");
            assertEquals(NOTIFY, n.method());
            assertTrue(n.integrityOk(), "the server's Notify carries a valid MESSAGE-INTEGRITY");
            assertEquals(EngineFixture.USER, n.str(USERNAME));
            assertEquals(sub, n.u32(SUBSCRIPTION_ID));
            ByteBuffer id = ByteBuffer.wrap(n.get(SERVICE_IDENTITY));
            assertEquals(100, id.getShort());
            assertEquals(3, id.getShort());
            assertEquals(VSID, id.getLong());
            assertEquals(-1L, id.getLong(), "instance all ones");
            String xml = n.str(SERVICE_CONTENT);
            assertTrue(xml.contains("<number>+17325552496</number>") && xml.contains("<ticket>eyJ0aWNrZXQ</ticket>")
                    && xml.contains("<SIPURI>sip:17ahhs@example.net:2371;maddr=127.0.0.8;transport=tcp</SIPURI>"), xml);
            assertEquals(SUCCESS, c.request(UNSUBSCRIBE, Attr.u32(SUBSCRIPTION_ID, sub)).cls());
            assertEquals(0, ime.engine.notifyRoutes(VSID, List.of(route)));
        }
    }

    @Test
    void vcrsAreStoredOnceAndBadNumbersRefused() throws Exception {
        Instant start = Instant.now().minusSeconds(300);
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            assertEquals(474, upload(c, "+14085551212", "+17325550100", start, 1).errorCode(), "no VService");
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            assertEquals(SUCCESS, upload(c, "+14085551212", "+17325550100", start, 1).cls());
            assertEquals(SUCCESS, upload(c, "+14085551212", "+17325550100", start, 1).cls(), "a duplicate is acknowledged");
            assertEquals(SUCCESS, upload(c, "+14085551212", "+17325550100", start, 0).cls());
            Message bad = upload(c, "4085551212", "+17325550100", start, 1);
            assertEquals(400, bad.errorCode());
            assertTrue(bad.reason().contains("not +E.164"), bad.reason());
            assertEquals(400, upload(c, "+14085551212", "+17325550100", start, 2).errorCode(), "CallDirection 2");
            assertEquals(400, c.request(UPLOAD_VCR, Attr.service(100, 3, VSID, 0), Attr.str(CALLED_NUM, "+14085551212"))
                    .errorCode(), "no times");
        }
        assertEquals(1, ime.store.countVcrs(CallDirection.SENT));
        assertEquals(1, ime.store.countVcrs(CallDirection.RECEIVED));
        assertEquals(1, ime.store.pendingValidations());
        assertEquals(1, ime.engine.counters().vcrsDuplicate.sum());
        assertEquals(4, ime.engine.counters().vcrsRejected.sum());
        assertEquals(7, ime.engine.counters().vcrUploadRequests.sum());
    }

    static Message upload(DraftVapClient c, String called, String calling, Instant start, int direction)
            throws Exception {
        return c.request(UPLOAD_VCR, Attr.service(100, 3, VSID, 0), Attr.str(CALLING_NUM, calling),
                Attr.str(CALLED_NUM, called), Attr.u64(START_TIME, ntp(start)),
                Attr.u64(STOP_TIME, ntp(start.plusSeconds(95))), Attr.u32(CALL_DIRECTION, direction));
    }

    @Test
    void malformedFramesAreAnsweredOrDroppedAndTheServerGoesOn() throws Exception {
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            // length not a multiple of 4: answered 400
            byte[] tx = newTx();
            byte[] odd = DraftVapClient.encode(REGISTER, REQUEST, tx, List.of(Attr.u32(CLIENT_HANDLE, 1)), null);
            byte[] withOdd = Arrays.copyOf(odd, odd.length + 2);
            withOdd[3] = (byte) (withOdd[3] + 2);
            assertEquals(400, c.exchange(tx, withOdd).errorCode());
            // an attribute that claims more bytes than the message has
            tx = newTx();
            byte[] overrun = DraftVapClient.encode(REGISTER, REQUEST, tx, List.of(Attr.str(CLIENT_NAME, "abcd")), null);
            overrun[22] = 0x7f;
            assertEquals(400, c.exchange(tx, overrun).errorCode());
            // an oversize ServiceContent (32k or more)
            byte[] big = new byte[40_000];
            Arrays.fill(big, (byte) 'x');
            Message r = c.request(PUBLISH, Attr.service(101, 4, VSID, 1), Attr.u32(SERVICE_VERSION, 1),
                    new Attr(SERVICE_CONTENT, big));
            assertEquals(400, r.errorCode());
            assertTrue(r.reason().contains("32k"), r.reason());
            // a Client-Handle of the wrong size
            assertEquals(400, c.request(REGISTER, new Attr(CLIENT_HANDLE, new byte[] {1, 2})).errorCode());
            // garbage that is not VAP: the connection is closed, framing being lost
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.awaitClosed(Duration.ofSeconds(10)), "the server closes a connection that is not VAP");
        }
        assertTrue(ime.engine.counters().vapMalformed.sum() >= 4);
        try (DraftVapClient again = connect()) {
            assertEquals(SUCCESS, again.register("cucm").cls(), "the server still serves");
        }
    }

    @Test
    void encryptedModeSpeaksTls() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                assertEquals("CN=ime.test.example", chain[0].getSubjectX500Principal().getName());
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(HOST, tlsPort);
        s.startHandshake();
        try (DraftVapClient c = new DraftVapClient(s, EngineFixture.USER, EngineFixture.PASSWORD)) {
            Message r = c.register("Cisco/CUCM/9.0.1/tls");
            assertEquals(SUCCESS, r.cls());
            assertTrue(r.integrityOk());
        }
        assertTrue(ime.engine.vapServer("cucm2").orElseThrow().listening());
    }

    @Test
    void aRingThatCannotBeReachedGives481() throws Exception {
        ime.close();
        DistributedCache down = new DistributedCache() {
            @Override
            public byte[] peerId() {
                return new byte[16];
            }

            @Override
            public void store(byte[] r, String k, byte[] v, Duration l) throws CacheUnavailableException {
                throw new CacheUnavailableException("no route to the ring", null);
            }

            @Override
            public List<CacheEntry> fetch(byte[] r) throws CacheUnavailableException {
                throw new CacheUnavailableException("no route to the ring", null);
            }

            @Override
            public int health() {
                return 0;
            }

            @Override
            public int nodeCount() {
                return 0;
            }

            @Override
            public long storedBytes() {
                return 0;
            }

            @Override
            public String backend() {
                return "down";
            }
        };
        ime = new EngineFixture(dir.resolve("second"), HOST, HOST, down, Map.of(),
                List.of(VapServerConfig.create("cucm1", tcpPort, VapAuthMode.AUTHENTICATED)));
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            assertEquals(481, c.request(PUBLISH, Attr.service(101, 3, VSID, 1), Attr.str(CALLED_NUM, "+14085551212"))
                    .errorCode());
        }
    }

    @Test
    void aRingGoneRedRevokesThePublishedVServices() throws Exception {
        ime.close();
        int[] health = {2};
        DistributedCache flaky = new DistributedCache() {
            @Override
            public byte[] peerId() {
                return new byte[16];
            }

            @Override
            public void store(byte[] r, String k, byte[] v, Duration l) {
            }

            @Override
            public List<CacheEntry> fetch(byte[] r) {
                return List.of();
            }

            @Override
            public int health() {
                return health[0];
            }

            @Override
            public int nodeCount() {
                return 1;
            }

            @Override
            public long storedBytes() {
                return 0;
            }

            @Override
            public String backend() {
                return "flaky";
            }
        };
        ime = new EngineFixture(dir.resolve("third"), HOST, HOST, flaky, Map.of(),
                List.of(VapServerConfig.create("cucm1", tcpPort, VapAuthMode.AUTHENTICATED)));
        try (DraftVapClient c = connect()) {
            c.register("cucm");
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            ime.engine.checkRing();
            assertNull(c.awaitServerRequest(Duration.ofMillis(200)), "nothing while the ring is green");
            health[0] = 0;
            ime.engine.checkRing();
            Message revoke = c.awaitServerRequest(Duration.ofSeconds(10));
            assertNotNull(revoke);
            assertEquals(PUBLISH_REVOKE, revoke.method());
            assertTrue(revoke.integrityOk());
            ByteBuffer id = ByteBuffer.wrap(revoke.get(SERVICE_IDENTITY));
            assertEquals(101, id.getShort());
            assertEquals(4, id.getShort());
            assertEquals(VSID, id.getLong());
            assertEquals(INSTANCE, id.getLong());
            assertTrue(ime.engine.vservices().isEmpty(), "the instance is removed from the server's state");
        }
    }

    @Test
    void unregisterDropsTheClientAndItsState() throws Exception {
        try (DraftVapClient c = connect()) {
            long handle = c.register("cucm").u32(CLIENT_HANDLE);
            publishVService(c, 1, vservice(3, "cisco.com", ""));
            assertEquals(471, c.request(UNREGISTER, Attr.u32(CLIENT_HANDLE, handle + 1)).errorCode());
            assertEquals(SUCCESS, c.request(UNREGISTER, Attr.u32(CLIENT_HANDLE, handle)).cls());
            assertTrue(ime.engine.vservices().isEmpty());
            assertEquals(474, c.request(SUBSCRIBE, Attr.service(101, 3, VSID, -1L)).errorCode());
        }
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
