package org.imegate.ring.msg;

import java.util.ArrayList;
import java.util.List;

/** Binary encoding of {@link Message} as RFC 6940 §6.3 lays it out. */
public final class Codec {
    /** Largest message accepted (the overlay's max-message-size). */
    public static final int MAX_MESSAGE = 1 << 20;

    private Codec() {
    }

    public static byte[] encode(Message m) {
        ForwardingHeader h = m.header();
        Wire.Out via = new Wire.Out();
        h.via().forEach(d -> d.write(via));
        Wire.Out dest = new Wire.Out();
        h.destinations().forEach(d -> d.write(dest));
        Wire.Out rest = new Wire.Out();
        rest.raw(via.bytes()).raw(dest.bytes());
        // MessageContents
        rest.u16(m.code()).opaque32(m.body()).u32(0);
        // SecurityBlock
        SecurityBlock s = m.security();
        rest.vector16(o -> s.certificates().forEach(c -> o.u8(0).opaque16(c)));
        rest.u8(s.hashAlgorithm()).u8(s.signatureAlgorithm());
        rest.u8(1).vector16(o -> o.u8(s.hashAlgorithm()).opaque8(s.certHash()));
        rest.opaque16(s.signature());
        byte[] tail = rest.bytes();
        int fixed = 4 + 4 + 2 + 1 + 1 + 4 + 4 + 8 + 4 + 2 + 2 + 2;
        int length = fixed + tail.length;
        if (length > MAX_MESSAGE) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds " + MAX_MESSAGE);
        }
        Wire.Out o = new Wire.Out();
        o.u32(ForwardingHeader.RELO_TOKEN & 0xffffffffL).u32(h.overlay() & 0xffffffffL)
                .u16(h.configurationSequence() & 0xffff).u8(ForwardingHeader.VERSION).u8(h.ttl())
                .u32(ForwardingHeader.FRAGMENT).u32(length).u64(h.transactionId())
                .u32(h.maxResponseLength() & 0xffffffffL).u16(via.size()).u16(dest.size()).u16(0).raw(tail);
        return o.bytes();
    }

    public static Message decode(byte[] data) {
        if (data.length > MAX_MESSAGE) {
            throw new MalformedMessageException("message of " + data.length + " bytes");
        }
        Wire.In in = new Wire.In(data);
        if ((int) in.u32() != ForwardingHeader.RELO_TOKEN) {
            throw new MalformedMessageException("not a RELOAD message (token)");
        }
        int overlay = (int) in.u32();
        int seq = in.u16();
        int version = in.u8();
        if (version != ForwardingHeader.VERSION) {
            throw new MalformedMessageException("version " + version);
        }
        int ttl = in.u8();
        long fragment = in.u32();
        if (fragment != ForwardingHeader.FRAGMENT) {
            throw new MalformedMessageException("fragmented messages are not supported");
        }
        long length = in.u32();
        if (length != data.length) {
            throw new MalformedMessageException("length field " + length + " but " + data.length + " bytes");
        }
        long tid = in.u64();
        int maxResponse = (int) in.u32();
        int viaLen = in.u16();
        int destLen = in.u16();
        int optLen = in.u16();
        Wire.In via = new Wire.In(in.raw(viaLen));
        Wire.In dest = new Wire.In(in.raw(destLen));
        if (optLen != 0) {
            throw new MalformedMessageException("forwarding options are not supported");
        }
        List<Destination> viaList = new ArrayList<>();
        while (via.hasMore()) {
            viaList.add(Destination.read(via));
        }
        List<Destination> destList = new ArrayList<>();
        while (dest.hasMore()) {
            destList.add(Destination.read(dest));
        }
        int code = in.u16();
        byte[] body = in.opaque32();
        in.opaque32();
        Wire.In certs = in.vector16();
        List<byte[]> certificates = new ArrayList<>();
        while (certs.hasMore()) {
            certs.u8();
            certificates.add(certs.opaque16());
        }
        int hash = in.u8();
        int sig = in.u8();
        int idType = in.u8();
        Wire.In id = in.vector16();
        byte[] certHash = new byte[0];
        if (idType == 1 && id.hasMore()) {
            id.u8();
            certHash = id.opaque8();
        }
        byte[] signature = in.opaque16();
        in.end();
        return new Message(new ForwardingHeader(overlay, seq, ttl, tid, maxResponse, viaList, destList), code, body,
                new SecurityBlock(certificates, hash, sig, certHash, signature));
    }
}
