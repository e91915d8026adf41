package org.imegate.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.imegate.ring.net.CertificateIssuer;
import org.imegate.ring.net.X509Security;
import org.junit.jupiter.api.Test;

class X509SecurityTest {
    private static final Clock CLOCK = Clock.systemUTC();

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static X509Certificate selfSigned(KeyPair k, String cn) throws Exception {
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=" + cn),
                BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + cn), k.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(k.getPrivate())));
    }

    static String csr(KeyPair k, String cn) throws Exception {
        var req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), k.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(k.getPrivate()));
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(req);
        }
        return w.toString();
    }

    static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes()));
    }

    @Test
    void theEnrollmentCaIssuesCertificatesThatBindTheNodeIdAndOthersAreRefused() throws Exception {
        KeyPair caKeys = rsa();
        X509Certificate ca = selfSigned(caKeys, "ring CA");
        KeyPair node = rsa();
        X509Certificate cert = parse(CertificateIssuer.issue(csr(node, "ring.a.example"), caKeys.getPrivate(), ca,
                RingSettings.OVERLAY, Duration.ofDays(365)));
        NodeId id = X509Security.nodeIdOf(node.getPublic());
        assertEquals(id, X509Security.check(cert, ca, RingSettings.OVERLAY, CLOCK));
        assertTrue(cert.getSubjectAlternativeNames().toString().contains("reload://" + id.hex() + "@"
                + RingSettings.OVERLAY + "/"));
        // another overlay, another CA, a certificate naming a Node-ID its key does not yield
        assertThrows(RingSecurityException.class, () -> X509Security.check(cert, ca, "other", CLOCK));
        KeyPair rogueKeys = rsa();
        X509Certificate rogue = selfSigned(rogueKeys, "rogue");
        X509Certificate foreign = parse(CertificateIssuer.issue(csr(node, "x"), rogueKeys.getPrivate(), rogue,
                RingSettings.OVERLAY, Duration.ofDays(1)));
        assertTrue(assertThrows(RingSecurityException.class, () -> X509Security.check(foreign, ca,
                RingSettings.OVERLAY, CLOCK)).getMessage().contains("not issued by the enrollment CA"));
        Instant now = Instant.now();
        X509Certificate lying = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=ring CA"), BigInteger.TEN, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), new X500Name("CN=liar"), node.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                        GeneralName.uniformResourceIdentifier, "reload://00000000000000000000000000000001@"
                        + RingSettings.OVERLAY + "/")))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        assertThrows(RingSecurityException.class, () -> X509Security.check(lying, ca, RingSettings.OVERLAY, CLOCK));
        // signatures and the configuration signature
        Identity me = X509Security.identity(node.getPrivate(), cert);
        Verifier v = X509Security.verifier(ca, RingSettings.OVERLAY, CLOCK);
        byte[] sig = me.sign(new byte[] {1, 2, 3});
        assertTrue(v.verify(me.certificate(), new byte[] {1, 2, 3}, sig));
        assertFalse(v.verify(me.certificate(), new byte[] {1, 2, 4}, sig));
        OverlayConfig c = new OverlayConfig(RingSettings.OVERLAY, 5, 0, Set.of(id.hex()), "hello", "1.0", 10);
        byte[][] signed = OverlayConfig.split(X509Security.signConfiguration(c.document(), caKeys.getPrivate(), ca));
        assertTrue(v.verifyConfiguration(signed[0], signed[1]));
        assertEquals(c, OverlayConfig.parse(signed[0]));
        assertFalse(X509Security.verifier(rogue, RingSettings.OVERLAY, CLOCK).verifyConfiguration(signed[0],
                signed[1]));
    }
}
