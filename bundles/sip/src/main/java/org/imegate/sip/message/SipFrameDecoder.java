package org.imegate.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Delimits SIP messages on a stream (TCP, TLS; RFC 3261 §18.3): header fields up to the empty line, then exactly
 * Content-Length octets of body. Content-Length is mandatory on streams. CRLF keep-alives between messages
 * (RFC 5626 §4.4.1) are consumed silently. Emits {@link SipMessage} or {@link SipFrameError}; after an error that
 * leaves the stream undelimitable every further octet is discarded, the transport closes the connection.
 */
public final class SipFrameDecoder extends ByteToMessageDecoder {
    private static final byte[] PONG = {'\r', '\n'};
    private int lineFeeds;

    private boolean broken;
    private long discard;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (broken) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (discard > 0) {
                int n = (int) Math.min(discard, in.readableBytes());
                in.skipBytes(n);
                discard -= n;
                if (discard > 0) {
                    return;
                }
            }
            // keep-alive CRLFs between messages; a double-CRLF ping gets a CRLF pong (RFC 5626 3.5.1)
            while (in.isReadable()) {
                byte c = in.getByte(in.readerIndex());
                if (c != '\r' && c != '\n') {
                    lineFeeds = 0;
                    break;
                }
                in.skipBytes(1);
                if (c == '\n' && ++lineFeeds == 2) {
                    lineFeeds = 0;
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
                }
            }
            if (!in.isReadable()) {
                return;
            }
            int start = in.readerIndex();
            int readable = in.readableBytes();
            int headerEnd = endOfHeaders(in, start, Math.min(readable, SipParser.MAX_MESSAGE));
            if (headerEnd < 0) {
                if (readable >= SipParser.MAX_MESSAGE) {
                    fail(out, 413, "Message Too Large", in, start, readable);
                }
                return;
            }
            int headerLength = headerEnd - start;
            long contentLength = contentLength(in, start, headerEnd);
            if (contentLength == -1) {
                fail(out, 400, "Missing Content-Length", in, start, headerLength);
                return;
            }
            if (contentLength < 0) {
                fail(out, 400, "Malformed Content-Length", in, start, headerLength);
                return;
            }
            long total = headerLength + contentLength;
            if (total > SipParser.MAX_MESSAGE) {
                // delimitable: answer 413 from the header fields and skip the body as it arrives
                out.add(new SipFrameError(errorOf(in, start, headerLength, 413, "Message Too Large"), false));
                in.skipBytes(headerLength);
                discard = contentLength;
                continue;
            }
            if (readable < total) {
                return;
            }
            byte[] frame = new byte[(int) total];
            in.readBytes(frame);
            try {
                out.add(SipParser.parse(frame, 0, frame.length));
            } catch (SipParseException e) {
                out.add(new SipFrameError(e, false));
            }
        }
    }

    private void fail(List<Object> out, int code, String reason, ByteBuf in, int start, int length) {
        out.add(new SipFrameError(errorOf(in, start, length, code, reason), true));
        broken = true;
        in.skipBytes(in.readableBytes());
    }

    /** The error with an answerable request when the header fields allow one. */
    private static SipParseException errorOf(ByteBuf in, int start, int length, int code, String reason) {
        int n = Math.min(length, SipParser.MAX_MESSAGE);
        byte[] head = new byte[n + 4];
        in.getBytes(start, head, 0, n);
        int end = n;
        // terminate the header block so only the header fields are read
        head[end++] = '\r';
        head[end++] = '\n';
        head[end++] = '\r';
        head[end++] = '\n';
        SipRequest answerable = null;
        try {
            SipMessage m = SipParser.parse(head, 0, end);
            if (m instanceof SipRequest r) {
                answerable = r;
            }
        } catch (SipParseException e) {
            answerable = e.answerable().orElse(null);
        }
        return new SipParseException(code, reason, answerable);
    }

    /** Index just after the empty line (CRLFCRLF or LFLF), -1 when not within {@code length} octets. */
    static int endOfHeaders(ByteBuf in, int start, int length) {
        int end = start + length;
        for (int i = start; i < end; i++) {
            if (in.getByte(i) == '\n') {
                if (i + 1 < end && in.getByte(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < end && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /**
     * The Content-Length (or compact l) of the header block; -1 when absent, -2 when malformed or given twice with
     * different values.
     */
    static long contentLength(ByteBuf in, int start, int end) {
        long found = -1;
        int i = start;
        while (i < end) {
            int lineStart = i;
            int lf = i;
            while (lf < end && in.getByte(lf) != '\n') {
                lf++;
            }
            // name
            int j = lineStart;
            while (j < lf && isNameChar(in.getByte(j))) {
                j++;
            }
            int nameEnd = j;
            while (j < lf && (in.getByte(j) == ' ' || in.getByte(j) == '\t')) {
                j++;
            }
            if (nameEnd > lineStart && j < lf && in.getByte(j) == ':' && isContentLength(in, lineStart, nameEnd)) {
                j++;
                long v = 0;
                int digits = 0;
                int k = j;
                int lineEnd = lf;
                // value may continue on folded lines
                while (true) {
                    for (; k < lineEnd; k++) {
                        byte c = in.getByte(k);
                        if (c >= '0' && c <= '9') {
                            if (digits > 0 && k > 0 && isWs(in.getByte(k - 1)) && v >= 0 && sawSpaceAfterDigits(in, j, k)) {
                                return -2;
                            }
                            v = v * 10 + (c - '0');
                            digits++;
                            if (v > Integer.MAX_VALUE) {
                                return -2;
                            }
                        } else if (!isWs(c) && c != '\r') {
                            return -2;
                        }
                    }
                    if (lineEnd + 1 < end && isWs(in.getByte(lineEnd + 1))) {
                        k = lineEnd + 1;
                        lineEnd = k;
                        while (lineEnd < end && in.getByte(lineEnd) != '\n') {
                            lineEnd++;
                        }
                        lf = lineEnd;
                        continue;
                    }
                    break;
                }
                if (digits == 0 || (found >= 0 && found != v)) {
                    return -2;
                }
                found = v;
            }
            i = lf + 1;
        }
        return found;
    }

    private static boolean sawSpaceAfterDigits(ByteBuf in, int from, int to) {
        boolean digit = false;
        for (int k = from; k < to; k++) {
            byte c = in.getByte(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (digit) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNameChar(byte c) {
        return c > ' ' && c < 127 && c != ':';
    }

    private static boolean isContentLength(ByteBuf in, int s, int e) {
        int n = e - s;
        if (n == 1) {
            return (in.getByte(s) | 0x20) == 'l';
        }
        if (n != 14) {
            return false;
        }
        String name = "content-length";
        for (int k = 0; k < 14; k++) {
            int c = in.getByte(s + k);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
