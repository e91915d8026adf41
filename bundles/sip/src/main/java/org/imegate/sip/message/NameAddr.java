package org.imegate.sip.message;

import java.util.ArrayList;
import java.util.List;

/**
 * A From/To/Contact/Route value: optional display name, a URI and header parameters (tag, expires, q, ...).
 * The URI may use any scheme (RFC 3261 §20.10 allows absoluteURI); {@link #uri()} is the parsed form when the
 * scheme is sip or sips and null otherwise, {@link #uriText()} is always the text. Immutable.
 */
public final class NameAddr {

    private final String displayName;
    private final String uriText;
    private final SipUri uri;
    private final List<Param> params;

    private NameAddr(String displayName, String uriText, SipUri uri, List<Param> params) {
        this.displayName = displayName;
        this.uriText = uriText;
        this.uri = uri;
        this.params = List.copyOf(params);
    }

    public NameAddr(String displayName, SipUri uri, List<Param> params) {
        this(displayName, uri.toString(), uri, params);
    }

    /** Parses a name-addr or addr-spec with header parameters; throws IllegalArgumentException when invalid. */
    public static NameAddr parse(String text) {
        NameAddr a = tryParse(text);
        if (a == null) {
            throw new IllegalArgumentException("invalid address " + text);
        }
        return a;
    }

    /** Parses {@code [display-name] <URI> *(;param)} or {@code addr-spec *(;param)}; null when invalid. */
    public static NameAddr tryParse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = Chars.skipWs(s, 0);
        if (i >= n) {
            return null;
        }
        String display = null;
        int open = -1;
        char c = s.charAt(i);
        if (c == '"') {
            int end = Chars.endOfQuoted(s, i);
            if (end < 0) {
                return null;
            }
            display = Chars.unquote(s.substring(i, end));
            i = Chars.skipWs(s, end);
            if (i >= n || s.charAt(i) != '<') {
                return null;
            }
            open = i;
        } else if (c == '<') {
            open = i;
        } else {
            int j = i;
            int lastTokenEnd = i;
            while (j < n && Chars.is(s.charAt(j), Chars.TOKEN)) {
                while (j < n && Chars.is(s.charAt(j), Chars.TOKEN)) {
                    j++;
                }
                lastTokenEnd = j;
                j = Chars.skipWs(s, j);
            }
            if (j < n && s.charAt(j) == '<') {
                display = s.substring(i, lastTokenEnd);
                open = j;
            }
        }
        String uriText;
        int after;
        if (open >= 0) {
            int close = s.indexOf('>', open + 1);
            if (close < 0) {
                return null;
            }
            uriText = s.substring(open + 1, close);
            after = close + 1;
        } else {
            int j = i;
            while (j < n && s.charAt(j) != ';' && !Chars.isWs(s.charAt(j))) {
                char d = s.charAt(j);
                if (d == '?' || d == ',' || d == '"' || d == '<' || d == '>') {
                    return null;
                }
                j++;
            }
            uriText = s.substring(i, j);
            after = j;
        }
        SipUri uri = null;
        if (!validAbsoluteUri(uriText)) {
            return null;
        }
        if (isSipScheme(uriText)) {
            uri = SipUri.tryParse(uriText);
            if (uri == null) {
                return null;
            }
        }
        List<Param> params = new ArrayList<>(2);
        if (Params.parseGeneric(s, after, params, false) != n) {
            return null;
        }
        return new NameAddr(display, uriText, uri, params);
    }

    static boolean isSipScheme(String uriText) {
        return uriText.regionMatches(true, 0, "sip:", 0, 4) || uriText.regionMatches(true, 0, "sips:", 0, 5);
    }

    /** scheme ":" followed by at least one character, no white space, quotes or angle brackets. */
    static boolean validAbsoluteUri(String u) {
        int n = u.length();
        if (n < 3 || !Character.isLetter(u.charAt(0)) || u.charAt(0) > 127) {
            return false;
        }
        int i = 1;
        while (i < n) {
            char c = u.charAt(i);
            if (c == ':') {
                break;
            }
            if (!(Chars.is(c, Chars.ALNUM) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
            i++;
        }
        if (i >= n - 1) {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            char c = u.charAt(j);
            if (c <= ' ' || c >= 127 || c == '"' || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    /** The display name without quotes, or null. */
    public String displayName() {
        return displayName;
    }

    /** The URI when its scheme is sip or sips, otherwise null. */
    public SipUri uri() {
        return uri;
    }

    public String uriText() {
        return uriText;
    }

    public List<Param> params() {
        return params;
    }

    /** A header parameter value ("" when valueless), null when absent. */
    public String param(String name) {
        Param p = Params.find(params, name);
        return p == null ? null : p.value() == null ? "" : p.value();
    }

    public String tag() {
        return param("tag");
    }

    public NameAddr withTag(String tag) {
        return withParam("tag", tag);
    }

    public NameAddr withParam(String name, String value) {
        return new NameAddr(displayName, uriText, uri, Params.with(params, name, value));
    }

    public NameAddr withoutParam(String name) {
        return new NameAddr(displayName, uriText, uri, Params.without(params, name));
    }

    public NameAddr withUri(SipUri newUri) {
        return new NameAddr(displayName, newUri.toString(), newUri, params);
    }

    public NameAddr withDisplayName(String name) {
        return new NameAddr(name, uriText, uri, params);
    }

    /** Always the name-addr form with angle brackets; a display name is quoted unless it is a plain token run. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(uriText.length() + 32);
        if (displayName != null && !displayName.isEmpty()) {
            b.append(plainDisplay(displayName) ? displayName : Chars.quote(displayName)).append(' ');
        }
        b.append('<').append(uriText).append('>');
        Params.append(b, params);
        return b.toString();
    }

    private static boolean plainDisplay(String d) {
        boolean prevSpace = true;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == ' ') {
                if (prevSpace) {
                    return false;
                }
                prevSpace = true;
            } else if (Chars.is(c, Chars.TOKEN)) {
                prevSpace = false;
            } else {
                return false;
            }
        }
        return !prevSpace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameAddr a && a.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
