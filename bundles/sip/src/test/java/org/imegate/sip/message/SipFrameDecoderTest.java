package org.imegate.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipFrameDecoderTest {

    private static List<Object> feed(byte[]... chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(new SipFrameDecoder());
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void splitAtEveryPosition() {
        byte[] all = Messages.bytes(Messages.INVITE + Messages.OK);
        for (int cut = 0; cut <= all.length; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(all, cut, all.length);
            List<Object> out = feed(a, b);
            assertEquals(2, out.size(), "cut at " + cut);
            SipRequest invite = assertInstanceOf(SipRequest.class, out.get(0));
            assertEquals(Messages.SDP.length(), invite.body().length);
            assertEquals(200, assertInstanceOf(SipResponse.class, out.get(1)).statusCode());
        }
    }

    @Test
    void byteByByteWithKeepAlives() {
        byte[] all = Messages.bytes("\r\n\r\n" + Messages.BYE + "\r\n\r\n\r\n" + Messages.OPTIONS + "\r\n");
        byte[][] chunks = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            chunks[i] = new byte[] {all[i]};
        }
        List<Object> out = feed(chunks);
        assertEquals(2, out.size());
        assertEquals("BYE", ((SipRequest) out.get(0)).method());
        assertEquals("OPTIONS", ((SipRequest) out.get(1)).method());
        assertTrue(feed(Messages.bytes("\r\n\r\n"), Messages.bytes("\r\n")).isEmpty());
    }

    @Test
    void aDoubleCrlfPingGetsACrlfPongEvenWhenSplit() {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(new SipFrameDecoder());
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(Messages.bytes("\r\n\r")));
        assertTrue(ch.outboundMessages().isEmpty(), "no pong before the ping is complete");
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(Messages.bytes("\n")));
        io.netty.buffer.ByteBuf pong = ch.readOutbound();
        assertEquals("\r\n", pong.toString(java.nio.charset.StandardCharsets.US_ASCII));
        pong.release();
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(Messages.bytes(Messages.BYE)));
        assertEquals("BYE", ((SipRequest) ch.readInbound()).method());
        assertTrue(ch.outboundMessages().isEmpty(), "a message is not a ping");
        ch.finishAndReleaseAll();
    }

    @Test
    void severalMessagesInOneBuffer() {
        List<Object> out = feed(Messages.bytes(Messages.BYE + Messages.INVITE + Messages.OK + Messages.OPTIONS));
        assertEquals(4, out.size());
        assertInstanceOf(SipResponse.class, out.get(2));
    }

    @Test
    void malformedFrameKeepsConnection() {
        String bad = Messages.BYE.replace("CSeq: 102 BYE", "CSeq: 102 INVITE");
        List<Object> out = feed(Messages.bytes(bad + Messages.OPTIONS));
        assertEquals(2, out.size());
        SipFrameError e = assertInstanceOf(SipFrameError.class, out.get(0));
        assertFalse(e.closeConnection());
        assertEquals(400, e.error().statusCode());
        assertTrue(e.error().answerable().isPresent());
        assertInstanceOf(SipRequest.class, out.get(1));
    }

    @Test
    void missingContentLengthCloses() {
        String noLength = Messages.BYE.replace("Content-Length: 0\r\n", "");
        List<Object> out = feed(Messages.bytes(noLength + Messages.OPTIONS));
        assertEquals(1, out.size());
        SipFrameError e = assertInstanceOf(SipFrameError.class, out.get(0));
        assertTrue(e.closeConnection());
        assertEquals(400, e.error().statusCode());
        assertEquals("BYE", e.error().answerable().orElseThrow().cseq().method());
    }

    @Test
    void oversizedBodySkippedAndAnswered413() {
        String big = Messages.BYE.replace("Content-Length: 0", "Content-Length: 70000");
        byte[] body = new byte[70000];
        List<Object> out = feed(Messages.bytes(big), body, Messages.bytes(Messages.OPTIONS));
        assertEquals(2, out.size());
        SipFrameError e = assertInstanceOf(SipFrameError.class, out.get(0));
        assertEquals(413, e.error().statusCode());
        assertFalse(e.closeConnection());
        assertEquals("OPTIONS", ((SipRequest) out.get(1)).method());
    }

    @Test
    void endlessHeadersClose() {
        byte[] junk = Messages.bytes("INVITE sip:a@b SIP/2.0\r\n" + "X-Junk: aaaaaaaaaa\r\n".repeat(4000));
        List<Object> out = feed(junk, Messages.bytes(Messages.OPTIONS));
        assertEquals(1, out.size());
        SipFrameError e = assertInstanceOf(SipFrameError.class, out.get(0));
        assertTrue(e.closeConnection());
        assertEquals(0, e.error().statusCode());
        assertNull(e.error().answerable().orElse(null));
    }

    @Test
    void compactAndFoldedContentLength() {
        String compact = Messages.OPTIONS.replace("Content-Length: 0\r\n", "l:\r\n 4\r\n") + "abcd";
        List<Object> out = feed(Messages.bytes(compact + Messages.BYE));
        assertEquals(2, out.size());
        assertEquals(4, ((SipMessage) out.get(0)).body().length);
    }
}
