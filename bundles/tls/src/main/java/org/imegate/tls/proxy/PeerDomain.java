package org.imegate.tls.proxy;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The domain a peer certificate stands for (RFC 6125 §6.4, RFC 5922 §7.1): the first dNSName of the
 * subjectAltName extension, else the most specific CN of the subject; lower case.
 */
public final class PeerDomain {
    private static final int DNS_NAME = 2;

    private PeerDomain() {
    }

    /** The domain of the peer of a completed handshake; empty when the peer sent no certificate. */
    public static String of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? of(x) : "";
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }

    public static String of(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    if (n.size() >= 2 && Integer.valueOf(DNS_NAME).equals(n.get(0)) && n.get(1) instanceof String s
                            && !s.isBlank()) {
                        return s.toLowerCase(Locale.ROOT);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a damaged extension: fall back to the subject
        }
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            // LdapName lists RDNs from the least specific; the CN nearest the end is the most specific
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue()).toLowerCase(Locale.ROOT);
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }
}
