package org.imegate.sip.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SipParserTest {

    private static SipMessage parse(String s) throws SipParseException {
        return SipParser.parse(Messages.bytes(s));
    }

    private static int code(String s) {
        return assertThrows(SipParseException.class, () -> parse(s)).statusCode();
    }

    @Test
    void inviteWithSdp() throws Exception {
        SipRequest r = (SipRequest) parse(Messages.INVITE);
        assertTrue(r.isRequest());
        assertEquals("INVITE", r.method());
        assertEquals("ime.example.com", r.requestUri().host());
        assertEquals(5061, r.requestUri().port());
        assertEquals("tls", r.requestUri().param("transport"));
        assertEquals("+14085551234", r.requestUri().user());
        assertEquals(new CSeq(101, "INVITE"), r.cseq());
        assertEquals(2, r.vias().size());
        assertEquals("TLS", r.topVia().transport());
        assertEquals("z9hG4bK1a2b3c4d5e", r.topVia().branch());
        assertEquals("", r.topVia().rport());
        assertEquals("10.1.1.9", r.vias().get(1).received());
        assertEquals("Alice Example", r.from().displayName());
        assertEquals("8f3a9c21", r.from().tag());
        assertNull(r.to().tag());
        assertEquals(70, r.maxForwards());
        assertEquals(Messages.SDP, new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(Messages.INVITE, new String(r.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void responseAndAnswer() throws Exception {
        SipResponse ok = (SipResponse) parse(Messages.OK);
        assertEquals(200, ok.statusCode());
        assertEquals("OK", ok.reasonPhrase());
        assertEquals("77ab01", ok.to().tag());

        SipRequest invite = (SipRequest) parse(Messages.INVITE);
        SipResponse ringing = SipResponses.answer(invite, 180, "Ringing");
        assertEquals(List.of("Via", "Via", "From", "To", "Call-ID", "CSeq", "Content-Length"), ringing.headerNames());
        assertNotNull(ringing.to().tag());
        assertEquals(invite.callId(), ringing.callId());
        SipResponse trying = SipResponses.answer(invite, 100, "Trying");
        assertNull(trying.to().tag());
        SipMessage again = SipParser.parse(ringing.encode());
        assertEquals(ringing.to().tag(), again.to().tag());
    }

    @Test
    void headerAccessAndMutation() throws Exception {
        SipRequest r = (SipRequest) parse("INVITE sip:b@example.com SIP/2.0\r\n"
                + "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2\r\n"
                + "f: <sip:a@example.com>;tag=1\r\nt: sip:b@example.com\r\ni: abc\r\n"
                + "CSEQ: 1 INVITE\r\nmax-forwards: 70\r\n"
                + "m: \"A, B\" <sip:a@h1>, <http://h/a,b>\r\n"
                + "Subject: first\r\n line two\r\nl: 0\r\n\r\n");
        assertEquals("abc", r.header("Call-ID"));
        assertEquals("abc", r.header("i"));
        assertEquals("first line two", r.header("subject"));
        assertEquals(List.of("\"A, B\" <sip:a@h1>", "<http://h/a,b>"), r.headers("Contact"));
        assertEquals(2, r.headers("Via").size());
        r.addHeaderFirst("Via", "SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bKtop");
        assertEquals("proxy.example.com", r.topVia().host());
        r.removeFirstHeader("Via");
        assertEquals("a.example.com", r.topVia().host());
        r.removeFirstHeader("Via");
        assertEquals(1, r.headers("Via").size());
        r.setHeader("Max-Forwards", "69");
        assertEquals(69, r.maxForwards());
        r.setBody(Messages.bytes("v=0\r\n"), "application/sdp");
        String text = new String(r.encode(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("\r\nContent-Length: 5\r\n"), text);
        assertTrue(text.contains("\r\nContent-Type: application/sdp\r\n"), text);
        assertTrue(text.contains("\r\nCall-ID: abc\r\n"), text);
        r.setBody(null, null);
        assertNull(r.header("Content-Type"));
        r.removeHeader("Subject");
        assertNull(r.header("s"));
        r.requestUri(r.requestUri().withHost("192.0.2.7").withPort(5070));
        assertTrue(r.startLine().startsWith("INVITE sip:b@192.0.2.7:5070 SIP/2.0"));
    }

    @Test
    void telRequestUriKept() throws Exception {
        SipRequest r = (SipRequest) parse(Messages.BYE.replace("BYE sip:+14085551234@192.0.2.50:5061;transport=tls",
                "BYE tel:+14085551234"));
        assertNull(r.requestUri());
        assertEquals("tel:+14085551234", r.requestUriText());
    }

    @Test
    void grammarAndLimits() {
        assertEquals(505, code(Messages.BYE.replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia")));
        assertEquals(400, code(Messages.BYE.replace("CSeq: 102 BYE", "CSeq: 102 INVITE")));
        assertEquals(400, code(Messages.BYE.replace("Max-Forwards: 70", "Max-Forwards: 256")));
        assertEquals(400, code(Messages.BYE.replace("Max-Forwards: 70\r\n", "")));
        assertEquals(400, code(Messages.BYE.replace("Content-Length: 0", "Content-Length: 3")));
        assertEquals(416, code(Messages.BYE.replace("BYE sip:+14085551234@192.0.2.50:5061;transport=tls",
                "BYE http://example.com")));
        assertEquals(0, code(Messages.OK.replace("CSeq: 101 INVITE\r\n", "")));
        assertEquals(0, code(Messages.OK.replace("SIP/2.0 200 OK", "SIP/2.0 2000 OK")));
        StringBuilder many = new StringBuilder(Messages.BYE.replace("\r\n\r\n", "\r\n"));
        for (int i = 0; i < SipParser.MAX_HEADERS; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertEquals(400, code(many.append("\r\n").toString()));
        String longLine = Messages.BYE.replace("Max-Forwards: 70\r\n",
                "Max-Forwards: 70\r\nX-Long: " + "a".repeat(SipParser.MAX_HEADER_LINE) + "\r\n");
        assertEquals(400, code(longLine));
        String big = Messages.BYE.replace("Content-Length: 0\r\n\r\n",
                "Content-Length: 70000\r\n\r\n" + "x".repeat(70000));
        SipParseException e = assertThrows(SipParseException.class, () -> parse(big));
        assertEquals(413, e.statusCode());
        assertEquals("4f8c2a10-1dd2-11b2-9a3c-0050568a1b2c@10.1.1.10", e.answerable().orElseThrow().callId());
    }

    @Test
    void bodyLongerThanContentLengthTruncated() throws Exception {
        SipMessage m = parse(Messages.BYE.replace("Content-Length: 0\r\n\r\n", "Content-Length: 2\r\n\r\nabcdef"));
        assertArrayEquals(Messages.bytes("ab"), m.body());
        SipMessage noLength = parse(Messages.BYE.replace("Content-Length: 0\r\n\r\n", "\r\nxyz"));
        assertArrayEquals(Messages.bytes("xyz"), noLength.body());
    }

    @Test
    void uriNameAddrViaRoundTrip() {
        for (String u : List.of("sip:alice@example.com", "sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?Subject=x",
                "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
                "sip:null-%00-null@example.com", "sip:192.0.2.1:5060;maddr=239.1.1.1;ttl=2")) {
            assertEquals(u, SipUri.parse(u).toString());
        }
        SipUri v6 = SipUri.parse("sip:a@example.com").withHost("2001:db8::2").withParam("lr", null);
        assertEquals("sip:a@[2001:db8::2];lr", v6.toString());
        assertEquals("", v6.param("lr"));
        assertNull(SipUri.tryParse("sip:a@exa mple.com"));
        assertNull(SipUri.tryParse("sip:a@example.com:99999"));

        NameAddr a = NameAddr.parse("\"J Rosenberg \\\"\" <sip:jdrosen@example.com> ; tag = 98asjd8");
        assertEquals("J Rosenberg \"", a.displayName());
        assertEquals("98asjd8", a.tag());
        NameAddr bare = NameAddr.parse("sip:caller@example.net;tag=134");
        assertEquals("134", bare.tag());
        assertNull(bare.uri().param("tag"));
        assertEquals("<sip:caller@example.net>;tag=x", bare.withTag("x").toString());
        assertEquals("tel", NameAddr.parse("<tel:+1234>").uriText().substring(0, 3));
        assertNull(NameAddr.tryParse("\"unterminated <sip:a@b>"));

        Via via = Via.parse("SIP  /   2.0 /UDP    192.0.2.2:5060 ;branch=z9hG4bK39;rport;received=[2001:db8::9]");
        assertEquals("SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK39;rport;received=[2001:db8::9]", via.toString());
        assertEquals(5060, via.port());
        assertEquals("SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK39;rport=5071;received=[2001:db8::9]",
                via.withParam("rport", "5071").toString());
        assertNull(Via.tryParse("SIP/2.0/UDP 192.0.2.15;;", false));
        assertNull(CSeq.tryParse("2147483648 INVITE"));
        assertEquals(new CSeq(9, "INVITE"), CSeq.tryParse("0009   INVITE"));
    }

    /** Random mutations of the corpus and the typical messages: only SipParseException may come out. */
    @Test
    void fuzzNeverThrowsAnythingElse() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : List.of(Messages.INVITE, Messages.OK, Messages.BYE, Messages.OPTIONS)) {
            seeds.add(Messages.bytes(s));
        }
        for (var row : Rfc4475Test.corpus().toList()) {
            seeds.add(Rfc4475Test.load((String) row.get()[0]));
        }
        Random random = new Random(4475);
        byte[] interesting = Messages.bytes("\r\n \t:;,<>\"\\%@=/?[]0123456789\u0000\u00ff");
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 60_000; round++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] m = seed.clone();
            int mutations = 1 + random.nextInt(8);
            for (int k = 0; k < mutations && m.length > 0; k++) {
                int pos = random.nextInt(m.length);
                switch (random.nextInt(4)) {
                    case 0 -> m[pos] = (byte) random.nextInt(256);
                    case 1 -> m[pos] = interesting[random.nextInt(interesting.length)];
                    case 2 -> m = java.util.Arrays.copyOf(m, pos);
                    default -> {
                        byte[] g = new byte[m.length + 1];
                        System.arraycopy(m, 0, g, 0, pos);
                        g[pos] = interesting[random.nextInt(interesting.length)];
                        System.arraycopy(m, pos, g, pos + 1, m.length - pos);
                        m = g;
                    }
                }
            }
            try {
                SipMessage parsed = SipParser.parse(m, 0, m.length);
                parsed.encode();
                parsed.vias();
                accepted++;
            } catch (SipParseException e) {
                assertTrue(e.statusCode() == 0 || e.statusCode() >= 400, e.getMessage());
                e.answerable().ifPresent(r -> SipResponses.answer(r, e.statusCode(), e.reason()).encode());
                rejected++;
            }
        }
        assertTrue(accepted > 1000, "accepted " + accepted);
        assertTrue(rejected > 1000, "rejected " + rejected);
        assertFalse(accepted + rejected != 60_000);
    }
}
