package org.imegate.api.pki;

import java.util.List;
import java.util.Optional;

/**
 * The appliance's key pairs, trustpoints and certificates (the ASA {@code crypto key} and
 * {@code crypto ca} commands). Everything is kept in an encrypted key store under the appliance store
 * and survives restarts; private keys never leave it in clear (PKCS#12 export is encrypted with the
 * operator's passphrase). Every change is atomic: a refused call changes nothing.
 *
 * <p>All methods throw {@link org.imegate.api.validation.ValidationException} for bad input, with a
 * message naming the parameter and the rule.
 */
public interface PkiService {

    /** Longest trustpoint name (seed: 128 characters). */
    int MAX_TRUSTPOINT_NAME = 128;
    /** Longest key-pair label. */
    int MAX_KEY_LABEL = 128;
    /** The RSA moduli accepted by {@link #generateRsaKeyPair(String, int)}. */
    int[] RSA_MODULI = {1024, 2048, 3072, 4096};
    /** Modulus used when the operator does not give one. */
    int DEFAULT_MODULUS = 2048;

    /** {@code crypto key generate rsa label <label> modulus <bits>}; refuses an existing label. */
    KeyPairInfo generateRsaKeyPair(String label, int modulus);

    /** {@code crypto key zeroize rsa label <label>}; refused while a trustpoint uses the key pair. */
    void removeKeyPair(String label);

    /** The key pairs, sorted by label. */
    List<KeyPairInfo> keyPairs();

    Optional<KeyPairInfo> keyPair(String label);

    /**
     * {@code crypto ca trustpoint <name>} with its sub-commands: creates the trustpoint or changes the
     * given fields of an existing one. Changing the subject name or key pair of an enrolled trustpoint
     * is refused (the identity certificate would no longer match); remove and re-create it instead.
     */
    TrustpointInfo defineTrustpoint(TrustpointSpec spec);

    /** {@code no crypto ca trustpoint <name>}: removes it with its certificates (not its key pair). */
    void removeTrustpoint(String name);

    /** The trustpoints, sorted by name. */
    List<TrustpointInfo> trustpoints();

    Optional<TrustpointInfo> trustpoint(String name);

    /**
     * {@code crypto ca enroll <trustpoint>}: needs a subject name, a key pair and an enroll mode. Self:
     * issues and installs a self-signed identity certificate. Terminal: returns a PKCS#10 request
     * signed with the key pair (SHA256withRSA).
     */
    EnrollmentResult enroll(String trustpoint);

    /**
     * {@code crypto ca import <trustpoint> certificate}: installs the identity certificate the CA
     * returned. Refused when the certificate's public key is not the trustpoint's key pair, when it
     * is a CA certificate, or when it is not valid now.
     */
    CertificateInfo importCertificate(String trustpoint, String pem);

    /**
     * {@code crypto ca authenticate <trustpoint>}: installs a CA (or a peer's self-signed)
     * certificate in the trustpoint; it becomes trusted for validating peers.
     */
    CertificateInfo authenticate(String trustpoint, String pem);

    /** {@code crypto ca export <trustpoint> identity-certificate}: the identity certificate, PEM. */
    String exportIdentityCertificate(String trustpoint);

    /**
     * {@code crypto ca export <trustpoint> pkcs12 <passphrase>}: the key pair, identity certificate
     * and CA certificates as a PKCS#12 file encrypted with {@code passphrase} (at least 8 characters).
     */
    byte[] exportPkcs12(String trustpoint, char[] passphrase);

    /**
     * {@code crypto ca import <trustpoint> pkcs12 <passphrase>}: creates the trustpoint (refused if it
     * exists) with the key pair (labelled as the trustpoint), identity certificate and CA chain of a
     * PKCS#12 file.
     */
    TrustpointInfo importPkcs12(String trustpoint, byte[] pkcs12, char[] passphrase);

    /** Every certificate of every trustpoint, identity certificates first. */
    List<CertificateInfo> certificates();

    /** A number that changes on every change of the store, for caches of derived objects. */
    long revision();
}
