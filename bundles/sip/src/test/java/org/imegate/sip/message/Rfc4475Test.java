package org.imegate.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 4475 torture message with the outcome its section of the RFC calls for. OK = the parser accepts it;
 * a number = SipParseException with that status code (0 = dropped, nothing can be answered). The last column
 * names the layer that handles what the parser lets through.
 */
class Rfc4475Test {

    static final int OK = -1;

    static Stream<Arguments> corpus() {
        return Stream.of(
            // 3.1.1 valid messages: parse them
            row("wsinv", OK, "3.1.1.1 parser: LWS, folding, compact forms, escaped quotes"),
            row("intmeth", OK, "3.1.1.2 parser: unusual token characters, raw NUL/BEL/DEL in quoted-pairs"),
            row("esc01", OK, "3.1.1.3 parser: escapes kept as received"),
            row("escnull", OK, "3.1.1.4 parser: %00 kept escaped"),
            row("esc02", OK, "3.1.1.5 parser: % in method and header name is a token character"),
            row("lwsdisp", OK, "3.1.1.6 parser: no LWS between display name and <"),
            row("longreq", OK, "3.1.1.7 parser: long values, within the UND-15 limits"),
            row("dblreq", OK, "3.1.1.8 parser: octets after Content-Length discarded"),
            row("semiuri", OK, "3.1.1.9 parser: ; in the user part"),
            row("transports", OK, "3.1.1.10 parser; transport layer ignores unknown transports"),
            row("mpart01", OK, "3.1.1.11 parser: multipart body carried opaque"),
            row("unreason", OK, "3.1.1.12 parser: UTF-8 reason phrase"),
            row("noreason", OK, "3.1.1.13 parser: empty reason phrase"),
            // 3.1.2 invalid messages
            row("badinv01", 400, "3.1.2.1 empty Via/Contact parameters: 400"),
            row("clerr", 400, "3.1.2.2 Content-Length larger than the datagram: 400"),
            row("ncl", 400, "3.1.2.3 negative Content-Length: 400"),
            row("scalar02", 400, "3.1.2.4 CSeq beyond 2^31-1 and Max-Forwards 300: 400"),
            row("scalarlg", 0, "3.1.2.5 response with overlarge CSeq: dropped, responses are never answered"),
            row("quotbal", 400, "3.1.2.6 unterminated quoted display name: 400"),
            row("ltgtruri", 400, "3.1.2.7 <> around the Request-URI: 400"),
            row("lwsruri", 400, "3.1.2.8 LWS inside the Request-URI: 400"),
            row("lwsstart", 400, "3.1.2.9 several SP between request-line elements: 400"),
            row("trws", 400, "3.1.2.10 SP at the end of the request line: 400"),
            row("escruri", 400, "3.1.2.11 escaped headers in the Request-URI: 400"),
            row("baddate", OK, "3.1.2.12 non-GMT Date: acceptable to ignore; imegate does not use Date"),
            row("regbadct", 400, "3.1.2.13 Contact URI with ? not enclosed in <>: 400"),
            row("badaspec", 400, "3.1.2.14 spaces inside <> of To: 400"),
            row("baddn", 400, "3.1.2.15 unquoted display names with commas: 400"),
            row("badvers", 505, "3.1.2.16 SIP/7.0: 505"),
            row("mismatch01", 400, "3.1.2.17 CSeq method differs from the request method: 400"),
            row("mismatch02", 400, "3.1.2.18 unknown method with CSeq mismatch: 400 (not 501)"),
            row("bigcode", 0, "3.1.2.19 status code 4294967301: dropped, a response"),
            // 3.2 transaction layer
            row("badbranch", OK, "3.2.1 transaction layer: branch z9hG4bK alone, RFC 2543 matching"),
            // 3.3 application layer
            row("insuf", 400, "3.3.1 missing Call-ID/From/To/Max-Forwards: 400 answered by the parser"),
            row("unkscm", 416, "3.3.2 unknown Request-URI scheme: 416"),
            row("novelsc", 416, "3.3.3 soap.beep Request-URI: 416, imegate routes sip, sips and tel only"),
            row("unksm2", OK, "3.3.4 inspection layer: non-SIP URIs in To/From/Contact are legal"),
            row("bext01", OK, "3.3.5 inspection layer: Require/Proxy-Require -> 420"),
            row("invut", OK, "3.3.6 inspection layer: unknown Content-Type -> 415"),
            row("regaut01", OK, "3.3.7 inspection layer: unknown Authorization scheme"),
            row("multi01", 400, "3.3.8 two To/From/Call-ID/CSeq: 400 (the RFC's answer) given by the parser"),
            row("mcl01", 400, "3.3.9 two Content-Length values: 400 given by the parser"),
            row("bcast", OK, "3.3.10 transaction layer: response Via does not match, discarded"),
            row("zeromf", OK, "3.3.11 inspection layer: Max-Forwards 0 -> 483 (OPTIONS may be answered)"),
            row("cparam01", OK, "3.3.12 inspection layer: Contact header parameter"),
            row("cparam02", OK, "3.3.13 inspection layer: Contact URI parameter in <>"),
            row("regescrt", OK, "3.3.14 inspection layer: escaped Route in the Contact URI"),
            row("sdp01", OK, "3.3.15 inspection layer: Accept without application/sdp -> 406/415"),
            // 3.4 backward compatibility
            row("inv2543", 400, "3.4.1 RFC 2543 INVITE without Max-Forwards: compatibility is optional (\"elements "
                    + "that want to\"); imegate requires Max-Forwards (RFC 3261 §8.1.1.6): 400"));
    }

    private static Arguments row(String file, int expected, String why) {
        return Arguments.of(file, expected, why);
    }

    static byte[] load(String file) throws IOException {
        try (InputStream in = Rfc4475Test.class.getResourceAsStream("/rfc4475/" + file + ".dat")) {
            assertNotNull(in, file);
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @MethodSource("corpus")
    void outcomeAsTheRfcSays(String file, int expected, String why) throws IOException {
        byte[] data = load(file);
        try {
            SipMessage m = SipParser.parse(data, 0, data.length);
            if (expected != OK) {
                fail(file + " parsed but the RFC expects " + expected + ": " + why);
            }
            // re-encoding gives a message that parses to the same essentials
            SipMessage again = SipParser.parse(m.encode());
            assertEquals(m.callId(), again.callId());
            assertEquals(m.cseq(), again.cseq());
            assertEquals(m.vias(), again.vias());
            assertEquals(m.body().length, again.body().length);
        } catch (SipParseException e) {
            if (expected == OK) {
                fail(file + " rejected (" + e.getMessage() + ") but the RFC expects it accepted: " + why);
            }
            assertEquals(expected, e.statusCode(), file + ": " + e.getMessage());
            if (expected != 0) {
                SipRequest req = e.answerable().orElseThrow();
                SipResponse resp = SipResponses.answer(req, e.statusCode(), e.reason());
                assertEquals(expected, resp.statusCode());
                assertNotNull(resp.topVia(), file + " answer has a Via");
            }
        }
    }
}
