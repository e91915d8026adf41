package org.imegate.sip.message;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Canonical spellings of well-known header names and the compact forms of RFC 3261 §7.3.3 and extensions. */
public final class HeaderNames {

    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";

    private static final String[] KNOWN = {
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
        "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition",
        "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info",
        "Event", "Expires", "From", "History-Info", "Identity", "In-Reply-To", "Max-Forwards", "MIME-Version",
        "Min-Expires", "Min-SE", "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Priority",
        "Privacy", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route",
        "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To", "Request-Disposition", "Require",
        "Retry-After", "Route", "RSeq", "Server", "Service-Route", "Session-Expires", "SIP-ETag", "SIP-If-Match",
        "Subject", "Subscription-State", "Supported", "Timestamp", "To", "Unsupported", "User-Agent", "Via",
        "Warning", "WWW-Authenticate",
    };

    private static final String[][] COMPACT = {
        {"i", "Call-ID"}, {"f", "From"}, {"t", "To"}, {"v", "Via"}, {"m", "Contact"}, {"l", "Content-Length"},
        {"c", "Content-Type"}, {"k", "Supported"}, {"s", "Subject"}, {"e", "Content-Encoding"}, {"o", "Event"},
        {"r", "Refer-To"}, {"b", "Referred-By"}, {"x", "Session-Expires"}, {"u", "Allow-Events"},
        {"a", "Accept-Contact"}, {"j", "Reject-Contact"}, {"d", "Request-Disposition"}, {"y", "Identity"},
    };

    private static final Map<String, String> BY_LOWER = new HashMap<>();
    /** Open-addressing table keyed by a case-insensitive hash of the name bytes, for the parser. */
    private static final String[] TABLE = new String[512];
    private static final byte[][] TABLE_LOWER = new byte[512][];

    static {
        for (String k : KNOWN) {
            put(k.toLowerCase(Locale.ROOT), k);
        }
        for (String[] c : COMPACT) {
            put(c[0], c[1]);
        }
    }

    private HeaderNames() {
    }

    private static void put(String lower, String canonical) {
        BY_LOWER.put(lower, canonical);
        byte[] b = lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int h = hash(b, 0, b.length) & (TABLE.length - 1);
        while (TABLE[h] != null) {
            h = (h + 1) & (TABLE.length - 1);
        }
        TABLE[h] = canonical;
        TABLE_LOWER[h] = b;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = len;
        for (int i = off; i < off + len; i++) {
            h = h * 31 + (b[i] | 0x20);
        }
        return h ^ (h >>> 9);
    }

    /** The canonical full name for a header name or compact form; other names are returned unchanged. */
    public static String canonical(String name) {
        String c = BY_LOWER.get(name.toLowerCase(Locale.ROOT));
        return c == null ? name : c;
    }

    /** Canonical name of the token bytes, or null when unknown (the caller then makes a String of them). */
    static String canonical(byte[] b, int off, int len) {
        int h = hash(b, off, len) & (TABLE.length - 1);
        while (true) {
            byte[] k = TABLE_LOWER[h];
            if (k == null) {
                return null;
            }
            if (k.length == len && equalsLower(k, b, off)) {
                return TABLE[h];
            }
            h = (h + 1) & (TABLE.length - 1);
        }
    }

    private static boolean equalsLower(byte[] lower, byte[] b, int off) {
        for (int i = 0; i < lower.length; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Headers whose comma-separated values are split by {@link SipMessage#headers(String)}. */
    static boolean isList(String canonical) {
        return canonical == VIA || canonical == ROUTE || canonical == RECORD_ROUTE || canonical == CONTACT;
    }
}
