package org.imegate.ring;

/** Checks certificates against the enrollment CA, signatures, and the configuration signer. */
public interface Verifier {

    /**
     * The Node-ID bound to {@code certificate} (DER).
     *
     * @throws RingSecurityException when the certificate is not issued by the enrollment CA, is not
     *         valid now, or names another Node-ID than its key yields
     */
    NodeId nodeIdOf(byte[] certificate) throws RingSecurityException;

    /** Whether {@code signature} (SHA-256 with the certificate's key) over {@code data} is good. */
    boolean verify(byte[] certificate, byte[] data, byte[] signature);

    /** Whether an overlay configuration document was signed by the configuration signer (the enrollment CA). */
    boolean verifyConfiguration(byte[] document, byte[] signature);
}
