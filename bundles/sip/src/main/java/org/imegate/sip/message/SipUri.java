package org.imegate.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1, §25): user, password, host, port, ordered parameters and
 * the raw header part. Immutable; escaped characters are kept as received so {@link #toString()} reproduces the
 * parsed text.
 */
public final class SipUri {

    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final List<Param> params;
    private final String headers;

    public SipUri(boolean secure, String user, String password, String host, int port, List<Param> params,
            String headers) {
        if (!Chars.isHost(host)) {
            throw new IllegalArgumentException("invalid host " + host);
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = List.copyOf(params);
        this.headers = headers;
    }

    /** Parses a sip/sips URI; throws IllegalArgumentException when it is not one. */
    public static SipUri parse(String text) {
        SipUri uri = tryParse(text);
        if (uri == null) {
            throw new IllegalArgumentException("invalid SIP URI " + text);
        }
        return uri;
    }

    /** Parses a sip/sips URI, {@code null} when the text is not a valid one. */
    public static SipUri tryParse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        boolean secure;
        int i;
        if (n > 4 && s.regionMatches(true, 0, "sip:", 0, 4)) {
            secure = false;
            i = 4;
        } else if (n > 5 && s.regionMatches(true, 0, "sips:", 0, 5)) {
            secure = true;
            i = 5;
        } else {
            return null;
        }
        String user = null;
        String password = null;
        int at = s.indexOf('@', i);
        if (at >= 0) {
            int colon = s.indexOf(':', i);
            int userEnd = colon >= 0 && colon < at ? colon : at;
            if (!Chars.isEscapedRun(s, i, userEnd, Chars.UNRESERVED | Chars.USER)) {
                return null;
            }
            user = s.substring(i, userEnd);
            if (userEnd < at) {
                if (userEnd + 1 < at && !Chars.isEscapedRun(s, userEnd + 1, at, Chars.UNRESERVED | Chars.PASSWORD)) {
                    return null;
                }
                password = s.substring(userEnd + 1, at);
            }
            i = at + 1;
        }
        int hostStart = i;
        if (i < n && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                return null;
            }
            i = close + 1;
        } else {
            while (i < n && Chars.is(s.charAt(i), Chars.HOST)) {
                i++;
            }
        }
        String host = s.substring(hostStart, i);
        if (!Chars.isHost(host)) {
            return null;
        }
        int port = -1;
        if (i < n && s.charAt(i) == ':') {
            int ps = ++i;
            while (i < n && Chars.is(s.charAt(i), Chars.DIGIT)) {
                i++;
            }
            long p = Chars.parseDecimal(s, ps, i, 65535);
            if (p < 0) {
                return null;
            }
            port = (int) p;
        }
        List<Param> params = new ArrayList<>(4);
        while (i < n && s.charAt(i) == ';') {
            int ns = ++i;
            while (i < n && s.charAt(i) != ';' && s.charAt(i) != '?' && s.charAt(i) != '=') {
                i++;
            }
            if (!Chars.isEscapedRun(s, ns, i, Chars.UNRESERVED | Chars.PARAM)) {
                return null;
            }
            String name = s.substring(ns, i);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                int vs = ++i;
                while (i < n && s.charAt(i) != ';' && s.charAt(i) != '?') {
                    i++;
                }
                if (!Chars.isEscapedRun(s, vs, i, Chars.UNRESERVED | Chars.PARAM)) {
                    return null;
                }
                value = s.substring(vs, i);
            }
            params.add(new Param(name, value));
        }
        String headers = null;
        if (i < n && s.charAt(i) == '?') {
            int hs = ++i;
            if (hs >= n) {
                return null;
            }
            for (int j = hs; j < n; j++) {
                char c = s.charAt(j);
                if (c != '=' && c != '&' && c != '%' && !Chars.is(c, Chars.UNRESERVED | Chars.HNV)) {
                    return null;
                }
            }
            headers = s.substring(hs);
            i = n;
        }
        if (i != n) {
            return null;
        }
        return new SipUri(secure, user, password, host, port, params, headers);
    }

    public String scheme() {
        return secure ? "sips" : "sip";
    }

    public boolean secure() {
        return secure;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The host as written; IPv6 addresses keep their brackets. */
    public String host() {
        return host;
    }

    /** The port, -1 when absent. */
    public int port() {
        return port;
    }

    public List<Param> params() {
        return params;
    }

    /** The header part after '?', raw, or null. */
    public String headers() {
        return headers;
    }

    /** The value of a URI parameter; "" for a valueless parameter; null when absent. */
    public String param(String name) {
        Param p = Params.find(params, name);
        return p == null ? null : p.value() == null ? "" : p.value();
    }

    public boolean hasParam(String name) {
        return Params.find(params, name) != null;
    }

    /** A copy with another host; an IPv6 literal without brackets gets them. */
    public SipUri withHost(String newHost) {
        Objects.requireNonNull(newHost, "host");
        String h = newHost.indexOf(':') >= 0 && !newHost.startsWith("[") ? "[" + newHost + "]" : newHost;
        return new SipUri(secure, user, password, h, port, params, headers);
    }

    /** A copy with another port, -1 removes it. */
    public SipUri withPort(int newPort) {
        return new SipUri(secure, user, password, host, newPort, params, headers);
    }

    public SipUri withUser(String newUser) {
        return new SipUri(secure, newUser, newUser == null ? null : password, host, port, params, headers);
    }

    /** A copy with the parameter set (replaced in place or appended); a null value makes it valueless. */
    public SipUri withParam(String name, String value) {
        return new SipUri(secure, user, password, host, port, Params.with(params, name, value), headers);
    }

    public SipUri withoutParam(String name) {
        return new SipUri(secure, user, password, host, port, Params.without(params, name), headers);
    }

    public SipUri withHeaders(String newHeaders) {
        return new SipUri(secure, user, password, host, port, params, newHeaders);
    }

    public SipUri withSecure(boolean sips) {
        return new SipUri(sips, user, password, host, port, params, headers);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(64).append(secure ? "sips:" : "sip:");
        if (user != null) {
            b.append(user);
            if (password != null) {
                b.append(':').append(password);
            }
            b.append('@');
        }
        b.append(host);
        if (port >= 0) {
            b.append(':').append(port);
        }
        for (Param p : params) {
            b.append(';').append(p.name());
            if (p.value() != null) {
                b.append('=').append(p.value());
            }
        }
        if (headers != null) {
            b.append('?').append(headers);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && u.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
