package org.imegate.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Via value: {@code protocol-name/version/transport sent-by *(;via-params)}, with branch, received, rport,
 * maddr among the ordered parameters. Immutable.
 */
public final class Via {

    private final String protocol;
    private final String transport;
    private final String host;
    private final int port;
    private final List<Param> params;

    /**
     * @param protocol "SIP/2.0"
     * @param transport UDP, TCP, TLS, SCTP or an extension token
     * @param host hostname, IPv4 or bracketed IPv6
     * @param port -1 when absent
     */
    public Via(String protocol, String transport, String host, int port, List<Param> params) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        if (!Chars.isToken(transport)) {
            throw new IllegalArgumentException("invalid transport " + transport);
        }
        if (!Chars.isHost(host)) {
            throw new IllegalArgumentException("invalid host " + host);
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = List.copyOf(params);
    }

    public static Via parse(String text) {
        Via v = tryParse(text, false);
        if (v == null) {
            throw new IllegalArgumentException("invalid Via " + text);
        }
        return v;
    }

    /** Parses one Via value (no commas); null when invalid. Lenient mode skips empty or broken parameters. */
    public static Via tryParse(String s, boolean lenient) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = Chars.skipWs(s, 0);
        int[] pos = {i};
        String name = token(s, pos);
        if (name == null || !slash(s, pos)) {
            return null;
        }
        String version = token(s, pos);
        if (version == null || !slash(s, pos)) {
            return null;
        }
        String transport = token(s, pos);
        if (transport == null) {
            return null;
        }
        i = pos[0];
        int ws = i;
        i = Chars.skipWs(s, i);
        if (i == ws) {
            return null;
        }
        int hs = i;
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
        String host = s.substring(hs, i);
        if (!Chars.isHost(host)) {
            return null;
        }
        int port = -1;
        int k = Chars.skipWs(s, i);
        if (k < n && s.charAt(k) == ':') {
            k = Chars.skipWs(s, k + 1);
            int ps = k;
            while (k < n && Chars.is(s.charAt(k), Chars.DIGIT)) {
                k++;
            }
            long p = Chars.parseDecimal(s, ps, k, 65535);
            if (p < 0) {
                return null;
            }
            port = (int) p;
            i = k;
        }
        List<Param> params = new ArrayList<>(3);
        if (Params.parseGeneric(s, i, params, lenient) != n) {
            return null;
        }
        String protocol = name.equals("SIP") && version.equals("2.0") ? "SIP/2.0" : name + "/" + version;
        return new Via(protocol, transport, host, port, params);
    }

    private static String token(String s, int[] pos) {
        int i = pos[0];
        int st = i;
        while (i < s.length() && Chars.is(s.charAt(i), Chars.TOKEN)) {
            i++;
        }
        if (i == st) {
            return null;
        }
        pos[0] = i;
        return s.substring(st, i);
    }

    private static boolean slash(String s, int[] pos) {
        int i = Chars.skipWs(s, pos[0]);
        if (i >= s.length() || s.charAt(i) != '/') {
            return false;
        }
        pos[0] = Chars.skipWs(s, i + 1);
        return true;
    }

    /** "SIP/2.0". */
    public String protocol() {
        return protocol;
    }

    public String transport() {
        return transport;
    }

    public String host() {
        return host;
    }

    /** -1 when absent. */
    public int port() {
        return port;
    }

    public List<Param> params() {
        return params;
    }

    /** A parameter value ("" when valueless), null when absent. */
    public String param(String name) {
        Param p = Params.find(params, name);
        return p == null ? null : p.value() == null ? "" : p.value();
    }

    public String branch() {
        return param("branch");
    }

    public String received() {
        return param("received");
    }

    /** The rport value: null when absent, "" when present without value. */
    public String rport() {
        return param("rport");
    }

    public String maddr() {
        return param("maddr");
    }

    public Via withParam(String name, String value) {
        return new Via(protocol, transport, host, port, Params.with(params, name, value));
    }

    public Via withoutParam(String name) {
        return new Via(protocol, transport, host, port, Params.without(params, name));
    }

    public Via withHost(String newHost) {
        String h = newHost.indexOf(':') >= 0 && !newHost.startsWith("[") ? "[" + newHost + "]" : newHost;
        return new Via(protocol, transport, h, port, params);
    }

    public Via withPort(int newPort) {
        return new Via(protocol, transport, host, newPort, params);
    }

    public Via withTransport(String newTransport) {
        return new Via(protocol, newTransport, host, port, params);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ').append(host);
        if (port >= 0) {
            b.append(':').append(port);
        }
        Params.append(b, params);
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Via v && v.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
