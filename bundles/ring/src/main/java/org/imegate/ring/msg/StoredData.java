package org.imegate.ring.msg;

import java.nio.charset.StandardCharsets;
import org.imegate.ring.NodeId;

/**
 * One dictionary entry as stored (RFC 6940 §6.4.4.1 StoredData with a DictionaryEntry value): storage
 * time (milliseconds, the generation counter), lifetime (seconds), key, exists flag and value, and the
 * writer's signature over them. The signature carries the writer's certificate itself (instead of a
 * cert_hash resolved through a certificate store), so that every replica verifies it on its own.
 */
public record StoredData(long storageTime, int lifetime, String key, byte[] value, byte[] signerCertificate,
        byte[] signature) {

    /** When this entry expires, in epoch milliseconds. */
    public long expiresAt() {
        return storageTime + lifetime * 1000L;
    }

    /** Bytes of storage it takes on a storing node. */
    public int size() {
        return 8 + 4 + key.length() + value.length + signerCertificate.length + signature.length;
    }

    /** The bytes the writer signs: Resource-ID, Kind-ID, storage time, lifetime, key and value. */
    public static byte[] signedBytes(NodeId resourceId, int kind, long storageTime, int lifetime, String key,
            byte[] value) {
        return new Wire.Out().raw(resourceId.bytes()).u32(kind & 0xffffffffL).u64(storageTime).u32(lifetime)
                .opaque16(key.getBytes(StandardCharsets.UTF_8)).u8(1).opaque32(value).bytes();
    }

    void write(Wire.Out o) {
        o.vector32(e -> e.u64(storageTime).u32(lifetime).opaque16(key.getBytes(StandardCharsets.UTF_8)).u8(1)
                .opaque32(value).u8(4).u8(0).opaque16(signerCertificate).opaque16(signature));
    }

    static StoredData read(Wire.In in) {
        Wire.In e = in.vector32();
        long t = e.u64();
        int life = (int) e.u32();
        String key = new String(e.opaque16(), StandardCharsets.UTF_8);
        e.u8();
        byte[] value = e.opaque32();
        e.u8();
        e.u8();
        byte[] cert = e.opaque16();
        byte[] sig = e.opaque16();
        e.end();
        return new StoredData(t, life, key, value, cert, sig);
    }
}
