package org.imegate.sip.message;

/** Character classes of RFC 3261 §25 as lookup tables, shared by the parsers of this package. */
final class Chars {

    static final int TOKEN = 1;
    static final int ALNUM = 2;
    static final int DIGIT = 4;
    /** unreserved = alphanum / mark. */
    static final int UNRESERVED = 8;
    /** user-unreserved: & = + $ , ; ? / */
    static final int USER = 16;
    /** password extra characters: & = + $ , */
    static final int PASSWORD = 32;
    /** param-unreserved: [ ] / : & + $ */
    static final int PARAM = 64;
    /** hnv-unreserved: [ ] / ? : + $ */
    static final int HNV = 128;
    /** hostname characters. */
    static final int HOST = 256;
    static final int HEX = 512;

    private static final int[] TABLE = new int[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            TABLE[c] |= TOKEN | ALNUM | UNRESERVED | HOST;
            TABLE[Character.toUpperCase(c)] |= TOKEN | ALNUM | UNRESERVED | HOST;
        }
        for (int c = '0'; c <= '9'; c++) {
            TABLE[c] |= TOKEN | ALNUM | DIGIT | UNRESERVED | HOST | HEX;
        }
        for (int c = 'a'; c <= 'f'; c++) {
            TABLE[c] |= HEX;
            TABLE[Character.toUpperCase(c)] |= HEX;
        }
        set("-.!%*_+`'~", TOKEN);
        set("-_.!~*'()", UNRESERVED);
        set("&=+$,;?/", USER);
        set("&=+$,", PASSWORD);
        set("[]/:&+$", PARAM);
        set("[]/?:+$", HNV);
        set("-.", HOST);
    }

    private Chars() {
    }

    private static void set(String chars, int flag) {
        for (int i = 0; i < chars.length(); i++) {
            TABLE[chars.charAt(i)] |= flag;
        }
    }

    static boolean is(int c, int flags) {
        return c >= 0 && c < 128 && (TABLE[c] & flags) != 0;
    }

    static boolean isToken(CharSequence s) {
        if (s == null || s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!is(s.charAt(i), TOKEN)) {
                return false;
            }
        }
        return true;
    }

    static boolean isWs(int c) {
        return c == ' ' || c == '\t';
    }

    /** Linear white space inside an already unfolded value (folds were replaced by spaces). */
    static int skipWs(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /**
     * Checks that {@code s[from,to)} consists of characters of {@code flags} or %HH escapes.
     */
    static boolean isEscapedRun(String s, int from, int to, int flags) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return false;
                }
                if (!is(s.charAt(i + 1), HEX) || !is(s.charAt(i + 2), HEX)) {
                    return false;
                }
                i += 2;
            } else if (!is(c, flags)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a non-negative decimal, -1 when not all digits or above {@code max}. */
    static long parseDecimal(String s, int from, int to, long max) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                return -1;
            }
        }
        return v;
    }

    /** Reads a quoted-string starting at {@code i} (a DQUOTE); returns the index after the closing quote or -1. */
    static int endOfQuoted(String s, int i) {
        int n = s.length();
        for (int j = i + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                if (j + 1 >= n) {
                    return -1;
                }
                j++;
            } else if (c == '"') {
                return j + 1;
            }
        }
        return -1;
    }

    static String unquote(String q) {
        StringBuilder b = new StringBuilder(q.length());
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c == '\\' && i + 1 < q.length() - 1) {
                c = q.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** host = hostname / IPv4address / IPv6reference (brackets included). */
    static boolean isHost(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '[') {
            if (s.length() < 4 || s.charAt(s.length() - 1) != ']') {
                return false;
            }
            int colons = 0;
            for (int i = 1; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (c == ':') {
                    colons++;
                } else if (!is(c, HEX) && c != '.') {
                    return false;
                }
            }
            return colons >= 2;
        }
        char last = s.charAt(s.length() - 1);
        if (s.charAt(0) == '-' || s.charAt(0) == '.' || last == '-') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!is(c, HOST)) {
                return false;
            }
            if (c == '.' && i + 1 < s.length() && s.charAt(i + 1) == '.') {
                return false;
            }
        }
        return true;
    }
}
