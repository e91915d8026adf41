package org.imegate.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one SIP message from bytes (RFC 3261 §7 and §25), strictly: start-line grammar, SIP/2.0 only, mandatory
 * and single-valued header fields, CSeq method against the request method, Max-Forwards and Content-Length ranges,
 * header folding, and the robustness limits of {@link #MAX_MESSAGE}, {@link #MAX_HEADERS} and
 * {@link #MAX_HEADER_LINE}. Datagram semantics for the body: octets beyond Content-Length are discarded, fewer
 * octets than Content-Length are an error, no Content-Length means the rest of the datagram.
 *
 * <p>Any input either yields a message or a {@link SipParseException}; nothing else is thrown.
 */
public final class SipParser {

    /** Largest accepted message, in octets. */
    public static final int MAX_MESSAGE = 64 * 1024;
    /** Most header field lines accepted. */
    public static final int MAX_HEADERS = 128;
    /** Longest header field (after unfolding) or start line, in octets. */
    public static final int MAX_HEADER_LINE = 8 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private SipParser() {
    }

    public static SipMessage parse(byte[] data) throws SipParseException {
        return parse(data, 0, data.length);
    }

    public static SipMessage parse(byte[] data, int offset, int length) throws SipParseException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SipParseException(0, "no data", null);
        }
        try {
            return new Run(data, offset, length).parse();
        } catch (SipParseException e) {
            throw e;
        } catch (RuntimeException e) {
            // defensive: a parser defect must never escape as anything but a drop
            throw new SipParseException(0, "unparseable message", null);
        }
    }

    /** State of one parse. */
    private static final class Run {
        private final byte[] b;
        private final int start;
        private final int limit;
        private final boolean tooLarge;

        private final List<String> names = new ArrayList<>(16);
        private final List<String> values = new ArrayList<>(16);
        private boolean response;
        private String method;
        private String requestUri;

        Run(byte[] data, int offset, int length) {
            this.b = data;
            this.start = offset;
            this.tooLarge = length > MAX_MESSAGE;
            this.limit = offset + Math.min(length, MAX_MESSAGE);
            this.fullEnd = offset + length;
        }

        private final int fullEnd;

        SipMessage parse() throws SipParseException {
            int i = start;
            // tolerate leading CRLFs (RFC 3261 §7.5)
            while (i < limit && (b[i] == '\r' || b[i] == '\n')) {
                i++;
            }
            if (i >= limit) {
                throw new SipParseException(0, "empty message", null);
            }
            response = limit - i >= 4 && (b[i] | 0x20) == 's' && (b[i + 1] | 0x20) == 'i' && (b[i + 2] | 0x20) == 'p'
                    && b[i + 3] == '/';
            int lineEnd = lineEnd(i);
            if (lineEnd < 0) {
                throw new SipParseException(response ? 0 : 400, "no start line", null);
            }
            int startLineStart = i;
            int startLineEnd = trimCr(i, lineEnd);
            i = lineEnd + 1;

            int bodyStart = -1;
            String failure = null;
            int failureCode = 400;
            while (i < limit) {
                if (b[i] == '\n') {
                    bodyStart = i + 1;
                    break;
                }
                if (b[i] == '\r' && i + 1 < limit && b[i + 1] == '\n') {
                    bodyStart = i + 2;
                    break;
                }
                if (names.size() >= MAX_HEADERS) {
                    failure = "Too many header fields";
                    break;
                }
                int next = header(i);
                if (next < 0) {
                    failure = next == -2 ? "Header field too long" : "Malformed header field";
                    break;
                }
                i = next;
            }
            if (failure == null && bodyStart < 0) {
                failure = tooLarge ? "Message Too Large" : "Missing empty line after header fields";
                failureCode = tooLarge ? 413 : 400;
            }
            String startError = startLine(startLineStart, startLineEnd);
            if (response) {
                if (startError != null) {
                    throw new SipParseException(0, startError, null);
                }
                if (failure != null) {
                    throw new SipParseException(0, failure, null);
                }
            } else {
                if (startError != null) {
                    throw error(startError.startsWith("505") ? 505 : 400, startError.startsWith("505")
                            ? "Version Not Supported" : startError);
                }
                if (failure != null) {
                    throw error(failureCode, failure);
                }
            }
            if (tooLarge) {
                throw error(413, "Message Too Large");
            }
            return build(bodyStart);
        }

        private SipParseException error(int code, String reason) {
            return new SipParseException(response ? 0 : code, reason, response ? null : answerable());
        }

        /** Index of the LF ending the line starting at i, -1 when none before the limit. */
        private int lineEnd(int i) {
            for (int j = i; j < limit; j++) {
                if (b[j] == '\n') {
                    return j;
                }
            }
            return -1;
        }

        private int trimCr(int from, int lf) {
            return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
        }

        /** Parses a header field starting at i; returns the index after it, -1 when malformed, -2 when too long. */
        private int header(int i) {
            int ns = i;
            while (i < limit && b[i] >= 0 && Chars.is(b[i], Chars.TOKEN)) {
                i++;
            }
            int ne = i;
            if (ne == ns) {
                return -1;
            }
            while (i < limit && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i >= limit || b[i] != ':') {
                return -1;
            }
            i++;
            while (i < limit && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int vs = i;
            int lf = lineEnd(i);
            if (lf < 0) {
                return -1;
            }
            int ve = trimCr(vs, lf);
            int next = lf + 1;
            String value;
            if (next < limit && (b[next] == ' ' || b[next] == '\t')) {
                // folded: join the continuation lines with one space
                StringBuilder sb = new StringBuilder(256);
                appendPiece(sb, vs, ve);
                while (next < limit && (b[next] == ' ' || b[next] == '\t')) {
                    int cs = next;
                    while (cs < limit && (b[cs] == ' ' || b[cs] == '\t')) {
                        cs++;
                    }
                    int clf = lineEnd(cs);
                    if (clf < 0) {
                        return -1;
                    }
                    int ce = trimCr(cs, clf);
                    if (ce > cs) {
                        if (sb.length() > 0) {
                            sb.append(' ');
                        }
                        appendPiece(sb, cs, ce);
                    }
                    if (sb.length() > MAX_HEADER_LINE) {
                        return -2;
                    }
                    next = clf + 1;
                }
                value = sb.toString();
            } else {
                while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                    ve--;
                }
                if (ve - ns > MAX_HEADER_LINE) {
                    return -2;
                }
                value = decode(vs, ve);
            }
            for (int k = 0; k < value.length(); k++) {
                if (value.charAt(k) == '\r') {
                    return -1;
                }
            }
            String name = HeaderNames.canonical(b, ns, ne - ns);
            if (name == null) {
                name = new String(b, ns, ne - ns, StandardCharsets.ISO_8859_1);
            }
            names.add(name);
            values.add(value);
            return next;
        }

        private void appendPiece(StringBuilder sb, int from, int to) {
            while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
                to--;
            }
            sb.append(decode(from, to));
        }

        private String decode(int from, int to) {
            for (int k = from; k < to; k++) {
                if (b[k] < 0) {
                    return new String(b, from, to - from, StandardCharsets.UTF_8);
                }
            }
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }

        /** Checks the start line; returns null when fine, else a reason ("505 ..." for a bad version). */
        private String startLine(int s, int e) {
            if (e - s > MAX_HEADER_LINE) {
                return "Start line too long";
            }
            int sp1 = indexOf(s, e, (byte) ' ');
            if (sp1 < 0) {
                return "Malformed start line";
            }
            int sp2 = indexOf(sp1 + 1, e, (byte) ' ');
            if (response) {
                if (sp2 < 0 || sp2 - sp1 != 4 || !version(s, sp1)) {
                    return "Malformed status line";
                }
                for (int k = sp1 + 1; k < sp2; k++) {
                    if (b[k] < '0' || b[k] > '9') {
                        return "Malformed status code";
                    }
                }
                if (!isTwoZero(s, sp1)) {
                    return "505 Version Not Supported";
                }
                int code = (b[sp1 + 1] - '0') * 100 + (b[sp1 + 2] - '0') * 10 + (b[sp1 + 3] - '0');
                if (code < 100 || code > 699) {
                    return "Status code out of range";
                }
                for (int k = sp2 + 1; k < e; k++) {
                    if (b[k] == '\r' || b[k] == '\n') {
                        return "Malformed reason phrase";
                    }
                }
                statusCode = code;
                reason = decode(sp2 + 1, e);
                return null;
            }
            for (int k = s; k < sp1; k++) {
                if (b[k] < 0 || !Chars.is(b[k], Chars.TOKEN)) {
                    return "Malformed method";
                }
            }
            if (sp1 == s) {
                return "Malformed request line";
            }
            method = new String(b, s, sp1 - s, StandardCharsets.ISO_8859_1);
            if (sp2 < 0 || sp2 == sp1 + 1 || indexOf(sp2 + 1, e, (byte) ' ') >= 0 || indexOf(sp2 + 1, e, (byte) '\t') >= 0) {
                return "Malformed request line";
            }
            for (int k = sp1 + 1; k < sp2; k++) {
                if (b[k] <= ' ' || b[k] == 127) {
                    return "Malformed Request-URI";
                }
            }
            requestUri = decode(sp1 + 1, sp2);
            if (!version(sp2 + 1, e)) {
                return "Malformed SIP version";
            }
            if (!isTwoZero(sp2 + 1, e)) {
                return "505 Version Not Supported";
            }
            return null;
        }

        private int statusCode;
        private String reason;

        private int indexOf(int from, int to, byte c) {
            for (int k = from; k < to; k++) {
                if (b[k] == c) {
                    return k;
                }
            }
            return -1;
        }

        /** "SIP" "/" 1*DIGIT "." 1*DIGIT, SIP case-insensitive. */
        private boolean version(int s, int e) {
            if (e - s < 7 || (b[s] | 0x20) != 's' || (b[s + 1] | 0x20) != 'i' || (b[s + 2] | 0x20) != 'p'
                    || b[s + 3] != '/') {
                return false;
            }
            int k = s + 4;
            int d = k;
            while (k < e && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (k == d || k >= e || b[k] != '.') {
                return false;
            }
            d = ++k;
            while (k < e && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            return k > d && k == e;
        }

        private boolean isTwoZero(int s, int e) {
            return e - s == 7 && b[s + 4] == '2' && b[s + 5] == '.' && b[s + 6] == '0';
        }

        private SipMessage build(int bodyStart) throws SipParseException {
            int clCount = 0;
            int toCount = 0;
            int fromCount = 0;
            int cseqCount = 0;
            int callIdCount = 0;
            int mfCount = 0;
            int viaCount = 0;
            String cl = null;
            for (int k = 0; k < names.size(); k++) {
                String n = names.get(k);
                if (n == HeaderNames.CONTENT_LENGTH) {
                    clCount++;
                    cl = values.get(k);
                } else if (n == HeaderNames.TO) {
                    toCount++;
                } else if (n == HeaderNames.FROM) {
                    fromCount++;
                } else if (n == HeaderNames.CSEQ) {
                    cseqCount++;
                } else if (n == HeaderNames.CALL_ID) {
                    callIdCount++;
                } else if (n == HeaderNames.MAX_FORWARDS) {
                    mfCount++;
                } else if (n == HeaderNames.VIA) {
                    viaCount++;
                }
            }
            if (clCount > 1) {
                throw error(400, "Multiple Content-Length values");
            }
            int available = fullEnd - bodyStart;
            int bodyLength = available;
            if (cl != null) {
                long v = Chars.parseDecimal(cl, 0, cl.length(), Integer.MAX_VALUE);
                if (v < 0) {
                    throw error(400, "Malformed Content-Length");
                }
                if (v > available) {
                    throw error(400, "Content-Length larger than message");
                }
                bodyLength = (int) v;
            }
            if (toCount != 1 || fromCount != 1 || cseqCount != 1 || callIdCount != 1 || mfCount > 1) {
                throw error(400, toCount + fromCount + cseqCount + callIdCount == 0 || toCount == 0 || fromCount == 0
                        || cseqCount == 0 || callIdCount == 0 ? "Missing header field" : "Multiple values in a single-value header field");
            }
            if (viaCount == 0) {
                throw error(400, "Missing Via");
            }
            if (!response && mfCount == 0) {
                throw error(400, "Missing Max-Forwards");
            }
            SipMessage m;
            if (response) {
                m = new SipResponse(statusCode, reason, names.size() + 1);
            } else {
                m = new SipRequest(method, requestUriChecked(), names.size() + 1);
            }
            m.names.addAll(names);
            m.values.addAll(values);
            CSeq cseq = m.cseq();
            if (cseq == null) {
                throw error(400, "Malformed CSeq");
            }
            if (!response && !cseq.method().equals(method)) {
                throw error(400, "CSeq method does not match the request method");
            }
            String callId = m.callId();
            if (callId.isEmpty() || hasWs(callId)) {
                throw error(400, "Malformed Call-ID");
            }
            if (!response && m.maxForwards() < 0) {
                throw error(400, "Malformed Max-Forwards");
            }
            if (m.vias().size() != m.headers(HeaderNames.VIA).size()) {
                throw error(400, "Malformed Via");
            }
            if (m.from() == null) {
                throw error(400, "Malformed From");
            }
            if (m.to() == null) {
                throw error(400, "Malformed To");
            }
            for (String contact : m.headers(HeaderNames.CONTACT)) {
                if (!contact.equals("*") && NameAddr.tryParse(contact) == null) {
                    throw error(400, "Malformed Contact");
                }
            }
            if (m instanceof SipRequest r && r.requestUri() == null && !r.requestUriText().regionMatches(true, 0, "tel:", 0, 4)) {
                throw error(416, "Unsupported URI Scheme");
            }
            m.bodyFromParser(bodyLength == 0 ? EMPTY : Arrays.copyOfRange(b, bodyStart, bodyStart + bodyLength));
            return m;
        }

        private String requestUriChecked() throws SipParseException {
            if (!NameAddr.validAbsoluteUri(requestUri)) {
                throw error(400, "Malformed Request-URI");
            }
            if (NameAddr.isSipScheme(requestUri)) {
                SipUri u = SipUri.tryParse(requestUri);
                if (u == null) {
                    throw error(400, "Malformed Request-URI");
                }
                if (u.headers() != null) {
                    throw error(400, "Request-URI with headers");
                }
            }
            return requestUri;
        }

        private static boolean hasWs(String s) {
            for (int k = 0; k < s.length(); k++) {
                if (s.charAt(k) <= ' ') {
                    return true;
                }
            }
            return false;
        }

        /**
         * The minimal request an error response can be built from: needs a top Via with a usable sent-by and a
         * CSeq of the form number and method (any size of number, so an overlarge one is echoed).
         */
        private SipRequest answerable() {
            String via = null;
            String cseq = null;
            for (int k = 0; k < names.size(); k++) {
                if (via == null && names.get(k) == HeaderNames.VIA) {
                    via = values.get(k);
                }
                if (cseq == null && names.get(k) == HeaderNames.CSEQ) {
                    cseq = values.get(k);
                }
            }
            if (via == null || cseq == null) {
                return null;
            }
            List<String> first = new ArrayList<>(2);
            SipMessage.splitList(via, first);
            if (Via.tryParse(first.get(0), true) == null) {
                return null;
            }
            String c = cseq.strip();
            int k = 0;
            while (k < c.length() && c.charAt(k) >= '0' && c.charAt(k) <= '9') {
                k++;
            }
            int ms = Chars.skipWs(c, k);
            if (k == 0 || ms == k || !Chars.isToken(c.substring(ms))) {
                return null;
            }
            String m = c.substring(ms);
            String uri = requestUri != null && NameAddr.validAbsoluteUri(requestUri) ? requestUri : "sip:invalid";
            SipRequest r;
            try {
                r = new SipRequest(m, uri);
            } catch (IllegalArgumentException e) {
                r = new SipRequest(m, "sip:invalid");
            }
            for (int j = 0; j < names.size(); j++) {
                String n = names.get(j);
                if (n == HeaderNames.VIA || n == HeaderNames.FROM || n == HeaderNames.TO || n == HeaderNames.CALL_ID
                        || n == HeaderNames.CSEQ) {
                    if (n == HeaderNames.VIA) {
                        // a Via with broken parameters is answered to its sent-by, its usable parameters kept
                        List<String> parts = new ArrayList<>(2);
                        SipMessage.splitList(values.get(j), parts);
                        for (String part : parts) {
                            Via strict = Via.tryParse(part, false);
                            Via lenient = strict != null ? strict : Via.tryParse(part, true);
                            if (lenient != null) {
                                r.names.add(n);
                                r.values.add(strict != null ? part : lenient.toString());
                            }
                        }
                    } else if (r.header(n) == null) {
                        r.names.add(n);
                        r.values.add(values.get(j));
                    }
                }
            }
            return r;
        }
    }
}
