package org.imegate.ring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Simulation credentials: the "certificate" is "SIM" + the Node-ID, signatures are HMAC-SHA256 under a
 * key only the simulated enrollment authority (this class) knows. Fast enough for 10,000 nodes in one
 * JVM; the TLS deployment uses X.509 ({@code X509Security}).
 */
public final class SimIdentity implements Identity {
    private static final byte[] AUTHORITY = "imegate ring simulation authority".getBytes(StandardCharsets.US_ASCII);
    private final NodeId id;

    public SimIdentity(NodeId id) {
        this.id = id;
    }

    @Override
    public NodeId nodeId() {
        return id;
    }

    @Override
    public byte[] certificate() {
        byte[] c = new byte[19];
        c[0] = 'S';
        c[1] = 'I';
        c[2] = 'M';
        System.arraycopy(id.bytes(), 0, c, 3, 16);
        return c;
    }

    @Override
    public int signatureAlgorithm() {
        return 0;
    }

    @Override
    public byte[] sign(byte[] data) {
        return mac(id, data);
    }

    static byte[] mac(NodeId id, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(AUTHORITY, "HmacSHA256"));
            m.update(id.bytes());
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The matching verifier; {@code refused} lists Node-IDs whose "certificate" the authority never issued. */
    public static Verifier verifier(Set<NodeId> refused) {
        return new Verifier() {
            @Override
            public NodeId nodeIdOf(byte[] certificate) throws RingSecurityException {
                if (certificate.length != 19 || certificate[0] != 'S') {
                    throw new RingSecurityException("not a simulation certificate");
                }
                NodeId n = NodeId.of(Arrays.copyOfRange(certificate, 3, 19));
                if (refused.contains(n)) {
                    throw new RingSecurityException("certificate of " + n + " not issued by the enrollment authority");
                }
                return n;
            }

            @Override
            public boolean verify(byte[] certificate, byte[] data, byte[] signature) {
                NodeId n = NodeId.of(Arrays.copyOfRange(certificate, 3, 19));
                return java.security.MessageDigest.isEqual(mac(n, data), signature);
            }

            @Override
            public boolean verifyConfiguration(byte[] document, byte[] signature) {
                return java.security.MessageDigest.isEqual(mac(new NodeId(0, 0), document), signature);
            }
        };
    }

    /** Signs a configuration document as the simulated authority. */
    public static byte[] signConfiguration(OverlayConfig c) {
        byte[] doc = c.document();
        return OverlayConfig.signed(doc, mac(new NodeId(0, 0), doc));
    }

    static Set<NodeId> none() {
        return ConcurrentHashMap.newKeySet();
    }
}
