package org.imegate.sip.message;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Builds responses to requests (RFC 3261 §8.2.6). */
public final class SipResponses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SipResponses() {
    }

    /**
     * A response copying every Via, From, To, Call-ID and CSeq of the request, in that order, with Content-Length
     * 0. A To without tag gets a random one when the code is above 100.
     */
    public static SipResponse answer(SipRequest request, int code, String reason) {
        SipResponse r = new SipResponse(code, reason, 8);
        for (int i = 0; i < request.names.size(); i++) {
            if (request.names.get(i) == HeaderNames.VIA) {
                r.names.add(HeaderNames.VIA);
                r.values.add(request.values.get(i));
            }
        }
        copy(request, r, HeaderNames.FROM);
        String to = request.header(HeaderNames.TO);
        if (to != null) {
            if (code > 100) {
                NameAddr addr = NameAddr.tryParse(to);
                if (addr != null && addr.tag() == null) {
                    to = to.strip() + ";tag=" + newTag();
                }
            }
            r.addHeader(HeaderNames.TO, to);
        }
        copy(request, r, HeaderNames.CALL_ID);
        copy(request, r, HeaderNames.CSEQ);
        r.addHeader(HeaderNames.CONTENT_LENGTH, "0");
        return r;
    }

    private static void copy(SipRequest from, SipResponse to, String name) {
        String v = from.header(name);
        if (v != null) {
            to.addHeader(name, v);
        }
    }

    /** A random tag of 64 bits, hex. */
    public static String newTag() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
