package org.imegate.ticket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Just enough of SIP and tel URIs (RFC 3261 §19.1, RFC 3966) for the ticket checks: the user part and
 * the host. Accepts a bare URI or a name-addr ({@code "Name" <sip:user@host>;tag=x}); never throws.
 */
final class SipUris {
    /** A hostname or IPv4 address, or an IPv6 reference in brackets. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9_.-]+|\\[[0-9a-f:.]+\\]");

    private SipUris() {
    }

    /** The URI inside angle brackets when there are any, else the text up to its header parameters. */
    static String addrSpec(String value) {
        if (value == null) {
            return "";
        }
        String s = value.trim();
        int lt = s.indexOf('<');
        if (lt >= 0) {
            int gt = s.indexOf('>', lt + 1);
            return gt > lt ? s.substring(lt + 1, gt).trim() : s.substring(lt + 1).trim();
        }
        return s;
    }

    /**
     * The user part, percent-decoded, with any password removed; for a {@code tel:} URI the number.
     * Empty when there is none.
     */
    static String user(String uri) {
        String s = addrSpec(uri);
        String scheme = scheme(s);
        if (scheme.isEmpty()) {
            return "";
        }
        String rest = s.substring(scheme.length() + 1);
        if (scheme.equals("tel")) {
            return decode(rest);
        }
        int at = rest.indexOf('@');
        if (at < 0) {
            return "";
        }
        String user = rest.substring(0, at);
        int colon = user.indexOf(':');
        return decode(colon >= 0 ? user.substring(0, colon) : user);
    }

    /** The host, lower case (an IPv6 reference keeps its brackets); empty when there is none. */
    static String host(String uri) {
        String s = addrSpec(uri);
        String scheme = scheme(s);
        if (scheme.isEmpty() || scheme.equals("tel")) {
            return "";
        }
        String rest = s.substring(scheme.length() + 1);
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        String hostport = at >= 0 ? rest.substring(at + 1) : rest;
        int semi = hostport.indexOf(';');
        if (semi >= 0) {
            hostport = hostport.substring(0, semi);
        }
        String host;
        if (hostport.startsWith("[")) {
            int close = hostport.indexOf(']');
            host = close > 0 ? hostport.substring(0, close + 1) : hostport;
        } else {
            int colon = hostport.indexOf(':');
            host = colon >= 0 ? hostport.substring(0, colon) : hostport;
        }
        host = host.trim().toLowerCase(Locale.ROOT);
        return HOST.matcher(host).matches() ? host : "";
    }

    /** The scheme in lower case ({@code sip}, {@code sips}, {@code tel}), or empty when not a URI. */
    static String scheme(String addrSpec) {
        int colon = addrSpec.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        String scheme = addrSpec.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel") ? scheme : "";
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
