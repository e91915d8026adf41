package org.imegate.ring.msg;

import java.util.List;

/**
 * The security block (RFC 6940 §6.3.4): the signer's certificate(s) and a signature. Signature
 * algorithm: SignatureAndHashAlgorithm of TLS (hash 4 = SHA-256; signature 1 = RSA, 3 = ECDSA, 0 = none
 * for an unsigned message). SignerIdentity is of type cert_hash (1): the SHA-256 of the first certificate.
 */
public record SecurityBlock(List<byte[]> certificates, int hashAlgorithm, int signatureAlgorithm, byte[] certHash,
        byte[] signature) {

    public static final SecurityBlock NONE = new SecurityBlock(List.of(), 0, 0, new byte[0], new byte[0]);

    public SecurityBlock {
        certificates = List.copyOf(certificates);
    }

    public boolean signed() {
        return !certificates.isEmpty() && signature.length > 0;
    }
}
