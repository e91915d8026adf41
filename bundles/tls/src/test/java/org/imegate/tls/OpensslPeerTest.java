package org.imegate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's PKI against a real peer: the openssl command line tools. */
class OpensslPeerTest {
    private static final String DN = "cn=enterprise-a.example, o=\"Example Corp\"";
    private static final String SERVER_LINE = "hello from imegate";
    private static final int SOCKET_TIMEOUT_MS = 30_000;

    @TempDir
    Path tmp;

    private Openssl openssl;
    private PkiStore store;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        openssl = new Openssl(tmp);
        store = new PkiStore(tmp.resolve("tls"), new MasterKeySecretBox(tmp.resolve("master.key")), Clock.systemUTC());
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    private String terminalRequest() throws Exception {
        store.generateRsaKeyPair("ime-key", 2048);
        store.defineTrustpoint(TrustpointSpec.named("ime").withSubjectName(DN).withKeyPair("ime-key")
                .withEnrollMode(EnrollMode.TERMINAL));
        String csr = store.enroll("ime").requestPem().orElseThrow();
        Files.writeString(tmp.resolve("csr.pem"), csr);
        return csr;
    }

    /** A CA made with openssl: {@code <name>.pem} and {@code <name>.key}. */
    private void makeCa(String name, String commonName) throws Exception {
        openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", "/CN=" + commonName, "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign").ok();
    }

    /** Signs {@code csr} with CA {@code ca} into {@code out}, an end-entity certificate for {@code dns}. */
    private void sign(String ca, String csr, String out, String dns) throws Exception {
        Path ext = tmp.resolve(out + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nsubjectAltName=DNS:" + dns + "\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl.run("x509", "-req", "-in", csr, "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", out, "-days", "30", "-extfile", ext.toString()).ok();
    }

    /** A peer identity made by openssl: {@code <name>.pem}, {@code <name>.key}, signed by CA {@code ca}. */
    private void makePeer(String ca, String name, String dns) throws Exception {
        openssl.run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + dns).ok();
        sign(ca, name + ".csr", name + ".pem", dns);
    }

    /** Terminal enrollment answered by an openssl CA "ca", which is then authenticated. */
    private CertificateInfo enrolledByOpensslCa() throws Exception {
        terminalRequest();
        makeCa("ca", "Test Root CA");
        sign("ca", "csr.pem", "id.pem", "enterprise-a.example");
        store.authenticate("ime", Files.readString(tmp.resolve("ca.pem")));
        return store.importCertificate("ime", Files.readString(tmp.resolve("id.pem")));
    }

    @Test
    void opensslVerifiesTheCertificationRequest() throws Exception {
        terminalRequest();
        Openssl.Result verify = openssl.run("req", "-verify", "-noout", "-in", "csr.pem").ok();
        assertTrue(verify.output().contains("verify OK"), verify.output());
        Openssl.Result text = openssl.run("req", "-noout", "-text", "-in", "csr.pem").ok();
        assertTrue(text.output().contains("DNS:enterprise-a.example"), text.output());
        assertTrue(text.output().contains("sha256WithRSAEncryption"), text.output());
        Openssl.Result subject = openssl.run("req", "-noout", "-subject", "-nameopt", "RFC2253", "-in", "csr.pem")
                .ok();
        assertEquals("subject=CN=enterprise-a.example,O=Example Corp", subject.output().strip());
    }

    @Test
    void importsTheAnswerOfAnOpensslCa() throws Exception {
        CertificateInfo identity = enrolledByOpensslCa();
        assertEquals("CN=enterprise-a.example,O=Example Corp", identity.subject());
        assertEquals("CN=Test Root CA", identity.issuer());
        TrustpointInfo tp = store.trustpoint("ime").orElseThrow();
        assertFalse(tp.requestPending());
        assertEquals(1, tp.caCertificates().size());
        long revision = store.revision();
        ValidationException e = assertThrows(ValidationException.class,
                () -> store.importCertificate("ime", Files.readString(tmp.resolve("ca.pem"))));
        assertTrue(e.getMessage().contains("is a CA certificate"), e.getMessage());
        assertTrue(e.getMessage().contains("ca-authenticate"), e.getMessage());
        assertEquals(revision, store.revision());
    }

