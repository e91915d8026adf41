package org.imegate.tls.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeerDomainTest {
    private static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, GeneralName... san) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.TEN,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject), keys.getPublic());
        if (san.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    @Test
    void firstDnsNameOfTheSubjectAltName() throws Exception {
        X509Certificate c = certificate("CN=not-this.example, O=Example Corp",
                new GeneralName(GeneralName.iPAddress, "192.0.2.1"),
                new GeneralName(GeneralName.dNSName, "Ent-B.Example.com"),
                new GeneralName(GeneralName.dNSName, "second.example.com"));
        assertEquals("ent-b.example.com", PeerDomain.of(c));
    }

    @Test
    void commonNameWhenThereIsNoDnsName() throws Exception {
        assertEquals("enterprise-a.example", PeerDomain.of(certificate("CN=Enterprise-A.example, O=Example Corp")));
        assertEquals("enterprise-a.example", PeerDomain.of(certificate("O=Example Corp, CN=enterprise-a.example",
                new GeneralName(GeneralName.iPAddress, "192.0.2.1"))));
        // several CNs: the most specific one, i.e. the last RDN of the encoded name (BC keeps the order given)
        assertEquals("leaf.example", PeerDomain.of(certificate("CN=outer.example, OU=x, CN=leaf.example")));
    }

    @Test
    void emptyWhenNeitherIsThere() throws Exception {
        assertEquals("", PeerDomain.of(certificate("O=Example Corp, C=US")));
    }
}
