package org.imegate.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.CertificateKind;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.EnrollmentResult;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PkiStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String DN = "cn=enterprise-a.example, o=\"Example Corp\"";

    @TempDir
    Path tmp;

    private MutableClock clock;
    private MasterKeySecretBox box;
    private PkiStore store;

    @BeforeEach
    void open() {
        clock = new MutableClock(T0);
        box = new MasterKeySecretBox(tmp.resolve("platform/master.key"));
        store = new PkiStore(tmp.resolve("tls"), box, clock);
    }

    private PkiStore reopen() {
        return new PkiStore(tmp.resolve("tls"), new MasterKeySecretBox(tmp.resolve("platform/master.key")), clock);
    }

    private byte[] fileBytes() throws Exception {
        Path f = store.file();
        return Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
    }

    /** Runs {@code call}, expecting a refusal naming {@code parameter} and {@code rule}, and no change at all. */
    private ValidationException assertRefused(String parameter, String rule, Executable call) throws Exception {
        long revision = store.revision();
        byte[] before = fileBytes();
        List<KeyPairInfo> keys = store.keyPairs();
        List<TrustpointInfo> trustpoints = store.trustpoints();
        ValidationException e = assertThrows(ValidationException.class, call);
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ERROR: " + parameter + " "), e.getMessage());
        assertTrue(e.getMessage().contains(rule), () -> "expected '" + rule + "' in: " + e.getMessage());
        assertEquals(revision, store.revision());
        assertArrayEquals(before, fileBytes());
        assertEquals(keys, store.keyPairs());
        assertEquals(trustpoints, store.trustpoints());
        return e;
    }

    private TrustpointInfo selfEnrolled(String tp, String label) {
        store.generateRsaKeyPair(label, 1024);
        store.defineTrustpoint(TrustpointSpec.named(tp).withSubjectName(DN).withKeyPair(label)
                .withEnrollMode(EnrollMode.SELF));
        store.enroll(tp);
        return store.trustpoint(tp).orElseThrow();
    }

    private X509Certificate identity(String tp) {
        return Pem.parseCertificates(store.exportIdentityCertificate(tp)).get(0);
    }

    // ------------------------------------------------------------------ key pairs

    @Test
    void generatesListsAndRemovesKeyPairs() throws Exception {
        assertEquals(0, store.revision());
        KeyPairInfo info = store.generateRsaKeyPair("ime-key", 2048);
        assertEquals("ime-key", info.label());
        assertEquals("RSA", info.algorithm());
        assertEquals(2048, info.bits());
        assertEquals(T0, info.created());
        assertEquals(64, info.fingerprint().length());
        assertTrue(info.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(List.of(), info.trustpoints());
        assertEquals(1, store.revision());
        store.generateRsaKeyPair("a.key_2", 1024);
        assertEquals(List.of("a.key_2", "ime-key"), store.keyPairs().stream().map(KeyPairInfo::label).toList());
        assertEquals(Optional.of(info), store.keyPair("ime-key"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        store.removeKeyPair("a.key_2");
        assertEquals(3, store.revision());
        assertEquals(Optional.empty(), store.keyPair("a.key_2"));
    }

    @Test
    void refusesBadKeyPairInput() throws Exception {
        store.generateRsaKeyPair("k1", 1024);
        assertRefused("label", "is required", () -> store.generateRsaKeyPair(null, 2048));
        assertRefused("label", "is required", () -> store.generateRsaKeyPair("", 2048));
        assertRefused("label", "at most 128 allowed", () -> store.generateRsaKeyPair("k".repeat(129), 2048));
        assertRefused("label", "may contain only", () -> store.generateRsaKeyPair("bad label", 2048));
        assertRefused("label", "may contain only", () -> store.generateRsaKeyPair("bad/label", 2048));
        assertRefused("modulus", "must be one of 1024, 2048, 3072, 4096", () -> store.generateRsaKeyPair("k2", 512));
        assertRefused("modulus", "must be one of", () -> store.generateRsaKeyPair("k2", 2047));
        assertRefused("label", "already exists", () -> store.generateRsaKeyPair("k1", 2048));
        assertRefused("label", "does not exist", () -> store.removeKeyPair("nope"));
        store.defineTrustpoint(TrustpointSpec.named("tp1").withKeyPair("k1"));
        ValidationException e = assertRefused("label", "is in use by trustpoint tp1", () -> store.removeKeyPair("k1"));
        assertTrue(e.getMessage().contains("remove that first"));
    }

    // ------------------------------------------------------------------ trustpoints

    @Test
    void definesChangesAndRemovesTrustpoints() {
        store.generateRsaKeyPair("k1", 1024);
        TrustpointInfo tp = store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN));
        assertEquals(Optional.of("CN=enterprise-a.example,O=Example Corp"), tp.subjectName());
        assertEquals(Optional.empty(), tp.keyPair());
        tp = store.defineTrustpoint(TrustpointSpec.named("tp1").withKeyPair("k1").withEnrollMode(EnrollMode.TERMINAL));
        assertEquals(Optional.of("CN=enterprise-a.example,O=Example Corp"), tp.subjectName());
        assertEquals(Optional.of("k1"), tp.keyPair());
        assertEquals(Optional.of(EnrollMode.TERMINAL), tp.enrollMode());
        assertEquals(List.of("tp1"), store.keyPair("k1").orElseThrow().trustpoints());
        long revision = store.revision();
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName("CN=enterprise-a.example,O=Example Corp"));
        assertEquals(revision, store.revision(), "an unchanged definition is not a change");
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName("cn=other.example, ou=Voice, o=Ex, c=US"));
        assertEquals(Optional.of("CN=other.example,OU=Voice,O=Ex,C=US"), store.trustpoint("tp1").orElseThrow()
                .subjectName());
        store.removeTrustpoint("tp1");
        assertEquals(List.of(), store.trustpoints());
        store.removeKeyPair("k1");
    }

    @Test
    void refusesBadTrustpointInput() throws Exception {
        store.generateRsaKeyPair("k1", 1024);
        TrustpointSpec tp = TrustpointSpec.named("tp1");
        assertRefused("trustpoint", "is required", () -> store.defineTrustpoint(TrustpointSpec.named(null)));
        assertRefused("trustpoint", "at most 128 allowed",
                () -> store.defineTrustpoint(TrustpointSpec.named("t".repeat(129))));
        assertRefused("trustpoint", "may contain only", () -> store.defineTrustpoint(TrustpointSpec.named("t p")));
        assertRefused("subject-name", "is not an X.500 distinguished name",
                () -> store.defineTrustpoint(tp.withSubjectName("just some text")));
        assertRefused("subject-name", "is not an X.500 distinguished name",
                () -> store.defineTrustpoint(tp.withSubjectName("foo=bar")));
        assertRefused("subject-name", "is required", () -> store.defineTrustpoint(tp.withSubjectName("")));
        assertRefused("subject-name", "has a CN of 65 characters, at most 64 allowed",
                () -> store.defineTrustpoint(tp.withSubjectName("cn=" + "a".repeat(65))));
        assertRefused("subject-name", "has a O of 65 characters, at most 64 allowed",
                () -> store.defineTrustpoint(tp.withSubjectName("cn=a, o=" + "b".repeat(65))));
        assertRefused("subject-name", "has a OU of 65 characters, at most 64 allowed",
                () -> store.defineTrustpoint(tp.withSubjectName("cn=a, ou=" + "b".repeat(65))));
        assertRefused("subject-name", "the country must be a two-letter",
                () -> store.defineTrustpoint(tp.withSubjectName("cn=a, c=USA")));
        assertRefused("subject-name", "has an empty CN value",
                () -> store.defineTrustpoint(tp.withSubjectName("cn=, o=x")));
        assertRefused("keypair", "does not exist", () -> store.defineTrustpoint(tp.withKeyPair("nope")));
        assertRefused("trustpoint", "does not exist", () -> store.removeTrustpoint("tp1"));
        assertTrue(store.trustpoints().isEmpty());
    }

    @Test
    void refusesChangingSubjectOrKeyOfEnrolledTrustpoint() throws Exception {
        selfEnrolled("tp1", "k1");
        store.generateRsaKeyPair("k2", 1024);
        assertRefused("subject-name", "has an identity certificate; remove the trustpoint",
                () -> store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName("cn=other.example")));
        assertRefused("keypair", "has an identity certificate",
                () -> store.defineTrustpoint(TrustpointSpec.named("tp1").withKeyPair("k2")));
        // the same values, or a new enroll mode, are fine
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN).withKeyPair("k1")
                .withEnrollMode(EnrollMode.TERMINAL));
        assertEquals(Optional.of(EnrollMode.TERMINAL), store.trustpoint("tp1").orElseThrow().enrollMode());
    }

    // ------------------------------------------------------------------ enrollment

    @Test
    void selfEnrollmentIssuesAnIdentityCertificate() throws Exception {
        store.generateRsaKeyPair("k1", 2048);
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN).withKeyPair("k1")
                .withEnrollMode(EnrollMode.SELF));
        long revision = store.revision();
        EnrollmentResult result = store.enroll("tp1");
        assertEquals(revision + 1, store.revision());
        assertEquals(EnrollMode.SELF, result.mode());
        assertEquals("CN=enterprise-a.example,O=Example Corp", result.subjectName());
        assertTrue(result.requestPem().isEmpty());
        CertificateInfo info = result.certificate().orElseThrow();
        assertEquals(CertificateKind.IDENTITY, info.kind());
        assertEquals("CN=enterprise-a.example,O=Example Corp", info.subject());
        assertEquals(info.subject(), info.issuer());
        assertEquals(365, info.daysUntilExpiry());
        assertEquals(T0.minusSeconds(60), info.notBefore());
        assertEquals(T0.plus(Duration.ofDays(365)), info.notAfter());
        assertEquals("RSA (2048 bits)", info.publicKey());
        assertEquals("SHA256withRSA", info.signatureAlgorithm());

        X509Certificate cert = identity("tp1");
        assertEquals(info.serialNumber(), cert.getSerialNumber().toString(16));
        assertTrue(cert.getSerialNumber().bitLength() > 64);
        assertEquals(3, cert.getVersion());
        assertEquals(-1, cert.getBasicConstraints());
        boolean[] ku = cert.getKeyUsage();
        assertTrue(ku[0] && ku[2], "digitalSignature and keyEncipherment");
        assertFalse(ku[5], "no keyCertSign");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
        assertEquals(List.of(List.of(2, "enterprise-a.example")), List.copyOf(cert.getSubjectAlternativeNames()));
        assertTrue(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()) != null);
        cert.verify(cert.getPublicKey());
        assertEquals(info.sha256Fingerprint(), CertificateFactoryUtil.fingerprint(cert));
        // DER order is conventional (O before CN), so the RFC 4514 form reads as the operator wrote it
        assertEquals("O=Example Corp,CN=enterprise-a.example",
                X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).toString());

        clock.advance(Duration.ofDays(100).plusHours(5));
        assertEquals(264, store.certificates().get(0).daysUntilExpiry());
        clock.advance(Duration.ofDays(300));
        assertEquals(-36, store.certificates().get(0).daysUntilExpiry());
    }

    @Test
    void noSubjectAltNameWhenTheCommonNameIsNotADnsName() {
        store.generateRsaKeyPair("k1", 1024);
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName("cn=Example Corp IME, o=Example")
                .withKeyPair("k1").withEnrollMode(EnrollMode.SELF));
        store.enroll("tp1");
        assertEquals(null, identity("tp1").getExtensionValue(Extension.subjectAlternativeName.getId()));
    }

    @Test
    void terminalEnrollmentReturnsASignedRequest() throws Exception {
        store.generateRsaKeyPair("k1", 2048);
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN).withKeyPair("k1")
                .withEnrollMode(EnrollMode.TERMINAL));
        EnrollmentResult result = store.enroll("tp1");
        assertTrue(result.certificate().isEmpty());
        String pem = result.requestPem().orElseThrow();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"), pem);
        assertTrue(pem.endsWith("-----END CERTIFICATE REQUEST-----\n"), pem);
        assertTrue(store.trustpoint("tp1").orElseThrow().requestPending());
        PKCS10CertificationRequest csr = TestCa.parseCsr(pem);
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(csr.getSubjectPublicKeyInfo())));
        assertEquals("1.2.840.113549.1.1.11", csr.getSignatureAlgorithm().getAlgorithm().getId());
        assertEquals("O=Example Corp,CN=enterprise-a.example", csr.getSubject().toString());
        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        GeneralNames san = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        assertEquals(new GeneralName(GeneralName.dNSName, "enterprise-a.example"), san.getNames()[0]);
        assertArrayEquals(Base64.getMimeDecoder().decode(store.keyPair("k1").orElseThrow().publicKeyPem()
                .replaceAll("-----[A-Z ]+-----", "")), csr.getSubjectPublicKeyInfo().getEncoded());
    }

    @Test
    void refusesEnrollmentWithoutItsSettings() throws Exception {
        assertRefused("trustpoint", "does not exist", () -> store.enroll("tp1"));
        store.generateRsaKeyPair("k1", 1024);
        store.defineTrustpoint(TrustpointSpec.named("tp1"));
        assertRefused("subject-name", "is not set in trustpoint tp1", () -> store.enroll("tp1"));
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN));
        assertRefused("keypair", "is not set in trustpoint tp1", () -> store.enroll("tp1"));
        store.defineTrustpoint(TrustpointSpec.named("tp1").withKeyPair("k1"));
        assertRefused("enroll", "is not set in trustpoint tp1", () -> store.enroll("tp1"));
    }

    // ------------------------------------------------------------------ import and authenticate

    @Test
    void importsTheCaAnswerAndAuthenticatesTheCa() throws Exception {
        store.generateRsaKeyPair("k1", 2048);
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN).withKeyPair("k1")
                .withEnrollMode(EnrollMode.TERMINAL));
        String csr = store.enroll("tp1").requestPem().orElseThrow();
        TestCa ca = new TestCa("Test Root CA", T0.minusSeconds(3600), T0.plus(Duration.ofDays(3650)));
        X509Certificate answer = ca.answer(csr, T0.minusSeconds(60), T0.plus(Duration.ofDays(30)));

        CertificateInfo caInfo = store.authenticate("tp1", "some text before\n" + ca.pem() + "trailing\n");
        assertEquals(CertificateKind.CA, caInfo.kind());
        assertEquals("CN=Test Root CA", caInfo.subject());
        assertEquals(List.of(ca.certificate), store.trustedCertificates());
        assertEquals(1, store.trustManager().getAcceptedIssuers().length);

        CertificateInfo info = store.importCertificate("tp1", Pem.format(answer));
        assertEquals("CN=Test Root CA", info.issuer());
        assertEquals(30, info.daysUntilExpiry());
        assertEquals(Long.toHexString(answer.getSerialNumber().longValue()), info.serialNumber());
        TrustpointInfo tp = store.trustpoint("tp1").orElseThrow();
        assertFalse(tp.requestPending());
        assertEquals(Optional.of(info), tp.identity());
        assertEquals(List.of(caInfo), tp.caCertificates());
        assertEquals(List.of(info, caInfo), store.certificates());
        assertEquals(Pem.format(answer), store.exportIdentityCertificate("tp1"));
        store.sslContext("tp1");
    }

    @Test
    void refusesBadCertificates() throws Exception {
        store.generateRsaKeyPair("k1", 1024);
        store.generateRsaKeyPair("k2", 1024);
        store.defineTrustpoint(TrustpointSpec.named("tp1").withSubjectName(DN).withKeyPair("k1")
                .withEnrollMode(EnrollMode.TERMINAL));
        String csr = store.enroll("tp1").requestPem().orElseThrow();
        TestCa ca = new TestCa("Test Root CA", T0.minusSeconds(3600), T0.plus(Duration.ofDays(3650)));
        X509Certificate good = ca.answer(csr, T0.minusSeconds(60), T0.plus(Duration.ofDays(30)));

        assertRefused("trustpoint", "does not exist", () -> store.importCertificate("nope", Pem.format(good)));
        assertRefused("certificate", "is not a PEM X.509 certificate", () -> store.importCertificate("tp1", "hello"));
        assertRefused("certificate", "is empty", () -> store.importCertificate("tp1", ""));
        assertRefused("certificate", "damaged base64", () -> store.importCertificate("tp1",
                "-----BEGIN CERTIFICATE-----\nMII$$$\n-----END CERTIFICATE-----\n"));
        assertRefused("certificate", "does not decode as X.509", () -> store.importCertificate("tp1",
                Pem.format(Pem.CERTIFICATE, "not a certificate".getBytes(StandardCharsets.US_ASCII))));
        assertRefused("certificate", "is not a PEM X.509 certificate",
                () -> store.importCertificate("tp1", csr));
        assertRefused("certificate", "is a CA certificate, not an identity certificate; install CA certificates"
                + " with ca-authenticate", () -> store.importCertificate("tp1", ca.pem()));
        X509Certificate otherKey = ca.issue(new X500Name("CN=x"), publicKeyOf(store.keyPair("k2").orElseThrow()),
                T0.minusSeconds(60), T0.plus(Duration.ofDays(30)));
        assertRefused("certificate", "does not certify key pair k1 of trustpoint tp1",
                () -> store.importCertificate("tp1", Pem.format(otherKey)));
        X509Certificate expired = ca.answer(csr, T0.minus(Duration.ofDays(60)), T0.minus(Duration.ofDays(1)));
        assertRefused("certificate", "expired on", () -> store.importCertificate("tp1", Pem.format(expired)));
        X509Certificate future = ca.answer(csr, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(60)));
        assertRefused("certificate", "is not valid before",
                () -> store.importCertificate("tp1", Pem.format(future)));
        assertRefused("certificate", "holds 2 certificates",
                () -> store.importCertificate("tp1", Pem.format(good) + ca.pem()));
        assertRefused("trustpoint", "has no identity certificate", () -> store.exportIdentityCertificate("tp1"));
        assertRefused("trustpoint", "has no identity certificate", () -> store.sslContext("tp1"));
        assertRefused("trustpoint", "does not exist", () -> store.sslContext("nope"));

        store.authenticate("tp1", ca.pem());
        assertRefused("certificate", "is already authenticated in trustpoint tp1",
                () -> store.authenticate("tp1", ca.pem()));
        assertRefused("certificate", "is not a PEM X.509 certificate", () -> store.authenticate("tp1", "junk"));
        assertRefused("trustpoint", "does not exist", () -> store.authenticate("nope", ca.pem()));
        store.importCertificate("tp1", Pem.format(good));
    }

    static java.security.PublicKey publicKeyOf(KeyPairInfo info) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(info.publicKeyPem().replaceAll("-----[A-Z ]+-----", ""));
            return java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ PKCS#12

    @Test
    void pkcs12RoundTrip() throws Exception {
        selfEnrolled("tp1", "k1");
        TestCa ca = new TestCa("Peer CA", T0.minusSeconds(3600), T0.plus(Duration.ofDays(3650)));
        store.authenticate("tp1", ca.pem());
        char[] passphrase = "correct horse".toCharArray();
        byte[] p12 = store.exportPkcs12("tp1", passphrase);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new java.io.ByteArrayInputStream(p12), passphrase);
        assertTrue(ks.isKeyEntry("tp1"));
        assertEquals(identity("tp1"), ks.getCertificateChain("tp1")[0]);
        boolean trustedEntry = false;
        for (String alias : Collections.list(ks.aliases())) {
            trustedEntry |= ks.isCertificateEntry(alias);
        }
        assertTrue(trustedEntry);

        TrustpointInfo imported = store.importPkcs12("copy", p12, passphrase);
        assertEquals(Optional.of("copy"), imported.keyPair());
        assertEquals(Optional.of(EnrollMode.TERMINAL), imported.enrollMode());
        assertEquals(Optional.of("CN=enterprise-a.example,O=Example Corp"), imported.subjectName());
        assertEquals(store.trustpoint("tp1").orElseThrow().identity().orElseThrow().pem(),
                imported.identity().orElseThrow().pem());
        assertEquals(List.of("CN=Peer CA"), imported.caCertificates().stream().map(CertificateInfo::subject).toList());
        assertEquals(store.keyPair("k1").orElseThrow().fingerprint(), store.keyPair("copy").orElseThrow().fingerprint());
        store.sslContext("copy");
    }

    @Test
    void refusesBadPkcs12Input() throws Exception {
        selfEnrolled("tp1", "k1");
        byte[] p12 = store.exportPkcs12("tp1", "longenough".toCharArray());
        ValidationException e = assertRefused("passphrase", "must be at least 8 characters",
                () -> store.exportPkcs12("tp1", "short12".toCharArray()));
        assertEquals("ERROR: passphrase ***** must be at least 8 characters", e.getMessage());
        assertRefused("passphrase", "must be at least 8", () -> store.exportPkcs12("tp1", null));
        assertRefused("trustpoint", "does not exist", () -> store.exportPkcs12("nope", "longenough".toCharArray()));
        store.defineTrustpoint(TrustpointSpec.named("bare"));
        assertRefused("trustpoint", "has no identity certificate",
                () -> store.exportPkcs12("bare", "longenough".toCharArray()));

        e = assertRefused("passphrase", "does not open the PKCS#12 file",
                () -> store.importPkcs12("new1", p12, "wrong-passphrase".toCharArray()));
        assertFalse(e.getMessage().contains("wrong-passphrase"));
        byte[] corrupt = p12.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        long revision = store.revision();
        e = assertThrows(ValidationException.class, () -> store.importPkcs12("new1", corrupt,
                "longenough".toCharArray()));
        assertTrue(List.of("pkcs12", "passphrase").contains(e.parameter()), e.getMessage());
        assertEquals(revision, store.revision());
        assertEquals(Optional.empty(), store.trustpoint("new1"));
        assertRefused("pkcs12", "is not a valid PKCS#12 file",
                () -> store.importPkcs12("new1", "garbage".getBytes(StandardCharsets.US_ASCII),
                        "longenough".toCharArray()));
        assertRefused("pkcs12", "is empty", () -> store.importPkcs12("new1", new byte[0], "longenough".toCharArray()));
        assertRefused("trustpoint", "already exists", () -> store.importPkcs12("tp1", p12, "longenough".toCharArray()));
        store.generateRsaKeyPair("new1", 1024);
        assertRefused("keypair", "already exists", () -> store.importPkcs12("new1", p12, "longenough".toCharArray()));
        assertRefused("trustpoint", "may contain only",
                () -> store.importPkcs12("bad name", p12, "longenough".toCharArray()));
    }

    // ------------------------------------------------------------------ persistence

    @Test
    void everythingSurvivesARestart() throws Exception {
        selfEnrolled("tp1", "k1");
        TestCa ca = new TestCa("Test Root CA", T0.minusSeconds(3600), T0.plus(Duration.ofDays(3650)));
        store.authenticate("tp1", ca.pem());
        store.generateRsaKeyPair("k2", 1024);
        store.defineTrustpoint(TrustpointSpec.named("tp2").withSubjectName("cn=b.example").withKeyPair("k2")
                .withEnrollMode(EnrollMode.TERMINAL));
        store.enroll("tp2");

        PkiStore again = reopen();
        assertEquals(store.revision(), again.revision());
        assertEquals(store.keyPairs(), again.keyPairs());
        assertEquals(store.trustpoints(), again.trustpoints());
        assertEquals(store.certificates(), again.certificates());
        assertTrue(again.trustpoint("tp2").orElseThrow().requestPending());
        assertEquals(store.trustedCertificates(), again.trustedCertificates());
        // the key itself came back: a PKCS#12 from the reopened store holds the same private key
        char[] pass = "longenough".toCharArray();
        KeyStore a = KeyStore.getInstance("PKCS12");
        a.load(new java.io.ByteArrayInputStream(store.exportPkcs12("tp1", pass)), pass);
        KeyStore b = KeyStore.getInstance("PKCS12");
        b.load(new java.io.ByteArrayInputStream(again.exportPkcs12("tp1", pass)), pass);
        assertArrayEquals(a.getKey("tp1", pass).getEncoded(), b.getKey("tp1", pass).getEncoded());
        again.generateRsaKeyPair("k3", 1024);
        assertEquals(store.revision() + 1, again.revision());
    }

    @Test
    void privateKeysAreNotStoredInClear() throws Exception {
        selfEnrolled("tp1", "k1");
        char[] pass = "longenough".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new java.io.ByteArrayInputStream(store.exportPkcs12("tp1", pass)), pass);
        byte[] privateDer = ks.getKey("tp1", pass).getEncoded();
        String file = new String(Files.readAllBytes(store.file()), StandardCharsets.ISO_8859_1);
        assertTrue(file.startsWith("ENC("), "sealed under the master key");
        assertFalse(file.contains("PRIVATE KEY"));
        assertFalse(file.contains("CERTIFICATE"));
        assertFalse(file.contains(Base64.getEncoder().encodeToString(privateDer).substring(0, 64)));
        assertFalse(file.contains(Base64.getEncoder().encodeToString(identity("tp1").getEncoded()).substring(0, 64)));
        // nothing in clear at all: one sealed base64 value (a name such as "tp1" may occur in base64 by chance)
        assertTrue(file.strip().matches("ENC\\([A-Za-z0-9+/=]+\\)"), "one sealed base64 value");
        assertFalse(containsBytes(Files.readAllBytes(store.file()), privateDer));
    }

    @Test
    void refusesToStartOnAnAlteredOrForeignStore() throws Exception {
        selfEnrolled("tp1", "k1");
        byte[] bytes = Files.readAllBytes(store.file());
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'A' ? 'B' : 'A');
        Files.write(store.file(), bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class, this::reopen);
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());

        Files.writeString(store.file(), box.seal("format=1\nrevision=x\n".getBytes(StandardCharsets.US_ASCII)));
        e = assertThrows(IllegalStateException.class, this::reopen);
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());

        Files.writeString(store.file(), new MasterKeySecretBox(tmp.resolve("other.key"))
                .seal(PkiCodec.encode(PkiModel.EMPTY)));
        assertThrows(IllegalStateException.class, this::reopen);
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws Exception {
        store.generateRsaKeyPair("k1", 1024);
        Path leftover = store.file().resolveSibling(PkiStore.FILE_NAME + ".12345.tmp");
        Files.writeString(leftover, "half");
        PkiStore again = reopen();
        assertFalse(Files.exists(leftover));
        assertEquals(1, again.keyPairs().size());
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(List.of(PkiStore.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void trustOnlyAndEmptyTrust() throws Exception {
        assertEquals(List.of(), store.trustedCertificates());
        assertEquals(0, store.trustManager().getAcceptedIssuers().length);
        assertThrows(java.security.cert.CertificateException.class,
                () -> store.trustManager().checkServerTrusted(new X509Certificate[0], "RSA"));
        assertEquals("TLS", store.trustOnlyContext().getProtocol());
        selfEnrolled("tp1", "k1");
        assertEquals(store.sslContext("tp1"), store.sslContext("tp1"), "cached per revision");
        assertNotEquals(0, store.revision());
    }

    @Test
    void trustOnlyClientTrustsAnAuthenticatedSelfSignedPeer() throws Exception {
        selfEnrolled("tp1", "k1");
        store.defineTrustpoint(TrustpointSpec.named("peer"));
        store.authenticate("peer", store.exportIdentityCertificate("tp1"));
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) store.sslContext("tp1")
                .getServerSocketFactory().createServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(30_000);
            java.util.concurrent.Future<Integer> served = executor.submit(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    return s.getInputStream().read();
                }
            });
            try (javax.net.ssl.SSLSocket client = (javax.net.ssl.SSLSocket) store.trustOnlyContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
                client.setSoTimeout(30_000);
                client.startHandshake();
                assertEquals(identity("tp1"), client.getSession().getPeerCertificates()[0]);
                assertEquals(42, client.getInputStream().read());
                client.getOutputStream().write(7);
                client.getOutputStream().flush();
            }
            assertEquals(7, served.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }

    private static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