    @Test
    void opensslReadsAndVerifiesTheExportedIdentity() throws Exception {
        CertificateInfo identity = enrolledByOpensslCa();
        Files.writeString(tmp.resolve("id-export.pem"), store.exportIdentityCertificate("ime"));
        Openssl.Result shown = openssl.run("x509", "-noout", "-subject", "-serial", "-nameopt", "RFC2253",
                "-in", "id-export.pem").ok();
        List<String> lines = shown.output().strip().lines().toList();
        assertEquals("subject=" + identity.subject(), lines.get(0));
        assertEquals(new BigInteger(identity.serialNumber(), 16),
                new BigInteger(lines.get(1).substring("serial=".length()), 16));
        Openssl.Result verify = openssl.run("verify", "-CAfile", "ca.pem", "id-export.pem").ok();
        assertTrue(verify.output().contains("id-export.pem: OK"), verify.output());

        // a self-enrolled identity as openssl sees it
        store.generateRsaKeyPair("self-key", 2048);
        store.defineTrustpoint(TrustpointSpec.named("self").withSubjectName("cn=self.example")
                .withKeyPair("self-key").withEnrollMode(EnrollMode.SELF));
        CertificateInfo self = store.enroll("self").certificate().orElseThrow();
        Files.writeString(tmp.resolve("self.pem"), store.exportIdentityCertificate("self"));
        Openssl.Result text = openssl.run("x509", "-noout", "-text", "-in", "self.pem").ok();
        assertTrue(text.output().contains("DNS:self.example"), text.output());
        assertTrue(text.output().contains("CA:FALSE"), text.output());
        assertTrue(text.output().contains("TLS Web Server Authentication, TLS Web Client Authentication"),
                text.output());
        Openssl.Result fingerprint = openssl.run("x509", "-noout", "-fingerprint", "-sha256", "-in", "self.pem").ok();
        assertEquals(self.sha256Fingerprint(), fingerprint.output().strip().replaceFirst(".*=", "")
                .replace(":", "").toLowerCase());
    }

    @Test
    void pkcs12InteroperatesWithOpenssl() throws Exception {
        enrolledByOpensslCa();
        Files.write(tmp.resolve("ime.p12"), store.exportPkcs12("ime", "export-pass".toCharArray()));
        Openssl.Result certs = openssl.run("pkcs12", "-in", "ime.p12", "-passin", "pass:export-pass", "-nokeys").ok();
        assertTrue(certs.output().contains("subject=O = Example Corp, CN = enterprise-a.example"), certs.output());
        assertTrue(certs.output().contains("subject=CN = Test Root CA"), certs.output());
        Openssl.Result keys = openssl.run("pkcs12", "-in", "ime.p12", "-passin", "pass:export-pass", "-nocerts",
                "-nodes").ok();
        assertTrue(keys.output().contains("-----BEGIN PRIVATE KEY-----"), keys.output());
        Openssl.Result wrong = openssl.run("pkcs12", "-in", "ime.p12", "-passin", "pass:not-the-pass", "-nokeys");
        assertNotEquals(0, wrong.exit());

        makePeer("ca", "peer", "peer.example");
        openssl.run("pkcs12", "-export", "-in", "peer.pem", "-inkey", "peer.key", "-certfile", "ca.pem",
                "-name", "peer", "-out", "peer.p12", "-passout", "pass:openssl-pass").ok();
        byte[] p12 = Files.readAllBytes(tmp.resolve("peer.p12"));
        long revision = store.revision();
        ValidationException e = assertThrows(ValidationException.class,
                () -> store.importPkcs12("peer", p12, "wrong-pass".toCharArray()));
        assertEquals("passphrase", e.parameter());
        assertEquals(revision, store.revision());
        TrustpointInfo imported = store.importPkcs12("peer", p12, "openssl-pass".toCharArray());
        assertEquals("CN=peer.example", imported.identity().orElseThrow().subject());
        assertEquals(List.of("CN=Test Root CA"), imported.caCertificates().stream().map(CertificateInfo::subject)
                .toList());
        assertEquals(2048, store.keyPair("peer").orElseThrow().bits());
        assertEquals(List.of("peer"), store.keyPair("peer").orElseThrow().trustpoints());
    }

