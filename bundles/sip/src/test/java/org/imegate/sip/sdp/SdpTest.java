package org.imegate.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {

    static final String OFFER = "v=0\r\n"
            + "o=CiscoSystemsCCM-SIP 2000 1 IN IP4 10.1.1.10\r\n"
            + "s=SIP Call – ümlaut\r\n"
            + "c=IN IP4 10.1.1.20\r\n"
            + "t=0 0\r\n"
            + "m=audio 24580 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=rtcp:24581\r\n"
            + "a=rtcp-mux\r\n"
            + "a=sendrecv\r\n"
            + "m=video 24590 RTP/AVP 126\r\n"
            + "c=IN IP4 10.1.1.21/127\r\n"
            + "a=rtpmap:126 H264/90000\r\n"
            + "m=image 24600 udptl t38\r\n"
            + "a=T38FaxVersion:0\n";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsByteExact() {
        for (String s : List.of(OFFER, "v=0\no=- 1 1 IN IP6 ::1\ns=-\nt=0 0", "v=0\r\nweird line\r\nm=audio 1 RTP/AVP 0\r\n")) {
            assertArrayEquals(b(s), Sdp.parse(b(s)).encode());
        }
    }

    @Test
    void readsAndRewrites() {
        Sdp sdp = Sdp.parse(b(OFFER));
        assertEquals("10.1.1.10", sdp.originAddress());
        assertEquals("10.1.1.20", sdp.connectionAddress());
        assertEquals(3, sdp.media().size());
        Sdp.Media audio = sdp.media().get(0);
        assertEquals("audio", audio.media());
        assertEquals(24580, audio.port());
        assertEquals("RTP/AVP", audio.proto());
        assertEquals(List.of("0", "8", "101"), audio.formats());
        assertNull(audio.connectionAddress());
        assertEquals("24581", audio.attribute("rtcp"));
        assertEquals("", audio.attribute("rtcp-mux"));
        Sdp.Media video = sdp.media().get(1);
        assertTrue(video.hasEncoding("h264"));
        assertFalse(audio.hasEncoding("H264"));
        assertEquals("10.1.1.21", video.connectionAddress());
        assertEquals("image", sdp.media().get(2).media());

        sdp.originAddress("2001:db8::5");
        sdp.connectionAddress("192.0.2.10");
        audio.port(40000);
        audio.removeAttribute("rtcp");
        audio.removeAttribute("rtcp-mux");
        audio.connectionAddress("192.0.2.11");
        video.port(0);
        video.connectionAddress("192.0.2.12");
        sdp.media().get(2).port(0);
        sdp.media().get(2).addAttribute("inactive");
        String out = new String(sdp.encode(), StandardCharsets.UTF_8);
        assertEquals("v=0\r\n"
                + "o=CiscoSystemsCCM-SIP 2000 1 IN IP6 2001:db8::5\r\n"
                + "s=SIP Call – ümlaut\r\n"
                + "c=IN IP4 192.0.2.10\r\n"
                + "t=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 8 101\r\n"
                + "c=IN IP4 192.0.2.11\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=sendrecv\r\n"
                + "m=video 0 RTP/AVP 126\r\n"
                + "c=IN IP4 192.0.2.12/127\r\n"
                + "a=rtpmap:126 H264/90000\r\n"
                + "m=image 0 udptl t38\r\n"
                + "a=T38FaxVersion:0\n"
                + "a=inactive\n", out);
        audio.formats(List.of("0"));
        assertEquals(List.of("0"), audio.formats());
    }
}
