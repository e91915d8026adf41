package org.imegate.api.pki;

import java.util.List;
import java.util.Optional;

/**
 * A trustpoint: a CA identity and possibly the appliance's identity under that CA.
 *
 * @param name           trustpoint name (at most 128 characters)
 * @param subjectName    the X.500 subject name of the identity, RFC 4514 form, or empty when not set
 * @param keyPair        label of the key pair the identity certifies, or empty when not set
 * @param enrollMode     self or terminal; empty when not set
 * @param identity       the identity certificate, once enrolled or imported
 * @param caCertificates the certificates installed with {@code ca-authenticate}
 * @param requestPending whether a PKCS#10 request has been issued and no certificate imported yet
 */
public record TrustpointInfo(String name, Optional<String> subjectName, Optional<String> keyPair,
        Optional<EnrollMode> enrollMode, Optional<CertificateInfo> identity, List<CertificateInfo> caCertificates,
        boolean requestPending) {
    public TrustpointInfo {
        caCertificates = List.copyOf(caCertificates);
    }
}
