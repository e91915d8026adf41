package org.imegate.ring.msg;

/**
 * A RELOAD message (RFC 6940 §6.3): forwarding header, message contents (code, body, no extensions)
 * and security block.
 */
public record Message(ForwardingHeader header, int code, byte[] body, SecurityBlock security) {

    /** The bytes the signature covers (RFC 6940 §6.3.4): overlay, transaction ID, message contents. */
    public static byte[] signedBytes(int overlay, long transactionId, int code, byte[] body) {
        return new Wire.Out().u32(overlay & 0xffffffffL).u64(transactionId).u16(code).opaque32(body).u32(0).bytes();
    }

    public byte[] signedBytes() {
        return signedBytes(header.overlay(), header.transactionId(), code, body);
    }
}
