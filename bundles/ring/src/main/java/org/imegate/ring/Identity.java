package org.imegate.ring;

/** This node's credentials: its Node-ID, certificate (DER) and signing key. */
public interface Identity {

    NodeId nodeId();

    /** The DER certificate that binds the Node-ID (RFC 6940 §13.3). */
    byte[] certificate();

    /** TLS SignatureAlgorithm of {@link #sign(byte[])}: 1 RSA, 3 ECDSA (hash is always SHA-256). */
    int signatureAlgorithm();

    byte[] sign(byte[] data);
}
