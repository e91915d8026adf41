package org.imegate.ime.vap;

/**
 * A VAP message that cannot be processed. When {@link #transactionId()} is known the server answers
 * 400 Bad Request; otherwise the message is dropped (and the connection closed, framing being lost).
 */
public final class VapFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient byte[] transactionId;
    private final int method;

    public VapFormatException(String message, byte[] transactionId, int method) {
        super(message);
        this.transactionId = transactionId == null ? null : transactionId.clone();
        this.method = method;
    }

    /** The transaction ID, or null when the header itself was bad. */
    public byte[] transactionId() {
        return transactionId == null ? null : transactionId.clone();
    }

    /** The 12-bit method code of the bad message, -1 when unknown. */
    public int method() {
        return method;
    }
}
