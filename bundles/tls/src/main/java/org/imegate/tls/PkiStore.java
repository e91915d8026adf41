package org.imegate.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.CertificateKind;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.EnrollmentResult;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's key store: RSA key pairs, trustpoints and their certificates, kept in one file
 * ({@value #FILE_NAME}) sealed under the master key, so private keys are encrypted at rest.
 *
 * <p>Every change is checked in full first, then the new state is written atomically and only then
 * made visible; a refused or failed change leaves file and memory as they were. Changes are
 * serialized; reads see a consistent snapshot. Every change is written to the audit log, never a
 * private key or passphrase.
 */
public class PkiStore implements PkiService, TrustpointSslContexts {
    /** The store file in the module directory. */
    public static final String FILE_NAME = "pki.store";

    private static final Logger LOG = LoggerFactory.getLogger(PkiStore.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String NAME_RULE = "letters, digits, '_', '.' and '-'";
    private static final int MIN_PASSPHRASE = 8;

    private final Path file;
    private final SecretBox box;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile PkiModel model;
    private volatile Derived derived;

    /** TLS objects derived from one revision of the model. */
    private record Derived(long revision, List<X509Certificate> trusted, X509TrustManager trustManager,
            SSLContext trustOnly, Map<String, SSLContext> contexts) {
    }

    /**
     * Opens (or starts) the store in {@code directory}.
     *
     * @throws IllegalStateException when the store file exists but was altered, is damaged or was
     *         sealed under another master key
     */
    public PkiStore(Path directory, SecretBox box, Clock clock) {
        this.box = Objects.requireNonNull(box, "box");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create PKI directory " + directory, e);
        }
        this.file = directory.resolve(FILE_NAME);
        AtomicFile.removeLeftovers(file);
        this.model = load(file, box);
        LOG.info("PKI store {}: {} key pairs, {} trustpoints, revision {}", file, model.keys().size(),
                model.trustpoints().size(), model.revision());
    }

    private static PkiModel load(Path file, SecretBox box) {
        if (!Files.exists(file)) {
            return PkiModel.EMPTY;
        }
        final String sealed;
        try {
            sealed = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PKI store " + file, e);
        }
        final byte[] plain;
        try {
            plain = box.open(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PKI store " + file + " cannot be opened: " + e.getMessage()
                    + "; restore it from a backup together with its master key", e);
        }
        try {
            return PkiCodec.decode(plain);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PKI store " + file + " is damaged: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The store file. */
    public Path file() {
        return file;
    }

    // ------------------------------------------------------------------ key pairs

    @Override
    public synchronized KeyPairInfo generateRsaKeyPair(String label, int modulus) {
        Validate.name("label", label, MAX_KEY_LABEL, NAME, NAME_RULE);
        Validate.oneOf("modulus", modulus, RSA_MODULI);
        if (model.keys().containsKey(label)) {
            throw Validate.duplicate("label", label);
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(modulus, random);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
        PkiModel.KeyEntry key = new PkiModel.KeyEntry(label, clock.instant(), pair.getPrivate(), pair.getPublic());
        commit(model.with(key));
        AUDIT.info("crypto key generate rsa label {} modulus {}: generated, public key sha256 {}", label, modulus,
                CertificateFactoryUtil.sha256Hex(pair.getPublic().getEncoded()));
        return keyInfo(model, key);
    }

    @Override
    public synchronized void removeKeyPair(String label) {
        Validate.required("label", label);
        if (!model.keys().containsKey(label)) {
            throw Validate.unknown("label", label);
        }
        List<String> users = model.trustpointsUsing(label);
        if (!users.isEmpty()) {
            throw Validate.inUse("label", label, "trustpoint " + String.join(", ", users));
        }
        commit(model.withoutKey(label));
        AUDIT.info("crypto key zeroize rsa label {}: key pair removed", label);
    }

    @Override
    public List<KeyPairInfo> keyPairs() {
        PkiModel m = model;
        return m.keys().values().stream().map(k -> keyInfo(m, k)).toList();
    }

    @Override
    public Optional<KeyPairInfo> keyPair(String label) {
        PkiModel m = model;
        return Optional.ofNullable(label).map(m.keys()::get).map(k -> keyInfo(m, k));
    }

    // ------------------------------------------------------------------ trustpoints

    @Override
    public synchronized TrustpointInfo defineTrustpoint(TrustpointSpec spec) {
        if (spec == null) {
            Validate.required("trustpoint", null);
        }
        String name = validName(spec.name());
        Optional<X500Name> subject = spec.subjectName().map(DnRules::parse);
        spec.keyPair().ifPresent(label -> {
            Validate.required("keypair", label);
            if (!model.keys().containsKey(label)) {
                throw Validate.unknown("keypair", label);
            }
        });
        PkiModel.TrustpointEntry existing = model.trustpoints().get(name);
        PkiModel.TrustpointEntry base = existing == null ? PkiModel.TrustpointEntry.empty(name) : existing;
        boolean subjectChanges = subject.isPresent() && !subject.equals(base.subject());
        boolean keyChanges = spec.keyPair().isPresent() && !spec.keyPair().equals(base.keyPair());
        if (base.identity().isPresent()) {
            String rule = "cannot be changed: trustpoint " + name
                    + " has an identity certificate; remove the trustpoint and define it again";
            if (subjectChanges) {
                throw Validate.fail("subject-name", spec.subjectName().get(), rule);
            }
            if (keyChanges) {
                throw Validate.fail("keypair", spec.keyPair().get(), rule);
            }
        }
        PkiModel.TrustpointEntry next = new PkiModel.TrustpointEntry(name,
                subject.isPresent() ? subject : base.subject(),
                spec.keyPair().isPresent() ? spec.keyPair() : base.keyPair(),
                spec.enrollMode().isPresent() ? spec.enrollMode() : base.enrollMode(),
                base.identity(), base.caCertificates(),
                base.requestPending() && !subjectChanges && !keyChanges);
        if (!next.equals(existing)) {
            commit(model.with(next));
            AUDIT.info("crypto ca trustpoint {}: {} (subject-name {}, keypair {}, enroll {})", name,
                    existing == null ? "defined" : "changed",
                    next.subject().map(DnRules::rfc4514).orElse("-"), next.keyPair().orElse("-"),
                    next.enrollMode().map(m -> m.name().toLowerCase()).orElse("-"));
        }
        return trustpointInfo(model.trustpoints().get(name), clock.instant());
    }

    @Override
    public synchronized void removeTrustpoint(String name) {
        PkiModel.TrustpointEntry tp = existing(name);
        commit(model.withoutTrustpoint(name));
        AUDIT.info("no crypto ca trustpoint {}: removed with {} certificate(s)", name,
                tp.caCertificates().size() + (tp.identity().isPresent() ? 1 : 0));
    }

    @Override
    public List<TrustpointInfo> trustpoints() {
        Instant now = clock.instant();
        return model.trustpoints().values().stream().map(t -> trustpointInfo(t, now)).toList();
    }

    @Override
    public Optional<TrustpointInfo> trustpoint(String name) {
        return Optional.ofNullable(name).map(model.trustpoints()::get).map(t -> trustpointInfo(t, clock.instant()));
    }

    // ------------------------------------------------------------------ enrollment and certificates

    @Override
    public synchronized EnrollmentResult enroll(String trustpoint) {
        PkiModel.TrustpointEntry tp = existing(trustpoint);
        X500Name subject = tp.subject().orElseThrow(() -> Validate.fail("subject-name", "(none)",
                "is not set in trustpoint " + trustpoint + "; set it before enrolling"));
        String label = tp.keyPair().orElseThrow(() -> Validate.fail("keypair", "(none)",
                "is not set in trustpoint " + trustpoint + "; set it before enrolling"));
        EnrollMode mode = tp.enrollMode().orElseThrow(() -> Validate.fail("enroll", "(none)",
                "is not set in trustpoint " + trustpoint + "; set enroll self or enroll terminal before enrolling"));
        PkiModel.KeyEntry key = model.keys().get(label);
        String subjectText = DnRules.rfc4514(subject);
        Instant now = clock.instant();
        if (mode == EnrollMode.SELF) {
            X509Certificate certificate = Enrollment.selfSigned(subject, key.keyPair(), now);
            commit(model.with(tp.withIdentity(certificate)));
            CertificateInfo info = CertificateFactoryUtil.info(trustpoint, CertificateKind.IDENTITY, certificate, now);
            AUDIT.info("crypto ca enroll {}: self-signed identity certificate installed, subject {}, serial {},"
                    + " sha256 {}", trustpoint, info.subject(), info.serialNumber(), info.sha256Fingerprint());
            return new EnrollmentResult(trustpoint, mode, subjectText, Optional.empty(), Optional.of(info));
        }
        String request = Enrollment.certificationRequest(subject, key.keyPair());
        commit(model.with(tp.withRequestPending()));
        AUDIT.info("crypto ca enroll {}: certification request issued for {} with key pair {}", trustpoint,
                subjectText, label);
        return new EnrollmentResult(trustpoint, mode, subjectText, Optional.of(request), Optional.empty());
    }

    @Override
    public synchronized CertificateInfo importCertificate(String trustpoint, String pem) {
        PkiModel.TrustpointEntry tp = existing(trustpoint);
        X509Certificate certificate = single(pem,
                "holds %d certificates; import only the identity certificate and authenticate the CA certificates"
                        + " with ca-authenticate");
        if (CertificateFactoryUtil.isCa(certificate)) {
            throw Validate.fail("certificate", subjectOf(certificate), "is a CA certificate, not an identity"
                    + " certificate; install CA certificates with ca-authenticate");
        }
        String label = tp.keyPair().orElseThrow(() -> Validate.fail("keypair", "(none)",
                "is not set in trustpoint " + trustpoint + "; set it and enroll before importing a certificate"));
        PkiModel.KeyEntry key = model.keys().get(label);
        if (!CertificateFactoryUtil.certifies(certificate, key.publicKey())) {
            throw Validate.fail("certificate", subjectOf(certificate), "does not certify key pair " + label
                    + " of trustpoint " + trustpoint);
        }
        Instant now = clock.instant();
        requireValidNow(certificate, now);
        commit(model.with(tp.withIdentity(certificate)));
        CertificateInfo info = CertificateFactoryUtil.info(trustpoint, CertificateKind.IDENTITY, certificate, now);
        AUDIT.info("crypto ca import {} certificate: identity certificate installed, subject {}, issuer {}, serial {},"
                + " sha256 {}", trustpoint, info.subject(), info.issuer(), info.serialNumber(),
                info.sha256Fingerprint());
        return info;
    }

    @Override
    public synchronized CertificateInfo authenticate(String trustpoint, String pem) {
        PkiModel.TrustpointEntry tp = existing(trustpoint);
        X509Certificate certificate = single(pem,
                "holds %d certificates; authenticate one certificate at a time");
        String print = CertificateFactoryUtil.fingerprint(certificate);
        if (tp.caCertificates().stream().map(CertificateFactoryUtil::fingerprint).anyMatch(print::equals)) {
            throw Validate.fail("certificate", subjectOf(certificate), "is already authenticated in trustpoint "
                    + trustpoint + " (sha256 " + print + ")");
        }
        Instant now = clock.instant();
        requireValidNow(certificate, now);
        List<X509Certificate> cas = new ArrayList<>(tp.caCertificates());
        cas.add(certificate);
        commit(model.with(tp.withCaCertificates(cas)));
        CertificateInfo info = CertificateFactoryUtil.info(trustpoint, CertificateKind.CA, certificate, now);
        AUDIT.info("crypto ca authenticate {}: CA certificate trusted, subject {}, serial {}, sha256 {}", trustpoint,
                info.subject(), info.serialNumber(), info.sha256Fingerprint());
        return info;
    }

    @Override
    public String exportIdentityCertificate(String trustpoint) {
        PkiModel.TrustpointEntry tp = existing(trustpoint);
        X509Certificate identity = identityOf(tp);
        AUDIT.info("crypto ca export {} identity-certificate: exported, serial {}", trustpoint,
                identity.getSerialNumber().toString(16));
        return Pem.format(identity);
    }

    @Override
    public byte[] exportPkcs12(String trustpoint, char[] passphrase) {
        PkiModel snapshot = model;
        PkiModel.TrustpointEntry tp = existing(snapshot, trustpoint);
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw Validate.fail("passphrase", SecretBox.MASK, "must be at least " + MIN_PASSPHRASE + " characters");
        }
        X509Certificate identity = identityOf(tp);
        PkiModel.KeyEntry key = snapshot.keys().get(tp.keyPair().orElseThrow());
        List<X509Certificate> chain = CertificateFactoryUtil.issuerChain(identity, tp.caCertificates());
        byte[] data = Pkcs12.write(trustpoint, key.privateKey(), chain, tp.caCertificates(), passphrase);
        AUDIT.info("crypto ca export {} pkcs12: key pair {}, identity certificate and {} CA certificate(s) exported"
                + " encrypted with the operator's passphrase", trustpoint, key.label(), tp.caCertificates().size());
        return data;
    }

    @Override
    public synchronized TrustpointInfo importPkcs12(String trustpoint, byte[] pkcs12, char[] passphrase) {
        String name = validName(trustpoint);
        if (model.trustpoints().containsKey(name)) {
            throw Validate.duplicate("trustpoint", name);
        }
        if (model.keys().containsKey(name)) {
            throw Validate.fail("keypair", name, "already exists; the imported key pair is labelled as the"
                    + " trustpoint, so remove that key pair or choose another trustpoint name");
        }
        Pkcs12.Contents contents = Pkcs12.read(pkcs12, passphrase);
        PrivateKey privateKey = contents.privateKey();
        PublicKey publicKey = contents.identity().getPublicKey();
        if (!(privateKey instanceof RSAPrivateKey rsaPrivate) || !(publicKey instanceof RSAPublicKey rsaPublic)) {
            throw Validate.fail("pkcs12", "(file)", "holds a " + privateKey.getAlgorithm()
                    + " key; only RSA key pairs are supported");
        }
        if (!rsaPrivate.getModulus().equals(rsaPublic.getModulus())) {
            throw Validate.fail("pkcs12", "(file)", "holds a certificate that does not match its private key");
        }
        X509Certificate identity = contents.identity();
        X500Name subject = X500Name.getInstance(BCStyle.INSTANCE, identity.getSubjectX500Principal().getEncoded());
        Instant now = clock.instant();
        PkiModel.KeyEntry key = new PkiModel.KeyEntry(name, now, privateKey, publicKey);
        PkiModel.TrustpointEntry tp = new PkiModel.TrustpointEntry(name, Optional.of(subject), Optional.of(name),
                Optional.of(EnrollMode.TERMINAL), Optional.of(identity), contents.others(), false);
        commit(model.with(key).with(tp));
        AUDIT.info("crypto ca import {} pkcs12: trustpoint created with key pair {} ({} bits), identity {},"
                + " {} CA certificate(s)", name, name, rsaPublic.getModulus().bitLength(),
                DnRules.rfc4514(subject), contents.others().size());
        return trustpointInfo(tp, now);
    }

    @Override
    public List<CertificateInfo> certificates() {
        PkiModel m = model;
        Instant now = clock.instant();
        List<CertificateInfo> out = new ArrayList<>();
        for (PkiModel.TrustpointEntry tp : m.trustpoints().values()) {
            tp.identity().ifPresent(c -> out.add(
                    CertificateFactoryUtil.info(tp.name(), CertificateKind.IDENTITY, c, now)));
        }
        for (PkiModel.TrustpointEntry tp : m.trustpoints().values()) {
            for (X509Certificate c : tp.caCertificates()) {
                out.add(CertificateFactoryUtil.info(tp.name(), CertificateKind.CA, c, now));
            }
        }
        return out;
    }

    @Override
    public long revision() {
        return model.revision();
    }

    // ------------------------------------------------------------------ TLS

    @Override
    public SSLContext sslContext(String trustpoint) {
        Derived d = derived();
        PkiModel m = model;
        if (m.revision() != d.revision()) {
            return sslContext(trustpoint);
        }
        PkiModel.TrustpointEntry tp = existing(m, trustpoint);
        X509Certificate identity = identityOf(tp);
        return d.contexts().computeIfAbsent(trustpoint, n -> TlsContexts.identityContext(
                m.keys().get(tp.keyPair().orElseThrow()).privateKey(),
                CertificateFactoryUtil.issuerChain(identity, tp.caCertificates()), d.trustManager()));
    }

    @Override
    public SSLContext trustOnlyContext() {
        return derived().trustOnly();
    }

    @Override
    public X509TrustManager trustManager() {
        return derived().trustManager();
    }

    @Override
    public List<X509Certificate> trustedCertificates() {
        return derived().trusted();
    }

    private Derived derived() {
        Derived d = derived;
        PkiModel m = model;
        if (d != null && d.revision() == m.revision()) {
            return d;
        }
        Map<String, X509Certificate> trusted = new LinkedHashMap<>();
        for (PkiModel.TrustpointEntry tp : m.trustpoints().values()) {
            for (X509Certificate c : tp.caCertificates()) {
                trusted.putIfAbsent(CertificateFactoryUtil.fingerprint(c), c);
            }
        }
        List<X509Certificate> list = List.copyOf(trusted.values());
        X509TrustManager tm = TlsContexts.trustManager(list);
        d = new Derived(m.revision(), list, tm, TlsContexts.trustOnlyContext(tm), new ConcurrentHashMap<>());
        derived = d;
        return d;
    }

    // ------------------------------------------------------------------ helpers

    private void commit(PkiModel next) {
        PkiModel numbered = next.atRevision(model.revision() + 1);
        byte[] plain = PkiCodec.encode(numbered);
        try {
            AtomicFile.write(file, box.seal(plain).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PKI store " + file + "; nothing was changed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        model = numbered;
    }

    private static String validName(String name) {
        return Validate.name("trustpoint", name, MAX_TRUSTPOINT_NAME, NAME, NAME_RULE);
    }

    private PkiModel.TrustpointEntry existing(String name) {
        return existing(model, name);
    }

    private static PkiModel.TrustpointEntry existing(PkiModel m, String name) {
        Validate.required("trustpoint", name);
        PkiModel.TrustpointEntry tp = m.trustpoints().get(name);
        if (tp == null) {
            throw Validate.unknown("trustpoint", name);
        }
        return tp;
    }

    private static X509Certificate identityOf(PkiModel.TrustpointEntry tp) {
        return tp.identity().orElseThrow(() -> Validate.fail("trustpoint", tp.name(),
                "has no identity certificate; enroll it or import its certificate first"));
    }

    private static X509Certificate single(String pem, String tooManyRule) {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.parseCertificates(pem);
        } catch (IllegalArgumentException e) {
            throw Validate.fail("certificate", firstLine(pem), e.getMessage());
        }
        if (certificates.size() != 1) {
            throw Validate.fail("certificate", firstLine(pem), String.format(tooManyRule, certificates.size()));
        }
        return certificates.get(0);
    }

    private static void requireValidNow(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw Validate.fail("certificate", subjectOf(certificate), "expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw Validate.fail("certificate", subjectOf(certificate), "is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    private static String subjectOf(X509Certificate certificate) {
        return DnRules.rfc4514(certificate.getSubjectX500Principal().getEncoded());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "''";
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() > 40 ? line.substring(0, 37) + "..." : line;
    }

    private static KeyPairInfo keyInfo(PkiModel m, PkiModel.KeyEntry key) {
        byte[] spki = key.publicKey().getEncoded();
        return new KeyPairInfo(key.label(), key.publicKey().getAlgorithm(), key.bits(), key.created(),
                CertificateFactoryUtil.sha256Hex(spki), Pem.format(Pem.PUBLIC_KEY, spki),
                m.trustpointsUsing(key.label()));
    }

    private static TrustpointInfo trustpointInfo(PkiModel.TrustpointEntry tp, Instant now) {
        return new TrustpointInfo(tp.name(), tp.subject().map(DnRules::rfc4514), tp.keyPair(), tp.enrollMode(),
                tp.identity().map(c -> CertificateFactoryUtil.info(tp.name(), CertificateKind.IDENTITY, c, now)),
                tp.caCertificates().stream()
                        .map(c -> CertificateFactoryUtil.info(tp.name(), CertificateKind.CA, c, now)).toList(),
                tp.requestPending());
    }
}
