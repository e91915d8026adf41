package org.imegate.api.pki;

import java.time.Instant;
import java.util.List;

/**
 * A key pair held in the appliance's key store (its private key never leaves it).
 *
 * @param label        the key-pair label
 * @param algorithm    {@code RSA}
 * @param bits         modulus size
 * @param created      when it was generated or imported
 * @param fingerprint  SHA-256 of the DER SubjectPublicKeyInfo, hex
 * @param publicKeyPem the public key, PEM
 * @param trustpoints  the trustpoints that use it
 */
public record KeyPairInfo(String label, String algorithm, int bits, Instant created, String fingerprint,
        String publicKeyPem, List<String> trustpoints) {
    public KeyPairInfo {
        trustpoints = List.copyOf(trustpoints);
    }
}
