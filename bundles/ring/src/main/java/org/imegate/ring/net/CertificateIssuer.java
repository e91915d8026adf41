package org.imegate.ring.net;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.imegate.ring.NodeId;

/**
 * The enrollment CA of a private federation: issues a ring node certificate from a PKCS#10 request,
 * with the subject of the request, its public key, a subjectAltName URI
 * {@code reload://<node-id>@<overlay>/} (RFC 6940 §13.3) naming the Node-ID the key yields, and
 * extendedKeyUsage-free digitalSignature/keyEncipherment key usage.
 */
public final class CertificateIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /** Issues the certificate for {@code csrPem}; returns it PEM-encoded. */
    public static String issue(String csrPem, PrivateKey caKey, X509Certificate ca, String overlay, Duration validity)
            throws GeneralSecurityException {
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            Object o = p.readObject();
            if (!(o instanceof PKCS10CertificationRequest r)) {
                throw new GeneralSecurityException("not a PKCS#10 certificate request");
            }
            csr = r;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("unreadable certificate request: " + e.getMessage(), e);
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new GeneralSecurityException("the certificate request's signature does not verify");
            }
            PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            NodeId id = X509Security.nodeIdOf(key);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(org.bouncycastle.asn1.x500.X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    new BigInteger(127, RANDOM), Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)),
                    csr.getSubject(), csr.getSubjectPublicKeyInfo());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                    GeneralName.uniformResourceIdentifier, "reload://" + id.hex() + "@" + overlay + "/")));
            ContentSigner signer = new JcaContentSignerBuilder(X509Security.algorithm(ca.getPublicKey())).build(caKey);
            X509CertificateHolder h = b.build(signer);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(h);
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(cert);
            }
            return w.toString();
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException
                | java.io.IOException e) {
            throw new GeneralSecurityException("cannot issue the certificate: " + e.getMessage(), e);
        }
    }
}
