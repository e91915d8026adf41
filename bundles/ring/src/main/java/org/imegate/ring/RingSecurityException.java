package org.imegate.ring;

/** A certificate, signature or permission the ring refuses. */
public class RingSecurityException extends Exception {
    private static final long serialVersionUID = 1L;

    public RingSecurityException(String message) {
        super(message);
    }

    public RingSecurityException(String message, Throwable cause) {
        super(message, cause);
    }
}
