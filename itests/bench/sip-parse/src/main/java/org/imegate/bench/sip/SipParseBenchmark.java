package org.imegate.bench.sip;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.imegate.sip.message.SipParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** imegate's SipParser against JAIN-SIP's StringMsgParser on the same bytes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SipParseBenchmark {

    static final String SDP = "v=0\r\n"
            + "o=CiscoSystemsCCM-SIP 2000 1 IN IP4 10.1.1.10\r\n"
            + "s=SIP Call\r\n"
            + "c=IN IP4 10.1.1.20\r\n"
            + "t=0 0\r\n"
            + "m=audio 24580 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=sendrecv\r\n";

    static final String INVITE = "INVITE sip:+14085551234@ime.example.com:5061;transport=tls SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS 10.1.1.10:5061;branch=z9hG4bK1a2b3c4d5e;rport\r\n"
            + "Via: SIP/2.0/TCP 10.1.1.9:5060;branch=z9hG4bKaa11;received=10.1.1.9\r\n"
            + "From: \"Alice Example\" <sip:+14085550001@cucm.example.com>;tag=8f3a9c21\r\n"
            + "To: <sip:+14085551234@ime.example.com>\r\n"
            + "Call-ID: 4f8c2a10-1dd2-11b2-9a3c-0050568a1b2c@10.1.1.10\r\n"
            + "CSeq: 101 INVITE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:+14085550001@10.1.1.10:5061;transport=tls>\r\n"
            + "Record-Route: <sip:10.1.1.10:5061;transport=tls;lr>\r\n"
            + "Allow: INVITE, OPTIONS, INFO, BYE, CANCEL, ACK, PRACK, UPDATE, REFER, SUBSCRIBE, NOTIFY\r\n"
            + "Supported: timer,resource-priority,replaces\r\n"
            + "Session-Expires: 1800\r\n"
            + "User-Agent: Cisco-CUCM14.0\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n"
            + "\r\n" + SDP;

    static final String OK = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/TLS 10.1.1.10:5061;branch=z9hG4bK1a2b3c4d5e;rport=5061;received=10.1.1.10\r\n"
            + "Via: SIP/2.0/TCP 10.1.1.9:5060;branch=z9hG4bKaa11;received=10.1.1.9\r\n"
            + "From: \"Alice Example\" <sip:+14085550001@cucm.example.com>;tag=8f3a9c21\r\n"
            + "To: <sip:+14085551234@ime.example.com>;tag=77ab01\r\n"
            + "Call-ID: 4f8c2a10-1dd2-11b2-9a3c-0050568a1b2c@10.1.1.10\r\n"
            + "CSeq: 101 INVITE\r\n"
            + "Contact: <sip:+14085551234@192.0.2.50:5061;transport=tls>\r\n"
            + "Server: Cisco-CUCM14.0\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    static final String BYE = "BYE sip:+14085551234@192.0.2.50:5061;transport=tls SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS 10.1.1.10:5061;branch=z9hG4bK77ee\r\n"
            + "From: \"Alice Example\" <sip:+14085550001@cucm.example.com>;tag=8f3a9c21\r\n"
            + "To: <sip:+14085551234@ime.example.com>;tag=77ab01\r\n"
            + "Call-ID: 4f8c2a10-1dd2-11b2-9a3c-0050568a1b2c@10.1.1.10\r\n"
            + "CSeq: 102 BYE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    @Param({"invite", "ok200", "bye"})
    public String message;

    private byte[] data;

    @Setup
    public void setup() throws Exception {
        String text = switch (message) {
            case "invite" -> INVITE;
            case "ok200" -> OK;
            default -> BYE;
        };
        data = text.getBytes(StandardCharsets.UTF_8);
        // both must accept the message, or the comparison is meaningless
        SipParser.parse(data, 0, data.length);
        if (new StringMsgParser().parseSIPMessage(data, true, true, null) == null) {
            throw new IllegalStateException("jain-sip rejected " + message);
        }
    }

    @Benchmark
    public Object imegate() throws Exception {
        return SipParser.parse(data, 0, data.length);
    }

    @Benchmark
    public Object jainSip() throws Exception {
        return new StringMsgParser().parseSIPMessage(data, true, true, null);
    }
}
