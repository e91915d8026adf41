package org.imegate.api.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * TLS material for the modules that speak TLS (TLS proxy, VAP, validator, ring): an
 * {@link SSLContext} whose key manager presents a trustpoint's identity and whose trust manager
 * trusts every CA certificate authenticated in any trustpoint of the appliance.
 */
public interface TrustpointSslContexts {

    /**
     * A TLS 1.2/1.3 context presenting the identity of {@code trustpoint}.
     *
     * @throws org.imegate.api.validation.ValidationException when the trustpoint does not exist or has
     *         no identity certificate yet
     */
    SSLContext sslContext(String trustpoint);

    /** A TLS context that presents no identity (a client that is not asked for one). */
    SSLContext trustOnlyContext();

    /** A trust manager over every CA certificate authenticated in any trustpoint. */
    X509TrustManager trustManager();

    /** The trusted certificates. */
    List<X509Certificate> trustedCertificates();
}
