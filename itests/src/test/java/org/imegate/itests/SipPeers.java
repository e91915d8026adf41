package org.imegate.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * The real peers of the signaling tests and the appliance of enterprise A configured for them: a
 * federation CA (openssl) that certifies enterprise A (the appliance) and enterprise B (the remote peer),
 * SIPp scenarios, and stunnel in front of SIPp for SIP/TLS.
 *
 * <p>Addresses: the appliance's outside listener 127.0.0.3:5061 (TLS), inside 127.0.0.2:5070 (TCP) and
 * 127.0.0.2:5071 (TLS); the call agent {@value #CUCM}; enterprise B's TLS front {@value #REMOTE}:5061.
 */
public final class SipPeers {
    public static final String CUCM = "127.0.0.10";
    public static final String REMOTE = "127.0.0.20";
    public static final ObjectName MEDIA = name("org.imegate:type=media,name=termination");
    public static final ObjectName UC_IME = name("org.imegate:type=sip,name=uc-ime");
    public static final ObjectName TLS_PROXY = name("org.imegate:type=tls,name=proxy");
    public static final ObjectName TICKET = name("org.imegate:type=ticket,name=verifier");
    /** The number the remote enterprise calls, and holds a ticket for. */
    public static final String CALLED = "+14085551234";
    public static final int EPOCH = 1;

    private final ApplianceProcess appliance;
    private final Path work;
    private final OpensslCa ca;
    private final String ticketPassword = ticketPassword();
    private String ticket;

    private SipPeers(ApplianceProcess appliance, Path work, OpensslCa ca) {
        this.appliance = appliance;
        this.work = work;
        this.ca = ca;
    }

    /** A random ticket password from the seed's alphabet (0x21-0x73), 32 characters. */
    static String ticketPassword() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            b.append((char) (0x21 + r.nextInt(0x73 - 0x21 + 1)));
        }
        return b.toString();
    }

    /** Sets the ticket epoch and password over JMX, as a script would (the shell asks for the password). */
    public void configureTicket(int epoch, String password) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            c.getMBeanServerConnection().invoke(TICKET, "configure", new Object[] {epoch, password},
                    new String[] {"int", "java.lang.String"});
        }
    }

    public String ticketPasswordInForce() {
        return ticketPassword;
    }

    /** A valid ticket for enterprise B calling {@link #CALLED}, issued now under the configured epoch. */
    public synchronized String ticket() throws Exception {
        if (ticket == null) {
            ticket = Tickets.issue(ticketPassword, EPOCH, "enterprise-a.example", "enterprise-b.example",
                    List.of(CALLED), java.time.Instant.now());
        }
        return ticket;
    }

    /**
     * Enterprise A's appliance as an operator sets it up: identity certified by the federation CA, a
     * media-termination on both interfaces, the two TLS proxies, the uc-ime proxy with the call agent
     * ({@code trunkMode} nonsecure or secure) and SIP inspection applied in both directions.
     */
    public static SipPeers configure(ApplianceProcess appliance, Path work, String trunkMode) throws Exception {
        OpensslCa ca = new OpensslCa(work.resolve("ca"), "IME Federation CA");
        ca.issue("enterprise-b", "enterprise-b.example");
        ca.issue("cucm", "cucm.enterprise-a.example");
        SipPeers p = new SipPeers(appliance, work, ca);
        p.admin("crypto:key-generate rsa label ent-a-key modulus 2048");
        p.admin("crypto:ca-trustpoint ent-a subject-name cn=enterprise-a.example keypair ent-a-key enroll terminal");
        Path csr = work.resolve("ent-a.csr");
        p.admin("crypto:ca-enroll --file " + csr + " ent-a");
        Path signed = ca.sign(csr, "ent-a", "enterprise-a.example");
        p.admin("crypto:ca-authenticate --file " + ca.certificate() + " ent-a");
        p.admin("crypto:ca-import --file " + signed + " ent-a certificate");

        p.admin("media-termination:media-termination mt address 127.0.0.3 interface outside");
        p.admin("media-termination:media-termination mt address 127.0.0.2 interface inside");
        p.admin("tls-proxy:tls-proxy remote-to-local server trust-point ent-a client trust-point ent-a");
        p.admin("tls-proxy:tls-proxy local-to-remote server trust-point ent-a client trust-point ent-a");
        p.admin("uc-ime:uc-ime ent-a media-termination mt ucm address " + CUCM + " trunk-security-mode " + trunkMode);
        p.configureTicket(EPOCH, p.ticketPassword);
        p.admin("uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a");
        p.admin("uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote");
        return p;
    }

    /**
     * A fresh appliance for enterprise A, booted and {@link #configure configured}; stopped again when that
     * fails. {@code name} prefixes its work directory.
     */
    public static SipPeers boot(String name, String trunkMode) throws Exception {
        Path dir = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        ApplianceProcess appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), dir);
        Path work = Files.createTempDirectory(dir, name + "-");
        try {
            appliance.start();
            return configure(appliance, work, trunkMode);
        } catch (Throwable t) {
            appliance.close();
            throw t;
        }
    }

    public ApplianceProcess appliance() {
        return appliance;
    }

    /** Stops the appliance and checks its JVM is gone. */
    public void close() throws Exception {
        appliance.close();
        if (appliance.isRunning()) {
            throw new AssertionError("Karaf JVM " + appliance.pid() + " still running");
        }
    }

    public String admin(String command) throws Exception {
        return appliance.exec(ApplianceProcess.ADMIN, command);
    }

    public OpensslCa ca() {
        return ca;
    }

    public Path work() {
        return work;
    }

    /** SIPp with {@code args}, standard input closed, errors traced, a 90 s call timeout, enterprise B's ticket. */
    public Peer sipp(String name, List<String> args) throws Exception {
        return sipp(name, args, ticket());
    }

    /**
     * SIPp as {@link #sipp(String, List)} does, but presenting {@code ticket} as the value of the {@code ticket}
     * key (the scenario's {@code X-Cisco-UC-IME-Ticket} header) instead of the valid ticket.
     */
    public Peer sipp(String name, List<String> args, String ticket) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(args);
        cmd.addAll(List.of("-nostdin", "-trace_err", "-error_file", work.resolve(name + "-errors.log").toString(),
                "-timeout", "90", "-timeout_error", "-key", "ticket", ticket));
        // a peer named cucm-... is the call agent, whatever address it uses behind stunnel
        int i = args.indexOf("-i");
        boolean inside = name.startsWith("cucm") || i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(CUCM);
        if (!args.contains("profile")) {
            // the call agent speaks RTP; a remote enterprise offers and answers SRTP with an SDES key
            cmd.addAll(List.of("-key", "profile", inside ? "RTP/AVP" : "RTP/SAVP", "-key", "crypto",
                    inside ? "a=sendrecv" : "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + sdesKey()));
        }
        return Peer.start(name, work, cmd);
    }

    /** A random SDES inline key: a 16-byte master key and a 14-byte salt, base64 (RFC 4568 §6.1). */
    static String sdesKey() {
        byte[] key = new byte[30];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Every numeric attribute of {@code mbean} among {@code attributes}, read over one JMX connection. */
    public java.util.Map<String, Long> counters(ObjectName mbean, List<String> attributes) throws Exception {
        java.util.Map<String, Long> values = new java.util.LinkedHashMap<>();
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            for (String a : attributes) {
                values.put(a, ((Number) s.getAttribute(mbean, a)).longValue());
            }
        }
        return values;
    }

    /** The path of a SIPp scenario shipped in the test resources ({@code /sipp/<file>}). */
    public String scenario(String file) throws Exception {
        Path target = work.resolve(file);
        if (!Files.exists(target)) {
            try (var in = SipPeers.class.getResourceAsStream("/sipp/" + file)) {
                Files.copy(in, target);
            }
        }
        return target.toString();
    }

    /** A stunnel client: plain TCP on {@code accept}, TLS with {@code identity}'s certificate to {@code connect}. */
    public Peer stunnelClient(String name, String accept, String connect, String identity, String expectHost)
            throws Exception {
        Path conf = work.resolve(name + ".conf");
        Files.writeString(conf, "foreground = yes\npid =\ndebug = 5\n[" + name + "]\nclient = yes\naccept = " + accept
                + "\nconnect = " + connect + "\ncert = " + work.resolve("ca/" + identity + ".pem") + "\nkey = "
                + ca.keyOf(identity) + "\nCAfile = " + ca.certificate() + "\nverifyChain = yes\ncheckHost = " + expectHost
                + "\n");
        return Peer.start(name, work, List.of("stunnel4", conf.toString()));
    }

    /** A stunnel server: TLS on {@code accept} (client certificate required), plain TCP to {@code connect}. */
    public Peer stunnelServer(String name, String accept, String connect, String identity) throws Exception {
        Path conf = work.resolve(name + ".conf");
        Files.writeString(conf, "foreground = yes\npid =\ndebug = 5\n[" + name + "]\naccept = " + accept + "\nconnect = "
                + connect + "\ncert = " + work.resolve("ca/" + identity + ".pem") + "\nkey = " + ca.keyOf(identity)
                + "\nCAfile = " + ca.certificate() + "\nverifyChain = yes\n");
        return Peer.start(name, work, List.of("stunnel4", conf.toString()));
    }

    /** A numeric attribute of an imegate MBean, read with the JDK's JMX client. */
    public long counter(ObjectName mbean, String attribute) throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            return ((Number) s.getAttribute(mbean, attribute)).longValue();
        }
    }

    /** The appliance's outside SIP/TLS listener. */
    public static final InetSocketAddress OUTSIDE = new InetSocketAddress("127.0.0.3", 5061);

    /**
     * A TLS client context that presents {@code identity}'s key and certificate (the PEM files the federation
     * CA wrote, the key in PKCS#8) and trusts only the federation CA.
     */
    public SSLContext tlsContext(String identity) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(work.resolve("ca/" + identity + ".pem"))) {
            chain.addAll(x509.generateCertificates(in));
        }
        String pem = Files.readString(ca.keyOf(identity), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalStateException(ca.keyOf(identity) + " is not a PKCS#8 PEM key");
        }
        String b64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        char[] password = "changeit".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(identity, key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            trust.setCertificateEntry("federation-ca", x509.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * A TLS connection to the outside listener with {@code context}, handshake done from the client's side (with
     * TLS 1.3 the appliance may still refuse the client certificate afterwards); reads time out after {@code readTimeout}.
     */
    public static SSLSocket connectOutside(SSLContext context, Duration readTimeout) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            s.connect(OUTSIDE, 5000);
            s.setSoTimeout((int) readTimeout.toMillis());
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Reads one SIP message from a stream (header fields up to the empty line, then Content-Length octets of
     * body); null when the stream ends, is reset, or the read times out before a whole message arrived.
     */
    public static String readSipMessage(InputStream in, int maxOctets) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int c;
            while (head.size() < maxOctets && (c = in.read()) >= 0) {
                if (head.size() == 0 && (c == '\r' || c == '\n')) {
                    continue; // keep-alive CRLFs between messages
                }
                head.write(c);
                String text = head.toString(StandardCharsets.UTF_8);
                if (c == '\n' && (text.endsWith("\r\n\r\n") || text.endsWith("\n\n"))) {
                    byte[] body = in.readNBytes(contentLength(text));
                    return text + new String(body, StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IOException timeoutResetOrClosed) {
            // a read timeout, or the appliance closed or reset the connection: no (further) message
            return null;
        }
    }

    /** The status code of a response's status line, or -1 for anything else. */
    public static int statusOf(String message) {
        if (message == null || !message.startsWith("SIP/2.0 ") || message.length() < 11) {
            return -1;
        }
        try {
            return Integer.parseInt(message.substring(8, 11));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-length") || name.equals("l")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
        }
        return 0;
    }

    /** Waits (polling every 50 ms) until the JMX attribute reaches {@code atLeast}; returns the last value read. */
    public long awaitCounter(ObjectName mbean, String attribute, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            long value = ((Number) s.getAttribute(mbean, attribute)).longValue();
            for (int i = 0; i < 2000 && value < atLeast && System.nanoTime() < deadline; i++) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                value = ((Number) s.getAttribute(mbean, attribute)).longValue();
            }
            return value;
        }
    }

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