    // ------------------------------------------------------------------ TLS

    /** Result of the appliance side of one connection. */
    private Future<String> serveOnce(SSLServerSocket server) {
        return executor.submit(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(SOCKET_TIMEOUT_MS);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write((SERVER_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return "OK " + socket.getSession().getPeerPrincipal().getName();
            } catch (IOException e) {
                return "FAILED " + e;
            }
        });
    }

    private SSLServerSocket listen(SSLContext context) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setNeedClientAuth(true);
        server.setSoTimeout(SOCKET_TIMEOUT_MS);
        return server;
    }

    private Openssl.Result connect(int port, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-verify_return_error", "-brief", "-ign_eof"));
        args.addAll(List.of(options));
        return openssl.run(args.toArray(new String[0]));
    }

    @Test
    void mutualTlsWithAnOpensslPeer() throws Exception {
        enrolledByOpensslCa();
        makePeer("ca", "client", "peer.example");
        try (SSLServerSocket server = listen(store.sslContext("ime"))) {
            Future<String> served = serveOnce(server);
            Openssl.Result client = connect(server.getLocalPort(), "-CAfile", "ca.pem", "-cert", "client.pem",
                    "-key", "client.key");
            String appliance = served.get(60, TimeUnit.SECONDS);
            assertEquals("OK CN=peer.example", appliance, client.output());
            assertEquals(0, client.exit(), client.output());
            assertTrue(client.output().contains("Verification: OK"), client.output());
            assertTrue(client.output().contains(SERVER_LINE), client.output());
            assertTrue(client.output().contains("TLSv1.3"), client.output());
        }
    }

    @Test
    void refusesAPeerFromAnUnauthenticatedCa() throws Exception {
        enrolledByOpensslCa();
        makeCa("rogue", "Rogue CA");
        makePeer("rogue", "intruder", "intruder.example");
        try (SSLServerSocket server = listen(store.sslContext("ime"))) {
            Future<String> served = serveOnce(server);
            Openssl.Result client = connect(server.getLocalPort(), "-CAfile", "ca.pem", "-cert", "intruder.pem",
                    "-key", "intruder.key");
            String appliance = served.get(60, TimeUnit.SECONDS);
            assertTrue(appliance.startsWith("FAILED javax.net.ssl.SSLHandshakeException"), appliance);
            assertNotEquals(0, client.exit(), client.output());
            assertFalse(client.output().contains(SERVER_LINE), client.output());
        }
    }

    @Test
    void aSelfSignedIdentityIsNotTrustedByAPeerThatDidNotAuthenticateIt() throws Exception {
        enrolledByOpensslCa();
        store.generateRsaKeyPair("self-key", 2048);
        store.defineTrustpoint(TrustpointSpec.named("self").withSubjectName("cn=self.example")
                .withKeyPair("self-key").withEnrollMode(EnrollMode.SELF));
        store.enroll("self");
        makePeer("ca", "client", "peer.example");
        try (SSLServerSocket server = listen(store.sslContext("self"))) {
            Future<String> served = serveOnce(server);
            Openssl.Result client = connect(server.getLocalPort(), "-cert", "client.pem", "-key", "client.key");
            String appliance = served.get(60, TimeUnit.SECONDS);
            assertNotEquals(0, client.exit(), client.output());
            assertTrue(client.output().contains("self-signed certificate"), client.output());
            assertTrue(appliance.startsWith("FAILED"), appliance);
        }
    }
}
