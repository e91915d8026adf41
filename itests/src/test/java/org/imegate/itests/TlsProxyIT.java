package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The inbound TLS proxy at the outside SIP/TLS listener (127.0.0.3:5061) against real clients: openssl
 * s_client for the handshake policy (client certificate from the federation CA required, TLS 1.2 and 1.3
 * only, no NULL suites) and Java TLS connections with enterprise B's identity for the session limit. Every
 * refusal is counted in the JMX counters of {@code org.imegate:type=tls,name=proxy}.
 */
public class TlsProxyIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private static ApplianceProcess appliance;
    private static Path work;
    private static SipPeers peers;
    private static Path ca;

    @Rule
    public Timeout timeout = new Timeout(300, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAndConfigure() throws Exception {
        peers = SipPeers.boot("tlsproxy", "nonsecure");
        appliance = peers.appliance();
        work = peers.work();
        try {
            ca = peers.ca().certificate();
            // an intruder certified by a CA the appliance does not trust
            new OpensslCa(work.resolve("rogue"), "Rogue CA").issue("intruder", "intruder.example");
            expiredCertificate("old-b", "old-b.example");
        } catch (Throwable t) {
            peers.close();
            throw t;
        }
    }

    /**
     * A certificate from the federation CA that expired (valid in January 2024). openssl 3.0's {@code x509 -req}
     * has no {@code -not_before}/{@code -not_after} (3.4 and later), so {@code openssl ca} with explicit
     * {@code -startdate}/{@code -enddate} and a minimal CA configuration signs it.
     */
    private static void expiredCertificate(String name, String cn) throws Exception {
        Path dir = work.resolve("ca");
        Path csr = dir.resolve(name + ".csr");
        OpensslCa.tool(dir, "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
                dir.resolve(name + ".key").toString(), "-subj", "/CN=" + cn, "-out", csr.toString());
        Path db = Files.createDirectories(work.resolve("expired-ca"));
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "1000\n");
        Files.writeString(db.resolve("ca.cnf"), "[ca]\ndefault_ca = expired\n[expired]\ndatabase = " + db.resolve("index.txt")
                + "\nnew_certs_dir = " + db + "\nserial = " + db.resolve("serial") + "\ndefault_md = sha256\npolicy = any\n"
                + "[any]\ncommonName = supplied\n");
        Files.writeString(db.resolve("ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:" + cn + "\n");
        OpensslCa.tool(db, "openssl", "ca", "-batch", "-config", db.resolve("ca.cnf").toString(), "-cert",
                peers.ca().certificate().toString(), "-keyfile", peers.ca().key().toString(), "-in", csr.toString(),
                "-out", dir.resolve(name + ".pem").toString(), "-startdate", "20240101000000Z", "-enddate",
                "20240201000000Z", "-extfile", db.resolve("ext").toString(), "-notext");
        String dates = OpensslCa.tool(dir, "openssl", "x509", "-in", dir.resolve(name + ".pem").toString(), "-noout",
                "-enddate");
        assertTrue(dates, dates.contains("notAfter=Feb  1 00:00:00 2024 GMT"));
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    public void enterpriseBCompletesTheHandshakeAndIsShownWhileConnected() throws Exception {
        long completed = counter("HandshakesCompleted");
        long failed = counter("HandshakesFailed");
        Path log = work.resolve("s_client-enterprise-b.log");
        List<String> cmd = sClient(false, "-cert", cert("enterprise-b"), "-key", key("enterprise-b"));
        Process client = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            awaitText(log, "CONNECTION ESTABLISHED", client);
            String shown = appliance.await(ApplianceProcess.ADMIN, "tls-proxy:show-session",
                    t -> t.contains("enterprise-b.example"), Duration.ofSeconds(20));
            assertTrue(shown, shown.contains("enterprise-b.example"));
            assertTrue(shown, shown.matches("(?s).*\\RRemote \\.+ 127\\.0\\.0\\.1:\\d+\\R.*"));
            assertTrue(shown, shown.matches("(?s).*\\RLocal \\.+ 127\\.0\\.0\\.3:5061\\R.*"));
            assertTrue(shown, shown.matches("(?s).*\\RPeer Domain \\.+ enterprise-b\\.example\\R.*"));
            assertEquals(completed + 1, peers.awaitCounter(SipPeers.TLS_PROXY, "HandshakesCompleted", completed + 1,
                    Duration.ofSeconds(10)));
            assertTrue(counter("ActiveSessions") >= 1);
            // closing standard input ends the client (close_notify) and the session
            client.getOutputStream().close();
            assertTrue("s_client did not end", client.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(Files.readString(log), 0, client.exitValue());
            String text = Files.readString(log);
            assertTrue(text, text.contains("Verification: OK"));
            assertTrue(text, text.matches("(?s).*Protocol version: TLSv1\\.[23].*"));
        } finally {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
        String after = appliance.await(ApplianceProcess.ADMIN, "tls-proxy:show-session",
                t -> !t.contains("enterprise-b.example"), Duration.ofSeconds(20));
        assertFalse(after, after.contains("enterprise-b.example"));
        assertEquals(failed, counter("HandshakesFailed"));
    }

    @Test
    public void untrustedExpiredAndMissingClientCertificatesAreRefused() throws Exception {
        assertReasons(
                refused("certificate from an untrusted CA", "certificate", "-cert",
                        work.resolve("rogue/intruder.pem").toString(), "-key", work.resolve("rogue/intruder.key").toString()),
                refused("expired certificate", "certificate", "-cert", cert("old-b"), "-key", key("old-b")),
                refused("no client certificate", "certificate"),
                refused("no client certificate, TLS 1.2", "certificate", "-tls1_2"));
    }

    /**
     * TLS 1.0 and 1.1, and a client offering only NULL encryption, are refused. This openssl (3.0) has no DES or
     * 3DES suites left to offer ({@code openssl ciphers DES-CBC3-SHA@SECLEVEL=0} answers "no cipher match"), which
     * the last assertion shows; the weak-cipher case is covered by the NULL suites.
     */
    @Test
    public void oldProtocolsAndNullCiphersAreRefused() throws Exception {
        String withB = "-cert " + cert("enterprise-b") + " -key " + key("enterprise-b");
        String[] reasons = {
            refused("TLS 1.0", "protocol", args("-tls1 -cipher DEFAULT@SECLEVEL=0 " + withB)),
            refused("TLS 1.1", "protocol", args("-tls1_1 -cipher DEFAULT@SECLEVEL=0 " + withB)),
            refused("NULL-SHA only", "cipher", args("-tls1_2 -cipher NULL-SHA@SECLEVEL=0 " + withB)),
            refused("eNULL only", "cipher", args("-tls1_2 -cipher eNULL@SECLEVEL=0 " + withB))};
        Process p = new ProcessBuilder("openssl", "ciphers", "DES-CBC3-SHA:DES-CBC-SHA@SECLEVEL=0")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue("this openssl offers DES suites; add a DES refusal case: " + out, out.contains("no cipher match"));
        assertReasons(reasons);
    }

    private static String[] args(String line) {
        return line.split(" ");
    }

    @Test
    public void theSessionLimitRefusesAThirdHandshakeWhileEstablishedSessionsCarrySip() throws Exception {
        long maximum = counter("MaximumSessions");
        long overLimit = counter("RefusedOverLimit");
        SSLContext context = peers.tlsContext("enterprise-b");
        assertEquals("sessions left over from another test", 0, awaitActive(0));
        peers.admin("tls-proxy:maximum-sessions 2");
        try (Peer cucm = peers.sipp("cucm-options", List.of("-sf", peers.scenario("uas-options.xml"), "-t", "t1", "-i",
                SipPeers.CUCM, "-p", "5060", "-m", "2"))) {
            cucm.awaitListening(new InetSocketAddress(SipPeers.CUCM, 5060), Duration.ofSeconds(20));
            assertEquals(2, counter("MaximumSessions"));
            try (SSLSocket first = SipPeers.connectOutside(context, Duration.ofSeconds(10));
                 SSLSocket second = SipPeers.connectOutside(context, Duration.ofSeconds(10))) {
                assertEquals(2, awaitActive(2));
                try (SSLSocket third = SipPeers.connectOutside(context, Duration.ofSeconds(5))) {
                    // with TLS 1.3 the client may finish first: the first read shows whether the appliance kept it
                    String answer = SipPeers.readSipMessage(third.getInputStream(), 4096);
                    fail("third TLS session admitted over the limit of 2 (" + answer + ")");
                } catch (IOException refusedBeforeTheHandshake) {
                    // the appliance closed the connection at accept time
                }
                assertEquals(overLimit + 1, peers.awaitCounter(SipPeers.TLS_PROXY, "RefusedOverLimit", overLimit + 1,
                        Duration.ofSeconds(10)));
                assertEquals(2, counter("ActiveSessions"));
                assertEquals(200, options(first, "limit-1"));
                assertEquals(200, options(second, "limit-2"));
            }
            assertEquals("call agent saw failures:\n" + cucm.log(), 0, cucm.awaitExit(Duration.ofSeconds(30)));
        } finally {
            peers.admin("tls-proxy:maximum-sessions " + maximum);
        }
        assertEquals(maximum, counter("MaximumSessions"));
        assertEquals(0, awaitActive(0));
    }

    // ------------------------------------------------------------------ helpers

    /** Sends an OPTIONS over an established connection; returns the final status code (-1 if none arrived). */
    private static int options(SSLSocket socket, String id) throws IOException {
        String local = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        String request = "OPTIONS sip:+14085551234@127.0.0.3:5061;transport=tls SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-" + id + "\r\n"
                + "From: <sip:probe@enterprise-b.example>;tag=" + id + "\r\n"
                + "To: <sip:+14085551234@enterprise-a.example>\r\n"
                + "Call-ID: " + id + "@enterprise-b.example\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        for (int i = 0; i < 5; i++) {
            String response = SipPeers.readSipMessage(in, 65536);
            int code = SipPeers.statusOf(response);
            if (code < 0 || code >= 200) {
                assertTrue(String.valueOf(response), response == null || response.contains("Call-ID: " + id));
                return code;
            }
        }
        return -1;
    }

    /**
     * Runs openssl s_client against the outside listener with standard input closed and {@code -ign_eof}, so it
     * reads until the appliance ends the connection; asserts the client failed and HandshakesFailed grew by one
     * while HandshakesCompleted did not. Returns null when the failure was counted under {@code reason} in
     * {@code tls-proxy:show-session} (certificate, protocol, cipher, handshake), else what was counted.
     */
    private static String refused(String what, String reason, String... options) throws Exception {
        Map<String, Long> reasons = failureReasons();
        long failed = counter("HandshakesFailed");
        long completed = counter("HandshakesCompleted");
        Path log = work.resolve("s_client-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        Process client = new ProcessBuilder(sClient(true, options)).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            client.getOutputStream().close();
            if (!client.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail(what + ": the appliance kept the connection open (handshake accepted?):\n" + Files.readString(log));
            }
        } finally {
            client.destroyForcibly();
        }
        String text = Files.readString(log);
        assertNotEquals(what + " was not refused:\n" + text, 0, client.exitValue());
        assertEquals(what + ": HandshakesFailed\n" + text, failed + 1,
                peers.awaitCounter(SipPeers.TLS_PROXY, "HandshakesFailed", failed + 1, Duration.ofSeconds(10)));
        assertEquals(what + ": HandshakesCompleted", completed, counter("HandshakesCompleted"));
        Map<String, Long> after = failureReasons();
        if (after.getOrDefault(reason, 0L) != reasons.getOrDefault(reason, 0L) + 1) {
            return what + ": not counted as " + reason + " (failure reasons before " + reasons + ", after " + after + ")";
        }
        return null;
    }

    /** Asserts that every refusal was counted under the reason that names it. */
    private static void assertReasons(String... mismatches) {
        List<String> wrong = new ArrayList<>();
        for (String m : mismatches) {
            if (m != null) {
                wrong.add(m);
            }
        }
        assertEquals("handshake failure reasons in tls-proxy:show-session", List.of(), wrong);
    }

    /** The failure reasons of {@code tls-proxy:show-session} (the indented lines under Handshakes Failed). */
    private static Map<String, Long> failureReasons() throws Exception {
        Map<String, Long> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^  (\\S+) \\.+ (\\d+)$").matcher(peers.admin("tls-proxy:show-session"));
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static List<String> sClient(boolean ignoreEof, String... options) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.3:5061", "-CAfile",
                ca.toString(), "-brief", "-verify_return_error"));
        if (ignoreEof) {
            cmd.add("-ign_eof");
        }
        cmd.addAll(List.of(options));
        return cmd;
    }

    private static String cert(String name) {
        return work.resolve("ca/" + name + ".pem").toString();
    }

    private static String key(String name) {
        return work.resolve("ca/" + name + ".key").toString();
    }

    private static long counter(String attribute) throws Exception {
        return peers.counter(SipPeers.TLS_PROXY, attribute);
    }

    /** Waits until ActiveSessions equals {@code expected} (20 s at most); returns the last value. */
    private static long awaitActive(long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long value = counter("ActiveSessions");
        for (int i = 0; i < 400 && value != expected && System.nanoTime() < deadline; i++) {
            LockSupport.parkNanos(50_000_000L);
            value = counter("ActiveSessions");
        }
        return value;
    }

    /** Waits until the client's log shows {@code text}, or fails with the log when it exits or 20 s pass. */
    private static void awaitText(Path log, String text, Process client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; i < 400 && System.nanoTime() < deadline; i++) {
            String now = Files.exists(log) ? Files.readString(log) : "";
            if (now.contains(text)) {
                return;
            }
            if (!client.isAlive()) {
                fail("s_client exited with " + client.exitValue() + " before '" + text + "':\n" + now);
            }
            client.waitFor(50, TimeUnit.MILLISECONDS);
        }
        fail("no '" + text + "' within 20 s:\n" + Files.readString(log));
    }
}
