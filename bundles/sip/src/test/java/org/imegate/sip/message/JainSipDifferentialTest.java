package org.imegate.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the JAIN-SIP reference parser ({@code StringMsgParser}, strict, followed by the stack's mandatory-header
 * check for requests) and ours over the RFC 4475 corpus and typical call messages, and compares accept/reject
 * and, when both accept, the essentials. Every disagreement must be listed in {@link #EXPECTED} with its reason.
 */
class JainSipDifferentialTest {

    /** Files where the two parsers disagree on purpose, and why. */
    static final Map<String, String> EXPECTED = new TreeMap<>();

    static {
        EXPECTED.put("unkscm", "jain-sip accepts any URI scheme; imegate answers 416 (RFC 4475 §3.3.2)");
        EXPECTED.put("novelsc", "jain-sip accepts soap.beep:; imegate answers 416 (RFC 4475 §3.3.3)");
        EXPECTED.put("lwsstart", "jain-sip tolerates several SP in the request line; RFC 4475 §3.1.2.9: 400");
        EXPECTED.put("trws", "jain-sip trims SP after SIP/2.0; RFC 4475 §3.1.2.10: 400");
        EXPECTED.put("escruri", "jain-sip keeps headers in the Request-URI; RFC 4475 §3.1.2.11: 400");
        EXPECTED.put("regbadct", "jain-sip reads ?Route into the bare Contact URI; RFC 4475 §3.1.2.13: 400");
        EXPECTED.put("badaspec", "jain-sip ignores spaces inside <>; RFC 4475 §3.1.2.14: 400");
        EXPECTED.put("baddn", "jain-sip accepts unquoted display names with commas; RFC 4475 §3.1.2.15: 400");
        EXPECTED.put("badvers", "jain-sip parses SIP/7.0 and leaves the version to the stack; imegate answers 505");
        EXPECTED.put("multi01", "jain-sip keeps the first of duplicated single-value headers; RFC 4475 §3.3.8: 400");
    }

    private static Map<String, byte[]> messages() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("typical-invite", Messages.bytes(Messages.INVITE));
        m.put("typical-200", Messages.bytes(Messages.OK));
        m.put("typical-bye", Messages.bytes(Messages.BYE));
        m.put("typical-options", Messages.bytes(Messages.OPTIONS));
        for (var row : Rfc4475Test.corpus().toList()) {
            String file = (String) row.get()[0];
            m.put(file, Rfc4475Test.load(file));
        }
        return m;
    }

    /** What a parser made of a message: "reject" or the essentials. */
    static String ours(byte[] data) {
        try {
            SipMessage m = SipParser.parse(data, 0, data.length);
            String start = m instanceof SipRequest r ? r.method() + " " + r.requestUriText()
                    : Integer.toString(((SipResponse) m).statusCode());
            return start + " | " + m.callId() + " | " + m.cseq().number() + " " + m.cseq().method() + " | via="
                    + m.headers("Via").size() + " | body=" + m.body().length;
        } catch (SipParseException e) {
            return "reject";
        }
    }

    static String jain(byte[] data) {
        try {
            SIPMessage m = new StringMsgParser().parseSIPMessage(data, true, true, null);
            if (m == null) {
                return "reject";
            }
            String start;
            if (m instanceof SIPRequest r) {
                r.checkHeaders();
                start = r.getMethod() + " " + r.getRequestURI();
            } else {
                SIPResponse r = (SIPResponse) m;
                if (m.getCSeq() == null || m.getCallId() == null || m.getViaHeaders() == null) {
                    return "reject";
                }
                start = Integer.toString(r.getStatusCode());
            }
            byte[] body = m.getRawContent();
            return start + " | " + m.getCallId().getCallId() + " | " + m.getCSeq().getSeqNumber() + " "
                    + m.getCSeq().getMethod() + " | via=" + m.getViaHeaders().size() + " | body="
                    + (body == null ? 0 : body.length);
        } catch (Exception | StackOverflowError e) {
            return "reject";
        }
    }

    @Test
    void agreesWithJainSipExceptWhereDocumented() throws Exception {
        List<String> undocumented = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : messages().entrySet()) {
            String a = ours(e.getValue());
            String b = jain(e.getValue());
            if (!a.equals(b)) {
                seen.put(e.getKey(), "ours=[" + a + "] jain-sip=[" + b + "]");
                if (!EXPECTED.containsKey(e.getKey())) {
                    undocumented.add(e.getKey() + ": ours=[" + a + "] jain-sip=[" + b + "]");
                }
            }
        }
        assertEquals(List.of(), undocumented, "undocumented differences");
        assertEquals(EXPECTED.keySet(), seen.keySet(), "documented differences that no longer occur");
    }
}
