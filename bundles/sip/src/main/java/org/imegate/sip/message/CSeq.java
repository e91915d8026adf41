package org.imegate.sip.message;

/** The CSeq header field: a sequence number (0 .. 2^31-1, RFC 3261 §8.1.1.5) and a method token. */
public record CSeq(long number, String method) {

    public static final long MAX = 0x7fffffffL;

    public CSeq {
        if (number < 0 || number > MAX) {
            throw new IllegalArgumentException("CSeq number out of range " + number);
        }
        if (!Chars.isToken(method)) {
            throw new IllegalArgumentException("CSeq method is not a token " + method);
        }
    }

    /** Parses {@code 1*DIGIT LWS Method}; null when malformed or out of range. */
    public static CSeq tryParse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = Chars.skipWs(s, 0);
        int ds = i;
        while (i < n && Chars.is(s.charAt(i), Chars.DIGIT)) {
            i++;
        }
        long number = Chars.parseDecimal(s, ds, i, MAX);
        if (number < 0) {
            return null;
        }
        int ws = i;
        i = Chars.skipWs(s, i);
        if (i == ws) {
            return null;
        }
        int ms = i;
        while (i < n && Chars.is(s.charAt(i), Chars.TOKEN)) {
            i++;
        }
        if (i == ms || Chars.skipWs(s, i) != n) {
            return null;
        }
        return new CSeq(number, s.substring(ms, i));
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
