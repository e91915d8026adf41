package org.imegate.sip.message;

import java.util.ArrayList;
import java.util.List;

/** Ordered parameter list helpers (names compared case-insensitively). */
final class Params {

    private Params() {
    }

    static Param find(List<Param> params, String name) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** Replaces the parameter in place, or appends it. {@code value} null means valueless. */
    static List<Param> with(List<Param> params, String name, String value) {
        List<Param> copy = new ArrayList<>(params.size() + 1);
        boolean done = false;
        for (Param p : params) {
            if (!done && p.name().equalsIgnoreCase(name)) {
                copy.add(new Param(name, value));
                done = true;
            } else if (!p.name().equalsIgnoreCase(name)) {
                copy.add(p);
            }
        }
        if (!done) {
            copy.add(new Param(name, value));
        }
        return List.copyOf(copy);
    }

    static List<Param> without(List<Param> params, String name) {
        List<Param> copy = new ArrayList<>(params.size());
        for (Param p : params) {
            if (!p.name().equalsIgnoreCase(name)) {
                copy.add(p);
            }
        }
        return List.copyOf(copy);
    }

    static void append(StringBuilder b, List<Param> params) {
        for (Param p : params) {
            b.append(';').append(p.name());
            if (p.value() != null) {
                b.append('=').append(p.value());
            }
        }
    }

    /**
     * Parses header parameters {@code *( SEMI generic-param )} from {@code s} at {@code i} (which must be at a
     * ';' or the end, after optional LWS). Values are token / host / quoted-string. Returns the index where
     * parsing stopped (end of input or a ',' when {@code stopAtComma}), or -1 on a syntax error. Empty
     * parameters are errors unless {@code lenient}.
     */
    static int parseGeneric(String s, int i, List<Param> out, boolean lenient) {
        int n = s.length();
        while (true) {
            i = Chars.skipWs(s, i);
            if (i >= n) {
                return i;
            }
            if (s.charAt(i) != ';') {
                return lenient ? n : -1;
            }
            i = Chars.skipWs(s, i + 1);
            int start = i;
            while (i < n && Chars.is(s.charAt(i), Chars.TOKEN)) {
                i++;
            }
            if (i == start) {
                if (lenient) {
                    continue;
                }
                return -1;
            }
            String name = s.substring(start, i);
            i = Chars.skipWs(s, i);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                i = Chars.skipWs(s, i + 1);
                if (i < n && s.charAt(i) == '"') {
                    int end = Chars.endOfQuoted(s, i);
                    if (end < 0) {
                        return lenient ? n : -1;
                    }
                    value = s.substring(i, end);
                    i = end;
                } else {
                    int vs = i;
                    while (i < n && (Chars.is(s.charAt(i), Chars.TOKEN) || s.charAt(i) == ':' || s.charAt(i) == '['
                            || s.charAt(i) == ']')) {
                        i++;
                    }
                    if (i == vs) {
                        if (lenient) {
                            continue;
                        }
                        return -1;
                    }
                    value = s.substring(vs, i);
                }
            }
            out.add(new Param(name, value));
        }
    }
}
