package org.imegate.media;

import io.netty.buffer.ByteBuf;
import org.imegate.media.srtp.SrtpSession;

/**
 * The SRTP stage of the Internet leg, next to the wire: SRTP from the Internet becomes RTP for the inside,
 * RTP from the inside becomes SRTP toward the Internet (catalogue §3, RFC 3711). The transform works on
 * a byte array reused for every packet of the session; Netty's datagram buffers are direct, so the packet
 * is copied in and the result copied back into the same buffer. A packet that cannot be transformed (no
 * keys yet, forged, replayed) is dropped here and counted by the {@link SrtpSession}.
 */
final class SrtpStage implements PacketStage {
    /** Ethernet-sized datagrams plus the largest SRTP trailer (MKI and tag). */
    private static final int MAX_PACKET = 1500 + 128 + 10;

    private final SrtpSession srtp;
    private final byte[] scratch = new byte[MAX_PACKET + 256];

    SrtpStage(SrtpSession srtp) {
        this.srtp = srtp;
    }

    @Override
    public ByteBuf fromOutside(RelaySession session, ByteBuf packet) {
        int len = packet.readableBytes();
        if (len > MAX_PACKET) {
            packet.release();
            return null;
        }
        packet.getBytes(packet.readerIndex(), scratch, 0, len);
        int n = srtp.unprotect(scratch, 0, len);
        if (n < 0) {
            packet.release();
            return null;
        }
        // the RTP packet is the SRTP packet with its payload decrypted and the trailer cut
        packet.setBytes(packet.readerIndex(), scratch, 0, n);
        packet.writerIndex(packet.readerIndex() + n);
        return packet;
    }

    @Override
    public ByteBuf toOutside(RelaySession session, ByteBuf packet) {
        int len = packet.readableBytes();
        int room = srtp.overhead();
        if (len + room > MAX_PACKET) {
            packet.release();
            return null;
        }
        packet.getBytes(packet.readerIndex(), scratch, 0, len);
        int n = srtp.protect(scratch, 0, len);
        if (n < 0) {
            packet.release();
            return null;
        }
        // the receive buffer (2 KiB) has room for the trailer; ensureWritable grows it otherwise
        packet.writerIndex(packet.readerIndex());
        packet.ensureWritable(n);
        packet.writeBytes(scratch, 0, n);
        return packet;
    }
}
