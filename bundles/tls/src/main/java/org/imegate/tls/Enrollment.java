package org.imegate.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Issues self-signed identity certificates and PKCS#10 certification requests, both signed
 * SHA256withRSA. When the common name is a DNS name it is also carried as a subjectAltName dNSName,
 * which peers take as the appliance's domain.
 */
public final class Enrollment {
    /** Validity of a self-signed identity certificate. */
    public static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);
    /** How far before "now" a new certificate becomes valid, for peers whose clocks lag a little. */
    public static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final String SIGNATURE = "SHA256withRSA";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Enrollment() {
    }

    /** A self-signed end-entity certificate for {@code keyPair}, valid from now-1min for 365 days. */
    public static X509Certificate selfSigned(X500Name subject, KeyPair keyPair, Instant now) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant notAfter = roundUpToSecond(now.plus(SELF_SIGNED_VALIDITY));
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keyPair.getPublic()));
            Optional<GeneralNames> san = subjectAltName(subject);
            if (san.isPresent()) {
                builder.addExtension(Extension.subjectAlternativeName, false, san.get());
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(keyPair)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a self-signed certificate", e);
        }
    }

    /** A PKCS#10 request for {@code subject} signed with {@code keyPair}, as PEM. */
    public static String certificationRequest(X500Name subject, KeyPair keyPair) {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic());
            Optional<GeneralNames> san = subjectAltName(subject);
            if (san.isPresent()) {
                Extensions extensions = new Extensions(new Extension(Extension.subjectAlternativeName, false,
                        san.get().getEncoded()));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions);
            }
            PKCS10CertificationRequest request = builder.build(signer(keyPair));
            return Pem.format(Pem.CERTIFICATE_REQUEST, request.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a certification request", e);
        }
    }

    /** The subjectAltName for {@code subject}: its common name as dNSName when it is a DNS name. */
    static Optional<GeneralNames> subjectAltName(X500Name subject) {
        return DnRules.commonName(subject).filter(DnRules::isDnsName)
                .map(cn -> new GeneralNames(new GeneralName(GeneralName.dNSName, cn)));
    }

    private static ContentSigner signer(KeyPair keyPair) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(keyPair.getPrivate());
    }

    private static BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x40;
        return new BigInteger(1, bytes);
    }

    private static Instant roundUpToSecond(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
        return truncated.equals(instant) ? instant : truncated.plusSeconds(1);
    }
}
