package org.imegate.sip.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SDP body (RFC 8866, formerly 4566) kept as its lines in order: the session section and one section per
 * {@code m=} line. Unmodified input encodes back byte for byte (line ends and unknown lines included); the
 * accessors rewrite only the lines they touch. Octets are held as ISO-8859-1 characters so that any UTF-8 text
 * survives unchanged. Mutable, not thread-safe.
 */
public final class Sdp {

    /** One line: type letter, value after '=', and its original line end ("\r\n", "\n" or "" at the end). */
    static final class Line {
        char type;
        String value;
        final String eol;

        Line(char type, String value, String eol) {
            this.type = type;
            this.value = value;
            this.eol = eol;
        }

        String text() {
            return type == 0 ? value : type + "=" + value;
        }
    }

    private final List<Line> session;
    private final List<Media> media;

    private Sdp(List<Line> session, List<Media> media) {
        this.session = session;
        this.media = media;
    }

    /** Parses an SDP body; throws IllegalArgumentException when it does not start with v=. */
    public static Sdp parse(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("v=")) {
            throw new IllegalArgumentException("SDP must start with v=");
        }
        List<Line> session = new ArrayList<>();
        List<Media> media = new ArrayList<>();
        List<Line> current = session;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int lf = s.indexOf('\n', i);
            int end = lf < 0 ? n : lf;
            int textEnd = end > i && s.charAt(end - 1) == '\r' ? end - 1 : end;
            String eol = lf < 0 ? "" : s.substring(textEnd, lf + 1);
            String text = s.substring(i, textEnd);
            Line line = text.length() >= 2 && text.charAt(1) == '=' && text.charAt(0) >= 'a' && text.charAt(0) <= 'z'
                    ? new Line(text.charAt(0), text.substring(2), eol) : new Line((char) 0, text, eol);
            if (line.type == 'm') {
                Media m = new Media(new ArrayList<>());
                media.add(m);
                current = m.lines;
            }
            current.add(line);
            i = lf < 0 ? n : lf + 1;
        }
        return new Sdp(session, media);
    }

    public byte[] encode() {
        return toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(512);
        for (Line l : session) {
            b.append(l.text()).append(l.eol);
        }
        for (Media m : media) {
            for (Line l : m.lines) {
                b.append(l.text()).append(l.eol);
            }
        }
        return b.toString();
    }

    /** The unicast address of o=, null when absent or malformed. */
    public String originAddress() {
        Line o = first(session, 'o');
        if (o == null) {
            return null;
        }
        String[] f = o.value.split(" ", -1);
        return f.length == 6 ? f[5] : null;
    }

    /** Rewrites the o= address and its address type (IP4/IP6 by the presence of ':'). */
    public void originAddress(String address) {
        Line o = first(session, 'o');
        if (o == null) {
            throw new IllegalStateException("no o= line");
        }
        String[] f = o.value.split(" ", -1);
        if (f.length != 6) {
            throw new IllegalStateException("malformed o= line");
        }
        f[4] = addrType(address);
        f[5] = address;
        o.value = String.join(" ", f);
    }

    /** The session-level c= address (without TTL/count), null when absent. */
    public String connectionAddress() {
        return connection(session);
    }

    /** Sets the session-level c= line; adds one before the first t= (or at the end of the session) when absent. */
    public void connectionAddress(String address) {
        setConnection(session, address, 't');
    }

    public List<Media> media() {
        return Collections.unmodifiableList(media);
    }

    /** Session-level attributes (values after "a="). */
    public List<String> attributes() {
        return values(session, 'a');
    }

    public void addAttribute(String attribute) {
        addLine(session, attribute);
    }

    public void removeAttribute(String name) {
        removeAttr(session, name);
    }

    /** A media section: its m= line first, then its own lines. */
    public static final class Media {
        final List<Line> lines;

        Media(List<Line> lines) {
            this.lines = lines;
        }

        private String[] mfields() {
            return lines.get(0).value.split(" ", -1);
        }

        /** audio, video, image, application, ... */
        public String media() {
            return mfields()[0];
        }

        /** The port (without /count); -1 when malformed. */
        public int port() {
            String[] f = mfields();
            if (f.length < 2) {
                return -1;
            }
            String p = f[1];
            int slash = p.indexOf('/');
            try {
                return Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** Sets the port (0 refuses the stream, RFC 3264 §6), keeping a /count. */
        public void port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range " + port);
            }
            String[] f = mfields();
            if (f.length < 3) {
                throw new IllegalStateException("malformed m= line");
            }
            int slash = f[1].indexOf('/');
            f[1] = slash < 0 ? Integer.toString(port) : port + f[1].substring(slash);
            lines.get(0).value = String.join(" ", f);
        }

        public String proto() {
            String[] f = mfields();
            return f.length > 2 ? f[2] : null;
        }

        /** Sets the transport protocol of the m= line, e.g. {@code RTP/SAVP}. */
        public void proto(String proto) {
            String[] f = mfields();
            if (f.length < 3) {
                throw new IllegalStateException("malformed m= line");
            }
            f[2] = proto;
            lines.get(0).value = String.join(" ", f);
        }

        public List<String> formats() {
            String[] f = mfields();
            List<String> out = new ArrayList<>();
            for (int i = 3; i < f.length; i++) {
                out.add(f[i]);
            }
            return out;
        }

        public void formats(List<String> formats) {
            String[] f = mfields();
            if (f.length < 3) {
                throw new IllegalStateException("malformed m= line");
            }
            StringBuilder b = new StringBuilder().append(f[0]).append(' ').append(f[1]).append(' ').append(f[2]);
            for (String fmt : formats) {
                b.append(' ').append(fmt);
            }
            lines.get(0).value = b.toString();
        }

        /** The media-level c= address, null when the section has none (the session's applies). */
        public String connectionAddress() {
            return connection(lines);
        }

        /** Sets the media-level c= line, adding it after i=/the m= line when absent. */
        public void connectionAddress(String address) {
            setConnection(lines, address, 'b');
        }

        /** Attributes of this section (values after "a="), in order. */
        public List<String> attributes() {
            return values(lines, 'a');
        }

        /** The value of the first attribute of that name ("" for a flag), null when absent. */
        public String attribute(String name) {
            for (String a : attributes()) {
                if (attrName(a).equals(name)) {
                    int colon = a.indexOf(':');
                    return colon < 0 ? "" : a.substring(colon + 1);
                }
            }
            return null;
        }

        public void addAttribute(String attribute) {
            addLine(lines, attribute);
        }

        /** Removes every a=name and a=name:value line. */
        public void removeAttribute(String name) {
            removeAttr(lines, name);
        }

        /** True when an a=rtpmap names that encoding (case-insensitive), e.g. H264 or T38. */
        public boolean hasEncoding(String encoding) {
            for (String a : attributes()) {
                if (attrName(a).equals("rtpmap")) {
                    int sp = a.indexOf(' ');
                    if (sp > 0) {
                        String enc = a.substring(sp + 1);
                        int slash = enc.indexOf('/');
                        if ((slash < 0 ? enc : enc.substring(0, slash)).strip().equalsIgnoreCase(encoding)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    private static Line first(List<Line> lines, char type) {
        for (Line l : lines) {
            if (l.type == type) {
                return l;
            }
        }
        return null;
    }

    private static List<String> values(List<Line> lines, char type) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.type == type) {
                out.add(l.value);
            }
        }
        return out;
    }

    private static String attrName(String a) {
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    private static void removeAttr(List<Line> lines, String name) {
        lines.removeIf(l -> l.type == 'a' && attrName(l.value).equals(name));
    }

    private static String eolOf(List<Line> lines) {
        for (Line l : lines) {
            if (!l.eol.isEmpty()) {
                return l.eol;
            }
        }
        return "\r\n";
    }

    private static void addLine(List<Line> lines, String attribute) {
        Line last = lines.get(lines.size() - 1);
        String eol = last.eol.isEmpty() ? eolOf(lines) : last.eol;
        if (last.eol.isEmpty()) {
            lines.set(lines.size() - 1, new Line(last.type, last.value, eol));
            Line added = new Line('a', attribute, "");
            lines.add(added);
        } else {
            lines.add(new Line('a', attribute, eol));
        }
    }

    private static String connection(List<Line> lines) {
        Line c = first(lines, 'c');
        if (c == null) {
            return null;
        }
        String[] f = c.value.split(" ", -1);
        if (f.length != 3) {
            return null;
        }
        int slash = f[2].indexOf('/');
        return slash < 0 ? f[2] : f[2].substring(0, slash);
    }

    /** Sets the c= address; when absent inserts one before the first line of type {@code before} or at the end. */
    private static void setConnection(List<Line> lines, String address, char before) {
        Line c = first(lines, 'c');
        String value = "IN " + addrType(address) + " " + address;
        if (c != null) {
            String[] f = c.value.split(" ", -1);
            if (f.length == 3) {
                int slash = f[2].indexOf('/');
                c.value = "IN " + addrType(address) + " " + address + (slash < 0 ? "" : f[2].substring(slash));
            } else {
                c.value = value;
            }
            return;
        }
        int at = lines.size();
        for (int i = 1; i < lines.size(); i++) {
            char t = lines.get(i).type;
            if (t == before || t == 'a' || t == 'k' || (before == 't' && (t == 'b' || t == 'z' || t == 'r'))) {
                at = i;
                break;
            }
        }
        String eol = eolOf(lines);
        if (at == lines.size() && lines.get(at - 1).eol.isEmpty()) {
            Line last = lines.get(at - 1);
            lines.set(at - 1, new Line(last.type, last.value, eol));
            lines.add(new Line('c', value, ""));
        } else {
            lines.add(at, new Line('c', value, eol));
        }
    }

    private static String addrType(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}
