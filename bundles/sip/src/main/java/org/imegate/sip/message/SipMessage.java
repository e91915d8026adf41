package org.imegate.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SIP request or response: start line, header fields in their received order and a body. Header names are
 * compared case-insensitively and compact forms map to full names; values are kept as received (folded lines
 * joined by a single space). Mutable and not thread-safe; the typed accessors ({@link #topVia()}, {@link #cseq()},
 * ...) parse on demand and are cached until the next change.
 */
public abstract class SipMessage {

    private static final byte[] EMPTY = new byte[0];

    final ArrayList<String> names;
    final ArrayList<String> values;
    private byte[] body = EMPTY;

    private List<Via> vias;
    private CSeq cseq;
    private NameAddr from;
    private NameAddr to;

    SipMessage(int expectedHeaders) {
        names = new ArrayList<>(expectedHeaders);
        values = new ArrayList<>(expectedHeaders);
    }

    public abstract boolean isRequest();

    /** The start line without CRLF. */
    public abstract String startLine();

    /** Header names in order, one entry per header field line (canonical spelling for known names). */
    public List<String> headerNames() {
        return Collections.unmodifiableList(names);
    }

    /** Number of header field lines. */
    public int headerCount() {
        return names.size();
    }

    /** The value of the first header field of that name, or null. */
    public String header(String name) {
        String c = HeaderNames.canonical(name);
        for (int i = 0; i < names.size(); i++) {
            if (same(names.get(i), c)) {
                return values.get(i);
            }
        }
        return null;
    }

    /**
     * All values of that name in order. Via, Route, Record-Route and Contact values written as a comma-separated
     * list on one line are returned as separate values (commas inside quotes or angle brackets do not split).
     */
    public List<String> headers(String name) {
        String c = HeaderNames.canonical(name);
        boolean split = HeaderNames.isList(c);
        List<String> out = new ArrayList<>(4);
        for (int i = 0; i < names.size(); i++) {
            if (same(names.get(i), c)) {
                if (split) {
                    splitList(values.get(i), out);
                } else {
                    out.add(values.get(i));
                }
            }
        }
        return out;
    }

    /** Replaces every header field of that name with one field (at the position of the first one, or at the end). */
    public void setHeader(String name, String value) {
        String c = HeaderNames.canonical(name);
        int first = -1;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (same(names.get(i), c)) {
                names.remove(i);
                values.remove(i);
                first = i;
            }
        }
        if (value != null) {
            checkValue(value);
            if (first < 0) {
                names.add(c);
                values.add(value);
            } else {
                names.add(first, c);
                values.add(first, value);
            }
        }
        changed();
    }

    public void addHeader(String name, String value) {
        checkValue(value);
        names.add(checkName(HeaderNames.canonical(name)));
        values.add(value);
        changed();
    }

    /** Inserts before the first header field of that name, or at the top when there is none. */
    public void addHeaderFirst(String name, String value) {
        checkValue(value);
        String c = checkName(HeaderNames.canonical(name));
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            if (same(names.get(i), c)) {
                at = i;
                break;
            }
        }
        names.add(at, c);
        values.add(at, value);
        changed();
    }

    public void removeHeader(String name) {
        setHeader(name, null);
    }

    /**
     * Removes the first value of that name: for a list header written as several comma-separated values on one
     * line (Via, Route, Record-Route, Contact) only the first value of the line goes.
     */
    public void removeFirstHeader(String name) {
        String c = HeaderNames.canonical(name);
        for (int i = 0; i < names.size(); i++) {
            if (same(names.get(i), c)) {
                if (HeaderNames.isList(c)) {
                    List<String> parts = new ArrayList<>(2);
                    splitList(values.get(i), parts);
                    if (parts.size() > 1) {
                        values.set(i, String.join(", ", parts.subList(1, parts.size())));
                        changed();
                        return;
                    }
                }
                names.remove(i);
                values.remove(i);
                changed();
                return;
            }
        }
    }

    /** The body (the internal array: do not modify it; use {@link #setBody}). */
    public byte[] body() {
        return body;
    }

    /** Sets the body and its Content-Type; a null or empty body removes Content-Type. */
    public void setBody(byte[] newBody, String contentType) {
        if (newBody == null || newBody.length == 0) {
            body = EMPTY;
            removeHeader(HeaderNames.CONTENT_TYPE);
        } else {
            body = newBody;
            if (contentType != null) {
                setHeader(HeaderNames.CONTENT_TYPE, contentType);
            }
        }
        changed();
    }

    void bodyFromParser(byte[] b) {
        body = b;
    }

    public String callId() {
        String v = header(HeaderNames.CALL_ID);
        return v == null ? null : v.strip();
    }

    /** The parsed CSeq, null when absent or malformed. */
    public CSeq cseq() {
        if (cseq == null) {
            cseq = CSeq.tryParse(header(HeaderNames.CSEQ));
        }
        return cseq;
    }

    /** The first Via value, null when absent or malformed. */
    public Via topVia() {
        List<Via> v = vias();
        return v.isEmpty() ? null : v.get(0);
    }

    /** All Via values in order; a malformed value ends the list. */
    public List<Via> vias() {
        if (vias == null) {
            List<String> raw = headers(HeaderNames.VIA);
            List<Via> parsed = new ArrayList<>(raw.size());
            for (String r : raw) {
                Via v = Via.tryParse(r, false);
                if (v == null) {
                    break;
                }
                parsed.add(v);
            }
            vias = Collections.unmodifiableList(parsed);
        }
        return vias;
    }

    public NameAddr from() {
        if (from == null) {
            from = NameAddr.tryParse(header(HeaderNames.FROM));
        }
        return from;
    }

    public NameAddr to() {
        if (to == null) {
            to = NameAddr.tryParse(header(HeaderNames.TO));
        }
        return to;
    }

    /** The Max-Forwards value, -1 when absent or malformed. */
    public int maxForwards() {
        String v = header(HeaderNames.MAX_FORWARDS);
        if (v == null) {
            return -1;
        }
        String s = v.strip();
        return (int) Chars.parseDecimal(s, 0, s.length(), 255);
    }

    public String contentType() {
        return header(HeaderNames.CONTENT_TYPE);
    }

    /** Encodes with canonical header names, CRLF line ends and a recomputed Content-Length. */
    public byte[] encode() {
        ByteSink out = new ByteSink(256 + names.size() * 48 + body.length);
        out.ascii(startLine()).crlf();
        boolean lengthWritten = false;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (same(n, HeaderNames.CONTENT_LENGTH)) {
                if (!lengthWritten) {
                    out.ascii(HeaderNames.CONTENT_LENGTH).ascii(": ").decimal(body.length).crlf();
                    lengthWritten = true;
                }
                continue;
            }
            out.ascii(n).ascii(": ").text(values.get(i)).crlf();
        }
        if (!lengthWritten) {
            out.ascii(HeaderNames.CONTENT_LENGTH).ascii(": ").decimal(body.length).crlf();
        }
        out.crlf();
        out.bytes(body);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }

    private void changed() {
        vias = null;
        cseq = null;
        from = null;
        to = null;
    }

    private static boolean same(String stored, String canonical) {
        return stored == canonical || stored.equalsIgnoreCase(canonical);
    }

    private static String checkName(String name) {
        if (!Chars.isToken(name)) {
            throw new IllegalArgumentException("invalid header name " + name);
        }
        return name;
    }

    private static void checkValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("header value contains a line break");
            }
        }
    }

    /** Splits a comma-separated list, ignoring commas inside quoted strings and angle brackets. */
    static void splitList(String v, List<String> out) {
        int n = v.length();
        int start = 0;
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                out.add(v.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(v.substring(start).strip());
    }
}
