package org.imegate.ime.vap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.imegate.ime.ImeCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the TCP stream into VAP messages by their header's length. A header that is not VAP (bits,
 * magic cookie) leaves no way to find the next message: it is counted and the connection closed.
 * A message can be at most 20 + 65535 bytes, so nothing grows without bound.
 */
final class VapFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(VapFrameDecoder.class);
    private final ImeCounters counters;
    private final String server;

    VapFrameDecoder(ImeCounters counters, String server) {
        this.counters = counters;
        this.server = server;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= VapAttr.HEADER_LENGTH) {
            byte[] header = new byte[VapAttr.HEADER_LENGTH];
            in.getBytes(in.readerIndex(), header);
            try {
                VapCodec.checkHeader(header);
            } catch (VapFormatException e) {
                counters.vapMalformed.increment();
                LOG.warn("VAP server {}: {} from {} is not VAP ({}); closing the connection", server,
                        in.readableBytes() + " bytes", ctx.channel().remoteAddress(), e.getMessage());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            int length = VapCodec.frameLength(header);
            if (in.readableBytes() < length) {
                return;
            }
            byte[] frame = new byte[length];
            in.readBytes(frame);
            counters.bytesReceived.add(length);
            out.add(frame);
        }
    }
}
