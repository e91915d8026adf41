package org.imegate.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds JDK {@link SSLContext}s (protocol family "TLS": TLS 1.3 and 1.2, older versions being
 * disabled by the JDK's security properties) from in-memory key stores.
 */
public final class TlsContexts {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /** A PKIX trust manager over {@code trusted}; over none, one that trusts nothing. */
    public static X509TrustManager trustManager(List<X509Certificate> trusted) {
        if (trusted.isEmpty()) {
            return new TrustNothing();
        }
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("PKIX gave no X509TrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust manager", e);
        }
    }

    /** A context presenting {@code key} with {@code chain} and validating peers with {@code trust}. */
    public static SSLContext identityContext(PrivateKey key, List<X509Certificate> chain, X509TrustManager trust) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("identity", key, IN_MEMORY, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY);
            return context(factory.getKeyManagers(), trust);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** A context with no identity, validating peers with {@code trust}. */
    public static SSLContext trustOnlyContext(X509TrustManager trust) {
        try {
            return context(null, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, X509TrustManager trust)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, new TrustManager[] {trust}, new SecureRandom());
        return context;
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** The trust manager of an appliance that has authenticated no CA yet. */
    static final class TrustNothing implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no CA certificate is authenticated in any trustpoint");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no CA certificate is authenticated in any trustpoint");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
