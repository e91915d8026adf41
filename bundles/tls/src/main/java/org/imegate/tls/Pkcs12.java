package org.imegate.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;

/**
 * PKCS#12 files of a trustpoint: one private-key entry (alias = trustpoint name) with its
 * certificate chain, and the trustpoint's CA certificates as trusted-certificate entries.
 */
public final class Pkcs12 {

    /**
     * What a PKCS#12 file holds.
     *
     * @param privateKey the one private key
     * @param identity   the certificate of that key
     * @param others     the other certificates of the chain and the trusted entries, without duplicates
     */
    public record Contents(PrivateKey privateKey, X509Certificate identity, List<X509Certificate> others) {
        public Contents {
            others = List.copyOf(others);
        }
    }

    private Pkcs12() {
    }

    /** Writes a PKCS#12 file encrypted and integrity-protected with {@code passphrase}. */
    public static byte[] write(String alias, PrivateKey key, List<X509Certificate> chain,
            List<X509Certificate> caCertificates, char[] passphrase) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, passphrase, chain.toArray(new Certificate[0]));
            for (int i = 0; i < caCertificates.size(); i++) {
                store.setCertificateEntry(alias + "-ca-" + (i + 1), caCertificates.get(i));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, passphrase);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write PKCS#12", e);
        }
    }

    /**
     * Reads a PKCS#12 file holding exactly one private key with its certificate.
     *
     * @throws org.imegate.api.validation.ValidationException naming {@code passphrase} when the
     *         passphrase does not open the file, {@code pkcs12} when the file is damaged or holds no
     *         (or more than one) private key
     */
    public static Contents read(byte[] data, char[] passphrase) {
        if (data == null || data.length == 0) {
            throw Validate.fail("pkcs12", "(empty)", "is empty; give the PKCS#12 file");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw Validate.fail("passphrase", "''", "is required to open the PKCS#12 file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(data), passphrase);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password")) {
                throw Validate.fail("passphrase", SecretBox.MASK, "does not open the PKCS#12 file");
            }
            throw Validate.fail("pkcs12", data.length + "-bytes", "is not a valid PKCS#12 file (" + reason(e) + ")");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Validate.fail("pkcs12", data.length + "-bytes", "is not a valid PKCS#12 file (" + reason(e) + ")");
        }
        try {
            PrivateKey key = null;
            X509Certificate identity = null;
            Map<String, X509Certificate> others = new LinkedHashMap<>();
            List<Certificate> trusted = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    if (key != null) {
                        throw Validate.fail("pkcs12", "(file)", "holds more than one private key; give a file with"
                                + " one key and its certificates");
                    }
                    Key k = store.getKey(alias, passphrase);
                    if (!(k instanceof PrivateKey pk)) {
                        throw Validate.fail("pkcs12", "(file)", "holds a key entry that is not a private key");
                    }
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                        throw Validate.fail("pkcs12", "(file)", "holds a private key without its certificate");
                    }
                    key = pk;
                    identity = (X509Certificate) chain[0];
                    for (int i = 1; i < chain.length; i++) {
                        trusted.add(chain[i]);
                    }
                } else if (store.isCertificateEntry(alias)) {
                    trusted.add(store.getCertificate(alias));
                }
            }
            if (key == null) {
                throw Validate.fail("pkcs12", "(file)", "holds no private key");
            }
            String identityPrint = CertificateFactoryUtil.fingerprint(identity);
            for (Certificate c : trusted) {
                if (c instanceof X509Certificate x) {
                    String print = CertificateFactoryUtil.fingerprint(x);
                    if (!print.equals(identityPrint)) {
                        others.putIfAbsent(print, x);
                    }
                }
            }
            return new Contents(key, identity, new ArrayList<>(others.values()));
        } catch (UnrecoverableKeyException e) {
            throw Validate.fail("passphrase", SecretBox.MASK, "does not open the private key of the PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw Validate.fail("pkcs12", "(file)", "cannot be read (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
