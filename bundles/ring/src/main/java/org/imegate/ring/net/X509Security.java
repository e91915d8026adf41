package org.imegate.ring.net;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.imegate.ring.Identity;
import org.imegate.ring.NodeId;
import org.imegate.ring.RingSecurityException;
import org.imegate.ring.Verifier;

/**
 * X.509 identities of the ring. The Node-ID bound to a certificate is the first 128 bits of the SHA-256
 * of its SubjectPublicKeyInfo (DER); a certificate issued by {@code ime:dht-issue-certificate} also names it
 * in a subjectAltName URI {@code reload://<node-id hex>@<overlay>/} (RFC 6940 §13.3), and a certificate
 * that names a different Node-ID there is refused. Only certificates signed by the enrollment CA and
 * valid now are accepted.
 */
public final class X509Security {

    private X509Security() {
    }

    /** The Node-ID of a public key: SHA-256(SubjectPublicKeyInfo DER), first 16 bytes. */
    public static NodeId nodeIdOf(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return NodeId.of(Arrays.copyOf(h, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    static String algorithm(PublicKey k) {
        return "EC".equals(k.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** This node's identity: its key and enrolled certificate. */
    public static Identity identity(PrivateKey key, X509Certificate cert) {
        NodeId id = nodeIdOf(cert.getPublicKey());
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
        String alg = algorithm(cert.getPublicKey());
        return new Identity() {
            @Override
            public NodeId nodeId() {
                return id;
            }

            @Override
            public byte[] certificate() {
                return der.clone();
            }

            @Override
            public int signatureAlgorithm() {
                return alg.endsWith("ECDSA") ? 3 : 1;
            }

            @Override
            public byte[] sign(byte[] data) {
                try {
                    Signature s = Signature.getInstance(alg);
                    s.initSign(key);
                    s.update(data);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot sign with the ring identity", e);
                }
            }
        };
    }

    /** Checks a certificate: signed by {@code ca}, valid now, Node-ID consistent. */
    public static NodeId check(X509Certificate cert, X509Certificate ca, String overlay, Clock clock)
            throws RingSecurityException {
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new RingSecurityException("certificate of " + cert.getSubjectX500Principal().getName()
                    + " is not issued by the enrollment CA");
        }
        try {
            cert.checkValidity(java.util.Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new RingSecurityException("certificate of " + cert.getSubjectX500Principal().getName()
                    + " is not valid now: " + e.getMessage());
        }
        NodeId id = nodeIdOf(cert.getPublicKey());
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0)) && san.get(1) instanceof String uri
                            && uri.toLowerCase(Locale.ROOT).startsWith("reload://")) {
                        String named = uri.substring(9, Math.max(9, uri.indexOf('@')));
                        if (!named.equalsIgnoreCase(id.hex())) {
                            throw new RingSecurityException("certificate names Node-ID " + named + " but its key yields "
                                    + id);
                        }
                        if (!uri.contains("@" + overlay)) {
                            throw new RingSecurityException("certificate is for another overlay: " + uri);
                        }
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new RingSecurityException("unreadable subjectAltName", e);
        }
        return id;
    }

    /** The verifier of an overlay whose enrollment CA is {@code ca}; the configuration is signed with the CA key. */
    public static Verifier verifier(X509Certificate ca, String overlay, Clock clock) {
        return new Verifier() {
            @Override
            public NodeId nodeIdOf(byte[] certificate) throws RingSecurityException {
                try {
                    return check(parse(certificate), ca, overlay, clock);
                } catch (GeneralSecurityException e) {
                    throw new RingSecurityException("unreadable certificate", e);
                }
            }

            @Override
            public boolean verify(byte[] certificate, byte[] data, byte[] signature) {
                try {
                    X509Certificate c = parse(certificate);
                    Signature s = Signature.getInstance(algorithm(c.getPublicKey()));
                    s.initVerify(c.getPublicKey());
                    s.update(data);
                    return s.verify(signature);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }

            @Override
            public boolean verifyConfiguration(byte[] document, byte[] signature) {
                try {
                    Signature s = Signature.getInstance(algorithm(ca.getPublicKey()));
                    s.initVerify(ca.getPublicKey());
                    s.update(document);
                    return s.verify(signature);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }
        };
    }

    /** Signs an overlay configuration document with the enrollment CA's key. */
    public static byte[] signConfiguration(byte[] document, PrivateKey caKey, X509Certificate ca) {
        try {
            Signature s = Signature.getInstance(algorithm(ca.getPublicKey()));
            s.initSign(caKey);
            s.update(document);
            return org.imegate.ring.OverlayConfig.signed(document, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the overlay configuration", e);
        }
    }
}
