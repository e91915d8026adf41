package org.imegate.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.imegate.api.pki.EnrollMode;

/**
 * The text form of a {@link PkiModel}: {@link Properties} with a format version, base64 DER of the
 * PKCS#8 private keys, X.509 public keys, subject names and certificates. It is only ever stored
 * sealed under the master key.
 */
public final class PkiCodec {
    /** Format version written and understood. */
    public static final int FORMAT = 1;

    private PkiCodec() {
    }

    /** Encodes {@code model}. */
    public static byte[] encode(PkiModel model) {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("revision", Long.toString(model.revision()));
        int i = 0;
        for (PkiModel.KeyEntry key : model.keys().values()) {
            String prefix = "key." + i++ + ".";
            p.setProperty(prefix + "label", key.label());
            p.setProperty(prefix + "algorithm", key.publicKey().getAlgorithm());
            p.setProperty(prefix + "created", key.created().toString());
            p.setProperty(prefix + "private", b64(key.privateKey().getEncoded()));
            p.setProperty(prefix + "public", b64(key.publicKey().getEncoded()));
        }
        p.setProperty("keys", Integer.toString(i));
        int t = 0;
        for (PkiModel.TrustpointEntry tp : model.trustpoints().values()) {
            String prefix = "trustpoint." + t++ + ".";
            p.setProperty(prefix + "name", tp.name());
            tp.subject().ifPresent(s -> p.setProperty(prefix + "subject", b64(der(s))));
            tp.keyPair().ifPresent(k -> p.setProperty(prefix + "keypair", k));
            tp.enrollMode().ifPresent(m -> p.setProperty(prefix + "enroll", m.name()));
            tp.identity().ifPresent(c -> p.setProperty(prefix + "identity",
                    b64(CertificateFactoryUtil.encoded(c))));
            p.setProperty(prefix + "requestPending", Boolean.toString(tp.requestPending()));
            List<X509Certificate> cas = tp.caCertificates();
            p.setProperty(prefix + "cas", Integer.toString(cas.size()));
            for (int c = 0; c < cas.size(); c++) {
                p.setProperty(prefix + "ca." + c, b64(CertificateFactoryUtil.encoded(cas.get(c))));
            }
        }
        p.setProperty("trustpoints", Integer.toString(t));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "imegate PKI store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes what {@link #encode(PkiModel)} wrote.
     *
     * @throws IllegalArgumentException when the text is not a complete, well-formed store of a known
     *         format version
     */
    public static PkiModel decode(byte[] data) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(data));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKI store: " + e.getMessage(), e);
        }
        String format = p.getProperty("format");
        if (!Integer.toString(FORMAT).equals(format)) {
            throw new IllegalArgumentException("unknown PKI store format " + format);
        }
        try {
            long revision = Long.parseLong(req(p, "revision"));
            TreeMap<String, PkiModel.KeyEntry> keys = new TreeMap<>();
            int keyCount = Integer.parseInt(req(p, "keys"));
            for (int i = 0; i < keyCount; i++) {
                String prefix = "key." + i + ".";
                KeyFactory factory = KeyFactory.getInstance(req(p, prefix + "algorithm"));
                PrivateKey privateKey = factory.generatePrivate(
                        new PKCS8EncodedKeySpec(unb64(req(p, prefix + "private"))));
                PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(unb64(req(p, prefix + "public"))));
                PkiModel.KeyEntry key = new PkiModel.KeyEntry(req(p, prefix + "label"),
                        Instant.parse(req(p, prefix + "created")), privateKey, publicKey);
                keys.put(key.label(), key);
            }
            TreeMap<String, PkiModel.TrustpointEntry> trustpoints = new TreeMap<>();
            int tpCount = Integer.parseInt(req(p, "trustpoints"));
            for (int t = 0; t < tpCount; t++) {
                String prefix = "trustpoint." + t + ".";
                List<X509Certificate> cas = new ArrayList<>();
                int caCount = Integer.parseInt(req(p, prefix + "cas"));
                for (int c = 0; c < caCount; c++) {
                    cas.add(Pem.decodeCertificate(unb64(req(p, prefix + "ca." + c))));
                }
                PkiModel.TrustpointEntry tp = new PkiModel.TrustpointEntry(req(p, prefix + "name"),
                        Optional.ofNullable(p.getProperty(prefix + "subject"))
                                .map(s -> X500Name.getInstance(BCStyle.INSTANCE, unb64(s))),
                        Optional.ofNullable(p.getProperty(prefix + "keypair")),
                        Optional.ofNullable(p.getProperty(prefix + "enroll")).map(EnrollMode::valueOf),
                        Optional.ofNullable(p.getProperty(prefix + "identity"))
                                .map(s -> Pem.decodeCertificate(unb64(s))),
                        cas, Boolean.parseBoolean(req(p, prefix + "requestPending")));
                if (tp.keyPair().isPresent() && !keys.containsKey(tp.keyPair().get())) {
                    throw new IllegalArgumentException("trustpoint " + tp.name() + " refers to missing key pair "
                            + tp.keyPair().get());
                }
                trustpoints.put(tp.name(), tp);
            }
            return new PkiModel(revision, keys, trustpoints);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("damaged PKI store: " + e.getMessage(), e);
        }
    }

    private static String req(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    private static byte[] der(X500Name name) {
        try {
            return name.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static byte[] unb64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
