package org.imegate.api.pki;

import javax.management.openmbean.TabularData;

/**
 * JMX view of the PKI, registered as {@code org.imegate:type=tls,name=pki}. Getters are open to
 * viewers; operations need the admin role ({@code etc/jmx.acl.org.imegate.cfg}).
 */
public interface PkiMBean {

    /** One row per trustpoint: Name, SubjectName, KeyPair, Enroll, Identity, NotAfter, DaysUntilExpiry, CaCertificates. */
    TabularData getTrustpoints();

    /** One row per key pair: Label, Algorithm, Bits, Trustpoints. */
    TabularData getKeyPairs();

    /** Fewest days until any identity or CA certificate expires; Long.MAX_VALUE when there is none. */
    long getDaysUntilCertExpiry();

    /** Generates an RSA key pair; returns its SHA-256 public-key fingerprint. */
    String generateRsaKeyPair(String label, int modulus);

    void removeKeyPair(String label);

    /** Creates or changes a trustpoint; null or empty arguments leave a field unchanged. */
    void defineTrustpoint(String name, String subjectName, String keyPair, String enroll);

    void removeTrustpoint(String name);

    /** Enrolls; returns the PKCS#10 request (terminal) or the new certificate (self), PEM. */
    String enroll(String trustpoint);

    void importCertificate(String trustpoint, String pem);

    void authenticate(String trustpoint, String pem);

    String exportIdentityCertificate(String trustpoint);
}
