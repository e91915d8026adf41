package org.imegate.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.imegate.api.alert.Alert;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSession;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.MasterKeySecretBox;
import org.imegate.tls.proxy.TlsProxyService;
import org.imegate.tls.proxy.TlsProxyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS proxy's engines against real TLS peers (the openssl command line tools): what the server
 * side of an instance accepts and refuses, and what the session accounting records.
 */
class TlsProxyHandshakeTest {
    private static final String DN = "cn=enterprise-a.example, o=\"Example Corp\"";
    private static final String SERVER_LINE = "hello from the tls proxy";
    private static final int SOCKET_TIMEOUT_MS = 30_000;
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5061);

    @TempDir
    Path tmp;

    private Openssl openssl;
    private PkiStore pki;
    private TlsProxyService proxy;
    private final List<String> saved = new CopyOnWriteArrayList<>();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private ExecutorService executor;

    @BeforeEach
    void setUp() throws Exception {
        openssl = new Openssl(tmp);
        pki = new PkiStore(tmp.resolve("tls"), new MasterKeySecretBox(tmp.resolve("master.key")), Clock.systemUTC());
        proxy = new TlsProxyService(pki, pki, new TlsProxyStore() {
            @Override
            public void saveInstance(TlsProxyConfig instance) {
                saved.add("save " + instance);
            }

            @Override
            public void deleteInstance(String name) {
                saved.add("delete " + name);
            }

            @Override
            public void saveGlobal(List<String> sslEncryption, OptionalInt maximumSessions) {
                saved.add("global " + sslEncryption + " " + maximumSessions);
            }
        }, Clock.systemUTC(), alerts::add);
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    // ------------------------------------------------------------------ PKI material

    private void makeCa(String name, String commonName) throws Exception {
        openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", "/CN=" + commonName, "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign").ok();
    }

    private void sign(String ca, String csr, String out, String dns) throws Exception {
        Path ext = tmp.resolve(out + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nsubjectAltName=DNS:" + dns + "\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl.run("x509", "-req", "-in", csr, "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", out, "-days", "30", "-extfile", ext.toString()).ok();
    }

    private void makePeer(String ca, String name, String dns) throws Exception {
        openssl.run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + dns).ok();
        sign(ca, name + ".csr", name + ".pem", dns);
    }

    /** Trustpoint "local-ent": identity issued by the openssl CA "ca", which is authenticated. */
    private void enrolledTrustpoint() throws Exception {
        pki.generateRsaKeyPair("ent-key", 2048);
        pki.defineTrustpoint(TrustpointSpec.named("local-ent").withSubjectName(DN).withKeyPair("ent-key")
                .withEnrollMode(EnrollMode.TERMINAL));
        Files.writeString(tmp.resolve("csr.pem"), pki.enroll("local-ent").requestPem().orElseThrow());
        makeCa("ca", "Test Root CA");
        sign("ca", "csr.pem", "id.pem", "enterprise-a.example");
        pki.authenticate("local-ent", Files.readString(tmp.resolve("ca.pem")));
        pki.importCertificate("local-ent", Files.readString(tmp.resolve("id.pem")));
    }

    // ------------------------------------------------------------------ the appliance side

    /** Accepts one connection as the transport does: admit, handshake, established/failed, close. */
    private Future<String> serveOnce(SSLServerSocket server) {
        return executor.submit(() -> {
            Optional<TlsSession> admitted = Optional.empty();
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                admitted = proxy.admit("inbound", TlsRole.SERVER, LOCAL,
                        (InetSocketAddress) socket.getRemoteSocketAddress());
                if (admitted.isEmpty()) {
                    return "REFUSED";
                }
                socket.setSoTimeout(SOCKET_TIMEOUT_MS);
                try {
                    socket.startHandshake();
                } catch (IOException e) {
                    admitted.get().failed(e.getClass().getSimpleName());
                    return "FAILED " + e;
                }
                String domain = admitted.get().established(socket.getSession());
                OutputStream out = socket.getOutputStream();
                out.write((SERVER_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return "OK " + domain + " " + socket.getSession().getProtocol() + " "
                        + socket.getSession().getCipherSuite();
            } finally {
                admitted.ifPresent(TlsSession::close);
            }
        });
    }

    /** A listener with exactly the context and parameters of the instance's server engine. */
    private SSLServerSocket listen() throws IOException {
        SSLParameters p = proxy.serverParameters("inbound");
        SSLServerSocket server = (SSLServerSocket) proxy.serverContext("inbound").getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setSSLParameters(p);
        server.setSoTimeout(SOCKET_TIMEOUT_MS);
        return server;
    }

    private Openssl.Result connect(int port, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-verify_return_error", "-brief", "-ign_eof", "-CAfile", "ca.pem"));
        args.addAll(List.of(options));
        return openssl.run(args.toArray(new String[0]));
    }

    private record Outcome(String appliance, Openssl.Result client) {
    }

    private Outcome handshake(String... options) throws Exception {
        try (SSLServerSocket server = listen()) {
            Future<String> served = serveOnce(server);
            Openssl.Result client = connect(server.getLocalPort(), options);
            return new Outcome(served.get(60, TimeUnit.SECONDS), client);
        }
    }

    private void inboundInstance() throws Exception {
        enrolledTrustpoint();
        makePeer("ca", "client", "ent-b.example");
        proxy.define("inbound", Optional.of("local-ent"), Optional.empty(), Optional.empty());
    }

    private void refused(Outcome o) {
        assertTrue(o.appliance().startsWith("FAILED javax.net.ssl.SSLHandshakeException"), o.appliance());
        assertNotEquals(0, o.client().exit(), o.client().output());
        assertFalse(o.client().output().contains(SERVER_LINE), o.client().output());
    }

    // ------------------------------------------------------------------ tests

    @Test
    void theServerEngineCarriesTheInstanceParameters() throws Exception {
        inboundInstance();
        SSLEngine engine = proxy.serverEngine("inbound");
        assertFalse(engine.getUseClientMode());
        assertTrue(engine.getNeedClientAuth());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, engine.getEnabledProtocols());
        SSLParameters p = proxy.serverParameters("inbound");
        assertArrayEquals(p.getCipherSuites(), engine.getEnabledCipherSuites());
        assertTrue(Arrays.stream(engine.getEnabledCipherSuites()).allMatch(s -> s.startsWith("TLS_AES_")
                || s.startsWith("TLS_CHACHA20_") || s.startsWith("TLS_ECDHE_")));

        proxy.define("outbound", Optional.empty(), Optional.of("local-ent"),
                Optional.of(List.of("aes256-sha1", "aes128-sha1")));
        SSLEngine client = proxy.clientEngine("outbound", new InetSocketAddress("127.0.0.1", 5061));
        assertTrue(client.getUseClientMode());
        assertArrayEquals(new String[] {"TLSv1.2"}, client.getEnabledProtocols());
        assertArrayEquals(new String[] {"TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"},
                client.getEnabledCipherSuites());
        // ssl encryption applies where the instance has no list of its own
        proxy.sslEncryption(List.of("aes256-gcm-sha384"));
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384"}, proxy.serverEngine("inbound")
                .getEnabledCipherSuites());
    }

    @Test
    void enginesNeedAnEnrolledTrustpoint() throws Exception {
        assertEquals("ERROR: server trust-point nope does not exist", assertThrows(ValidationException.class,
                () -> proxy.define("inbound", Optional.of("nope"), Optional.empty(), Optional.empty())).getMessage());
        pki.generateRsaKeyPair("k", 2048);
        pki.defineTrustpoint(TrustpointSpec.named("pending").withSubjectName("cn=a.example").withKeyPair("k")
                .withEnrollMode(EnrollMode.TERMINAL));
        proxy.define("inbound", Optional.of("pending"), Optional.empty(), Optional.empty());
        assertEquals("ERROR: server trust-point pending has no identity certificate; enroll it (crypto:ca-enroll)"
                + " or import one (crypto:ca-import) first",
                assertThrows(ValidationException.class, () -> proxy.serverEngine("inbound")).getMessage());
        assertEquals("ERROR: tls-proxy inbound has no client trust-point; configure one with tls-proxy inbound"
                + " client trust-point <name>", assertThrows(ValidationException.class,
                        () -> proxy.clientEngine("inbound", null)).getMessage());
        assertEquals("ERROR: tls-proxy other does not exist",
                assertThrows(ValidationException.class, () -> proxy.serverEngine("other")).getMessage());
        pki.removeTrustpoint("pending");
        assertEquals("ERROR: server trust-point pending does not exist",
                assertThrows(ValidationException.class, () -> proxy.serverEngine("inbound")).getMessage());
    }

    @Test
    void mutualTls13WithAnOpensslPeerRecordsTheSession() throws Exception {
        inboundInstance();
        Outcome o = handshake("-cert", "client.pem", "-key", "client.key");
        assertTrue(o.appliance().startsWith("OK ent-b.example TLSv1.3 TLS_AES_"), o.appliance());
        assertEquals(0, o.client().exit(), o.client().output());
        assertTrue(o.client().output().contains("Verification: OK"), o.client().output());
        assertTrue(o.client().output().contains(SERVER_LINE), o.client().output());
        assertEquals(1, proxy.statistics().handshakesCompleted());
        assertEquals(0, proxy.statistics().activeSessions());
        assertEquals(List.of(), proxy.sessions());
    }

    @Test
    void tls12NegotiatesAnEcdheAeadSuite() throws Exception {
        inboundInstance();
        Outcome o = handshake("-tls1_2", "-cert", "client.pem", "-key", "client.key");
        assertTrue(o.appliance().startsWith("OK ent-b.example TLSv1.2 TLS_ECDHE_RSA_WITH_AES_"), o.appliance());
        assertTrue(o.appliance().contains("_GCM_"), o.appliance());
        assertEquals(0, o.client().exit(), o.client().output());
    }

    @Test
    void tls10AndTls11AreRefused() throws Exception {
        inboundInstance();
        for (String version : List.of("-tls1", "-tls1_1")) {
            Outcome o = handshake(version, "-cipher", "DEFAULT@SECLEVEL=0", "-cert", "client.pem",
                    "-key", "client.key");
            refused(o);
        }
        assertEquals(2, proxy.statistics().handshakesFailed());
        assertEquals(Map.of("SSLHandshakeException", 2L), proxy.failureReasons());
    }

    @Test
    void nullSuitesAreRefusedAndTripleDesIsNeverEnabled() throws Exception {
        inboundInstance();
        proxy.sslEncryption(List.of("aes128-sha1", "3des-sha1"));
        assertEquals(1, proxy.serverEngine("inbound").getEnabledCipherSuites().length);
        // a peer offering only NULL (the openssl of the test machine has no DES or 3DES suites left to offer;
        // the runtime's supported list has none either, which the engine assertion above shows)
        refused(handshake("-tls1_2", "-cipher", "NULL-SHA@SECLEVEL=0", "-cert", "client.pem", "-key", "client.key"));
        // the configured AES suite is what a TLS 1.2 peer gets
        Outcome ok = handshake("-tls1_2", "-cipher", "AES128-SHA", "-cert", "client.pem", "-key", "client.key");
        assertEquals("OK ent-b.example TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA", ok.appliance(), ok.client().output());
    }

    @Test
    void aClientWithoutCertificateOrFromAnUnauthenticatedCaIsRefused() throws Exception {
        inboundInstance();
        refused(handshake());
        makeCa("rogue", "Rogue CA");
        makePeer("rogue", "intruder", "intruder.example");
        refused(handshake("-cert", "intruder.pem", "-key", "intruder.key"));
        assertEquals(2, proxy.statistics().handshakesFailed());
        assertEquals(0, proxy.statistics().handshakesCompleted());
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        inboundInstance();
        Instant now = Instant.now();
        TestCa ca = new TestCa("Expiring CA", now.minus(400, ChronoUnit.DAYS), now.plus(400, ChronoUnit.DAYS));
        pki.defineTrustpoint(TrustpointSpec.named("expiring-ca"));
        pki.authenticate("expiring-ca", ca.pem());
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair keys = g.generateKeyPair();
        Files.writeString(tmp.resolve("old.pem"), Pem.format(ca.issue(new X500Name("CN=old.example"),
                keys.getPublic(), now.minus(60, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS))));
        Files.writeString(tmp.resolve("old.key"), Pem.format("PRIVATE KEY", keys.getPrivate().getEncoded()));
        // the same CA issuing a valid certificate is accepted, so the refusal is the expiry
        Files.writeString(tmp.resolve("fresh.pem"), Pem.format(ca.issue(new X500Name("CN=fresh.example"),
                keys.getPublic(), now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS))));
        Outcome fresh = handshake("-cert", "fresh.pem", "-key", "old.key");
        assertTrue(fresh.appliance().startsWith("OK fresh.example TLSv1.3"), fresh.appliance());
        Outcome old = handshake("-cert", "old.pem", "-key", "old.key");
        refused(old);
    }

    @Test
    void overTheLimitTheConnectionIsRefusedBeforeTheHandshake() throws Exception {
        inboundInstance();
        proxy.maximumSessions(1);
        TlsSession held = proxy.admit("inbound", TlsRole.SERVER, LOCAL, new InetSocketAddress("127.0.0.9", 1))
                .orElseThrow();
        Outcome o = handshake("-cert", "client.pem", "-key", "client.key");
        assertEquals("REFUSED", o.appliance());
        assertNotEquals(0, o.client().exit(), o.client().output());
        assertEquals(1, proxy.statistics().refusedOverLimit());
        assertEquals(1, alerts.size());
        List<TlsSessionInfo> sessions = proxy.sessions();
        assertEquals(1, sessions.size());
        assertEquals("handshaking", sessions.get(0).state());
        held.close();
        assertEquals(2, alerts.size());
        assertTrue(handshake("-cert", "client.pem", "-key", "client.key").appliance().startsWith("OK"));
        assertTrue(saved.contains("global [] OptionalInt[1]"), saved.toString());
    }
}
