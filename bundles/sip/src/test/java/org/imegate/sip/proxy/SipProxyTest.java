package org.imegate.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.sip.Admission;
import org.imegate.api.sip.InviteAdmission;
import org.imegate.api.sip.TerminationCause;
import org.imegate.sip.config.TrunkSecurityMode;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.config.Ucm;
import org.imegate.sip.message.SipMessage;
import org.imegate.sip.message.SipParser;
import org.imegate.sip.message.SipRequest;
import org.imegate.sip.message.SipResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy core with in-memory connections: what each side receives, byte for byte where it matters. */
class SipProxyTest {
    static final InetSocketAddress OUTSIDE = new InetSocketAddress("127.0.0.3", 5061);
    static final InetSocketAddress INSIDE = new InetSocketAddress("127.0.0.2", 5070);

    final FakeMedia media = new FakeMedia();
    final Statistics stats = new Statistics();
    InviteAdmission gate;
    SipProxy proxy;
    FakeConnection remote;
    FakeConnection cucm;

    @BeforeEach
    void setUp() {
        UcImeConfig cfg = UcImeConfig.named("ent-a").withMediaTermination("mt")
                .withUcm(new Ucm("127.0.0.10", TrunkSecurityMode.NONSECURE, 5060));
        proxy = new SipProxy(() -> Optional.of(cfg), media, () -> gate, stats, OUTSIDE, INSIDE, new InetSocketAddress("127.0.0.2", 5071));
        remote = new FakeConnection(Leg.OUTSIDE, "TLS", new InetSocketAddress("127.0.0.1", 40000), "enterprise-b.example");
        cucm = new FakeConnection(Leg.INSIDE, "TCP", new InetSocketAddress("127.0.0.10", 5060), "");
        setUpConnector();
    }

    void setUpConnector() {
        proxy.connector(new Connector() {
            @Override
            public Connection outside(InetSocketAddress peer) {
                return remote;
            }

            @Override
            public Connection inside(Ucm ucm) {
                return cucm;
            }
        });
    }

    static SipMessage parse(String text) throws Exception {
        byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return SipParser.parse(b, 0, b.length);
    }

    static String invite(String body, String contentType) {
        String b = body == null ? "" : body.replace("\n", "\r\n");
        return "INVITE sip:+14085551234@127.0.0.3:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS 10.1.1.1:5061;branch=z9hG4bK-remote-1\n"
                + "From: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>\n"
                + "Call-ID: call-1@enterprise-b.example\n"
                + "CSeq: 1 INVITE\n"
                + "Contact: <sip:+15551230000@10.1.1.1:5061;transport=tls>\n"
                + "Max-Forwards: 70\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\n")
                + "Content-Length: " + b.getBytes(StandardCharsets.UTF_8).length + "\n\n" + b.replace("\r\n", "\n");
    }

    static final String REMOTE_CRYPTO = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJC";

    static final String OFFER = "v=0\no=b 1 1 IN IP4 10.1.1.1\ns=-\nc=IN IP4 10.1.1.1\nt=0 0\n"
            + "m=audio 20000 RTP/SAVP 8 101\na=rtpmap:8 PCMA/8000\na=rtcp:20001\na=rtcp-mux\n" + REMOTE_CRYPTO + "\n";

    /** An offer from the call agent: plain RTP. */
    static final String INSIDE_OFFER = "v=0\no=c 1 1 IN IP4 127.0.0.10\ns=-\nc=IN IP4 127.0.0.10\nt=0 0\n"
            + "m=audio 16000 RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\n";

    static final String ANSWER = "v=0\no=c 1 1 IN IP4 127.0.0.10\ns=-\nc=IN IP4 127.0.0.10\nt=0 0\nm=audio 16000 RTP/AVP 8\n";

    @Test
    void inboundCallIsForwardedToTheCallAgentWithMediaInsertedAndEndsOnBye() throws Exception {
        proxy.onMessage(remote, parse(invite(OFFER, "application/sdp")));
        assertEquals(100, ((SipResponse) remote.sent.get(0)).statusCode());
        SipRequest down = (SipRequest) cucm.sent.get(0);
        assertEquals("INVITE", down.method());
        assertTrue(down.topVia().branch().startsWith("z9hG4bK"));
        assertEquals("127.0.0.2", down.topVia().host());
        assertEquals(List.of("<sip:127.0.0.2:5070;transport=tcp;lr>", "<sip:127.0.0.3:5061;transport=tls;lr>"),
                down.headers("Record-Route"));
        assertEquals("69", down.header("Max-Forwards"));
        assertEquals("127.0.0.1", down.vias().get(1).received(), "the sender's address is recorded");
        String sdp = new String(down.body(), StandardCharsets.UTF_8);
        assertTrue(sdp.contains("c=IN IP4 127.0.0.2"), sdp);
        assertTrue(sdp.contains("m=audio 30000 RTP/AVP 8 101"), sdp);
        assertFalse(sdp.contains("a=rtcp"), sdp);
        assertFalse(sdp.contains("a=crypto"), "no SRTP key goes inside: " + sdp);
        FakeSession session = media.sessions.get(0);
        assertEquals(new InetSocketAddress("10.1.1.1", 20000), session.outsideRemote);
        assertEquals(1, stats.inUse());

        SipResponse ok = (SipResponse) parse("SIP/2.0 200 OK\n" + "Via: " + down.headers("Via").get(0) + "\n"
                + "Via: " + down.headers("Via").get(1) + "\n"
                + "Record-Route: " + String.join(", ", down.headers("Record-Route")) + "\n"
                + "From: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=c1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "Content-Type: application/sdp\nContent-Length: " + ANSWER.replace("\n", "\r\n").length() + "\n\n"
                + ANSWER);
        proxy.onMessage(cucm, ok);
        SipResponse up = (SipResponse) remote.sent.get(1);
        assertEquals(200, up.statusCode());
        assertEquals(1, up.vias().size());
        assertEquals("z9hG4bK-remote-1", up.topVia().branch());
        String answer = new String(up.body(), StandardCharsets.UTF_8);
        assertTrue(answer.contains("c=IN IP4 127.0.0.3"), answer);
        assertTrue(answer.contains("m=audio 20002 RTP/SAVP 8"), answer);
        assertTrue(answer.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + FakeSession.OUR_KEY), answer);
        assertEquals(List.of(REMOTE_CRYPTO.substring("a=crypto:".length())), session.remoteCrypto);
        assertEquals(new InetSocketAddress("127.0.0.10", 16000), session.insideRemote);

        SipMessage bye = parse("BYE sip:+14085551234@127.0.0.10:5060;transport=tcp SIP/2.0\n"
                + "Via: SIP/2.0/TLS 10.1.1.1:5061;branch=z9hG4bK-remote-2\n"
                + "Route: <sip:127.0.0.3:5061;transport=tls;lr>, <sip:127.0.0.2:5070;transport=tcp;lr>\n"
                + "From: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=c1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 2 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n");
        proxy.onMessage(remote, bye);
        SipRequest byeDown = (SipRequest) cucm.sent.get(cucm.sent.size() - 1);
        assertEquals("BYE", byeDown.method());
        assertNull(byeDown.header("Route"), "the proxy's own routes are consumed");
        proxy.onMessage(cucm, parse("SIP/2.0 200 OK\nVia: " + byeDown.headers("Via").get(0) + "\nVia: "
                + byeDown.headers("Via").get(1) + "\nFrom: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=c1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 2 BYE\nContent-Length: 0\n\n"));
        assertEquals(200, ((SipResponse) remote.sent.get(remote.sent.size() - 1)).statusCode());
        assertEquals(0, stats.inUse());
        assertEquals(1, stats.terminated());
        assertTrue(session.closed, "media released");
    }

    @Test
    void verificationRefusesWhatTheCallAgentMustNotSee() throws Exception {
        proxy.onMessage(remote, parse("MESSAGE sip:a@127.0.0.3 SIP/2.0\nVia: SIP/2.0/TLS 10.1.1.1;branch=z9hG4bK-m\n"
                + "From: <sip:b@b.example>;tag=1\nTo: <sip:a@a.example>\nCall-ID: m1\nCSeq: 1 MESSAGE\nMax-Forwards: 70\n"
                + "Content-Length: 0\n\n"));
        SipResponse r405 = (SipResponse) remote.sent.get(0);
        assertEquals(405, r405.statusCode());
        assertTrue(r405.header("Allow").contains("INVITE"));

        proxy.onMessage(remote, parse(invite("--b\n\n--b--\n", "multipart/mixed;boundary=b")));
        SipResponse r415 = (SipResponse) remote.sent.get(1);
        assertEquals(415, r415.statusCode());
        assertEquals("application/sdp", r415.header("Accept"));

        proxy.onMessage(remote, parse(invite(OFFER.replace("m=audio 20000 RTP/SAVP 8 101", "m=image 20000 udptl t38"),
                "application/sdp")));
        assertEquals(488, ((SipResponse) remote.sent.get(remote.sent.size() - 1)).statusCode());

        proxy.onMessage(remote, parse("BYE sip:x@127.0.0.3 SIP/2.0\nVia: SIP/2.0/TLS 10.1.1.1;branch=z9hG4bK-b\n"
                + "From: <sip:b@b.example>;tag=1\nTo: <sip:a@a.example>;tag=2\nCall-ID: nobody\nCSeq: 5 BYE\n"
                + "Max-Forwards: 70\nContent-Length: 0\n\n"));
        assertEquals(481, ((SipResponse) remote.sent.get(remote.sent.size() - 1)).statusCode());

        proxy.onMessage(remote, parse("OPTIONS sip:a@127.0.0.3 SIP/2.0\nVia: SIP/2.0/TLS 10.1.1.1;branch=z9hG4bK-o\n"
                + "From: <sip:b@b.example>;tag=1\nTo: <sip:a@a.example>\nCall-ID: o1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\n"
                + "Proxy-Require: foo, bar\nContent-Length: 0\n\n"));
        SipResponse r420 = (SipResponse) remote.sent.get(remote.sent.size() - 1);
        assertEquals(420, r420.statusCode());
        assertEquals("foo, bar", r420.header("Unsupported"));

        long failures = stats.verificationFailures();
        // the ACK of the 488 the proxy answered itself ends at the proxy, uncounted
        proxy.onMessage(remote, parse("ACK sip:+14085551234@127.0.0.3:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS 10.1.1.1:5061;branch=z9hG4bK-remote-1\n"
                + "From: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=x\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 1 ACK\nMax-Forwards: 70\nContent-Length: 0\n\n"));
        assertEquals(failures, stats.verificationFailures());

        assertTrue(cucm.sent.isEmpty(), "the call agent saw nothing: " + cucm.sent);
        assertEquals(0, stats.inUse());
        assertEquals(5, stats.verificationFailures());
        assertTrue(media.sessions.stream().allMatch(s -> s.closed), "no media left behind");
    }

    @Test
    void h264VideoIsRefusedByPortZeroKeepingAudio() throws Exception {
        String offer = OFFER + "m=video 20010 RTP/SAVP 97\na=rtpmap:97 H264/90000\n" + REMOTE_CRYPTO + "\n";
        proxy.onMessage(remote, parse(invite(offer, "application/sdp")));
        String sdp = new String(((SipRequest) cucm.sent.get(0)).body(), StandardCharsets.UTF_8);
        assertTrue(sdp.contains("m=audio 30000 "), sdp);
        assertTrue(sdp.contains("m=video 0 RTP/SAVP 97"), sdp);
        assertEquals(1, media.sessions.size());
    }

    @Test
    void theAdmissionGateRefusesAndCountsUnderItsCause() throws Exception {
        gate = invite -> {
            assertEquals("enterprise-b.example", invite.callingDomain());
            return Admission.refuse(403, "ticket epoch mismatch", TerminationCause.TICKET_EPOCH_MISMATCH);
        };
        proxy.onMessage(remote, parse(invite(OFFER, "application/sdp")));
        SipResponse r = (SipResponse) remote.sent.get(0);
        assertEquals(403, r.statusCode());
        assertNotNull(r.header("Reason"));
        assertTrue(cucm.sent.isEmpty());
        assertEquals(1, stats.count(TerminationCause.TICKET_EPOCH_MISMATCH));
        assertTrue(stats.show().contains("  Ticket epoch mismatch: 1\n"), stats.show());
        assertTrue(media.sessions.isEmpty());
    }

    @Test
    void anUnreachableCallAgentGets503UpstreamAndTheCallEnds() throws Exception {
        proxy.onMessage(remote, parse(invite(OFFER, "application/sdp")));
        proxy.connectionClosed(cucm, true);
        assertEquals(503, ((SipResponse) remote.sent.get(remote.sent.size() - 1)).statusCode());
        assertEquals(0, stats.inUse());
        assertTrue(media.sessions.get(0).closed);
    }

    @Test
    void anInviteOnAMappedAddressGoesToTheMappedRemoteEnterpriseWhateverItsRequestUri() throws Exception {
        InetSocketAddress mappedAddress = new InetSocketAddress("127.0.0.2", 5100);
        InetSocketAddress global = new InetSocketAddress("127.0.0.20", 5061);
        InetAddress source = InetAddress.getByName("127.0.0.3");
        FakeConnection offPath = new FakeConnection(Leg.INSIDE, "TCP", new InetSocketAddress("127.0.0.10", 40100), "",
                mappedAddress, new MappedTarget(global, source));
        List<String> dialled = new ArrayList<>();
        proxy.connector(new Connector() {
            @Override
            public Connection outside(InetSocketAddress peer) {
                dialled.add("plain " + peer);
                return remote;
            }

            @Override
            public Connection outside(InetSocketAddress peer, InetAddress from) {
                dialled.add(peer + " from " + from.getHostAddress());
                return remote;
            }

            @Override
            public Connection inside(Ucm ucm) {
                return cucm;
            }
        });
        String sdp = INSIDE_OFFER.replace("\n", "\r\n");
        proxy.onMessage(offPath, parse("INVITE sip:+4930555000@127.0.0.2:5100;transport=tcp SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-1\n"
                + "Route: <sip:127.0.0.2:5100;transport=tcp;lr>\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c1\nTo: <sip:+4930555000@127.0.0.2:5100>\n"
                + "Call-ID: off-path-1\nCSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "Max-Forwards: 70\nContent-Type: application/sdp\nContent-Length: " + sdp.length() + "\n\n" + INSIDE_OFFER));
        assertEquals(List.of("/127.0.0.20:5061 from 127.0.0.3"), dialled, "the mapped target, from the uc-ime interface");
        assertEquals(100, ((SipResponse) offPath.sent.get(0)).statusCode());
        SipRequest out = (SipRequest) remote.sent.get(0);
        assertEquals("sip:+4930555000@127.0.0.20:5061;transport=tcp", out.requestUriText(),
                "the mapped address in the Request-URI is translated to the global address");
        assertNull(out.header("Route"), "the Route naming the mapped address is consumed");
        assertEquals(List.of("<sip:127.0.0.3:5061;transport=tls;lr>", "<sip:127.0.0.2:5070;transport=tcp;lr>"),
                out.headers("Record-Route"));
        assertEquals(1, stats.inUse());

        proxy.onMessage(remote, parse("SIP/2.0 486 Busy Here\nVia: " + out.headers("Via").get(0) + "\nVia: "
                + out.headers("Via").get(1) + "\nFrom: <sip:+14085551234@127.0.0.10>;tag=c1\n"
                + "To: <sip:+4930555000@127.0.0.2:5100>;tag=b1\nCall-ID: off-path-1\nCSeq: 1 INVITE\n"
                + "Content-Length: 0\n\n"));
        assertEquals(486, ((SipResponse) offPath.sent.get(offPath.sent.size() - 1)).statusCode());
        assertEquals(0, stats.inUse());

        // a connection that is not mapped still follows the Request-URI
        proxy.onMessage(cucm, parse("INVITE sip:+4930555000@127.0.0.30:5062;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-2\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c2\nTo: <sip:+4930555000@127.0.0.30>\n"
                + "Call-ID: on-path-2\nCSeq: 1 INVITE\nMax-Forwards: 70\nContent-Length: 0\n\n"));
        assertEquals("plain /127.0.0.30:5062", dialled.get(1));
        assertEquals("sip:+4930555000@127.0.0.30:5062;transport=tls", ((SipRequest) remote.sent.get(remote.sent.size() - 1))
                .requestUriText());
    }

    static final org.imegate.api.rtpmonitor.MetricsSnapshot DEGRADED =
            new org.imegate.api.rtpmonitor.MetricsSnapshot(400, 8, 20, 5000, 20, 300, 0, 0, 0, 20, 8, 8, 4, 320, 0, 380, 20, 0);

    @Test
    void theCallAgentsSensitivityStartsMonitoringAndAFallbackSendsOneReferToIt() throws Exception {
        FallbackNotifications fallbacks = new FallbackNotifications();
        UcImeConfig cfg = UcImeConfig.named("ent-a").withMediaTermination("mt")
                .withUcm(new Ucm("127.0.0.10", TrunkSecurityMode.NONSECURE, 5060));
        proxy = new SipProxy(() -> Optional.of(cfg), media, () -> gate, stats, fallbacks, OUTSIDE, INSIDE,
                new InetSocketAddress("127.0.0.2", 5071));
        setUpConnector();
        proxy.onMessage(remote, parse(invite(OFFER, "application/sdp")));
        SipRequest down = (SipRequest) cucm.sent.get(0);
        String answer = ANSWER + "a=ptime:30\n";
        proxy.onMessage(cucm, parse("SIP/2.0 200 OK\nVia: " + down.headers("Via").get(0) + "\nVia: "
                + down.headers("Via").get(1) + "\nFrom: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=c1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "X-Cisco-UC-IME-Fallback: sensitivity=3\n"
                + "Content-Type: application/sdp\nContent-Length: " + answer.replace("\n", "\r\n").length() + "\n\n"
                + answer));
        SipResponse up = (SipResponse) remote.sent.get(1);
        assertEquals(200, up.statusCode());
        assertNull(up.header("X-Cisco-UC-IME-Fallback"), "the call agent's policy stays inside");
        FakeSession session = media.sessions.get(0);
        assertEquals(List.of(3, 30, 8000), java.util.Arrays.stream(session.monitored).boxed().toList());
        assertNotNull(session.listener);

        int before = cucm.sent.size();
        proxy.fallbackRequired("call-1@enterprise-b.example", 3, DEGRADED);
        assertEquals(before + 1, cucm.sent.size());
        SipRequest refer = (SipRequest) cucm.sent.get(before);
        assertEquals("REFER", refer.method());
        assertEquals("sip:127.0.0.10:5060;transport=tcp", refer.requestUriText());
        assertEquals("call-1@enterprise-b.example;local-tag=c1;remote-tag=r1", refer.header("Target-Dialog"),
                "the call agent answered the call: its tag is the To tag");
        assertEquals("<sip:127.0.0.10;method=INVITE>", refer.header("Refer-To"));
        assertEquals("reason=qos;sensitivity=3", refer.header("X-Cisco-UC-IME-Fallback"));
        assertEquals("refer", refer.header("Event"));
        assertEquals("1 REFER", refer.header("CSeq"));
        assertEquals("127.0.0.2", refer.topVia().host());
        assertFalse(refer.callId().equals("call-1@enterprise-b.example"), "out of dialog");
        assertEquals("UCM address: 127.0.0.10\nTotal Notifications Sent: 1\n", fallbacks.show());

        // the call agent's 202 ends the REFER here: nothing goes to the Internet
        int upstream = remote.sent.size();
        proxy.onMessage(cucm, parse("SIP/2.0 202 Accepted\nVia: " + refer.header("Via") + "\nFrom: "
                + refer.header("From") + "\nTo: " + refer.header("To") + ";tag=u1\nCall-ID: " + refer.callId()
                + "\nCSeq: 1 REFER\nContent-Length: 0\n\n"));
        assertEquals(upstream, remote.sent.size());
        assertEquals(1, fallbacks.totalAccepted());
        assertEquals(0, fallbacks.totalFailed());
        assertEquals(0, stats.verificationFailures());

        // a call that has ended is not notified
        proxy.fallbackRequired("gone@enterprise-b.example", 3, DEGRADED);
        assertEquals(1, fallbacks.totalSent());
    }

    @Test
    void anOutboundCallTakesItsSensitivityFromTheInviteAndAReferLostWithItsConnectionFails() throws Exception {
        FallbackNotifications fallbacks = new FallbackNotifications();
        UcImeConfig cfg = UcImeConfig.named("ent-a").withMediaTermination("mt")
                .withUcm(new Ucm("127.0.0.10", TrunkSecurityMode.NONSECURE, 5060));
        proxy = new SipProxy(() -> Optional.of(cfg), media, () -> gate, stats, fallbacks, OUTSIDE, INSIDE,
                new InetSocketAddress("127.0.0.2", 5071));
        setUpConnector();
        String sdp = INSIDE_OFFER.replace("\n", "\r\n");
        proxy.onMessage(cucm, parse("INVITE sip:+4930555000@127.0.0.30:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-9\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c9\nTo: <sip:+4930555000@127.0.0.30>\n"
                + "Call-ID: out-9\nCSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "X-Cisco-UC-IME-Fallback: sensitivity=5\n"
                + "Max-Forwards: 70\nContent-Type: application/sdp\nContent-Length: " + sdp.length() + "\n\n" + INSIDE_OFFER));
        SipRequest out = (SipRequest) remote.sent.get(0);
        assertNull(out.header("X-Cisco-UC-IME-Fallback"));
        String answer = OFFER.replace("o=b 1 1", "o=b 2 2");
        proxy.onMessage(remote, parse("SIP/2.0 200 OK\nVia: " + out.headers("Via").get(0) + "\nVia: "
                + out.headers("Via").get(1) + "\nFrom: <sip:+14085551234@127.0.0.10>;tag=c9\n"
                + "To: <sip:+4930555000@127.0.0.30>;tag=b9\nCall-ID: out-9\nCSeq: 1 INVITE\n"
                + "Contact: <sip:+4930555000@10.1.1.1:5061;transport=tls>\n"
                + "X-Cisco-UC-IME-Fallback: sensitivity=1\n"
                + "Content-Type: application/sdp\nContent-Length: " + answer.replace("\n", "\r\n").length()
                + "\n\n" + answer));
        FakeSession session = media.sessions.get(0);
        assertEquals(5, session.monitored[0], "the Internet peer does not set this call's level");
        proxy.fallbackRequired("out-9", 5, DEGRADED);
        SipRequest refer = (SipRequest) cucm.sent.get(cucm.sent.size() - 1);
        assertEquals("out-9;local-tag=c9;remote-tag=b9", refer.header("Target-Dialog"),
                "the call agent placed the call: its tag is the From tag");
        // the connection to the call agent is lost before the answer: the notification failed
        proxy.connectionClosed(cucm, false);
        assertEquals(1, fallbacks.totalSent());
        assertEquals(1, fallbacks.totalFailed());
        assertEquals(0, fallbacks.totalAccepted());
    }

    @Test
    void aCallOnHoldIsNotMonitoredAndIsAgainWhenItResumes() throws Exception {
        proxy.onMessage(remote, parse(invite(OFFER, "application/sdp")));
        SipRequest down = (SipRequest) cucm.sent.get(0);
        proxy.onMessage(cucm, parse("SIP/2.0 200 OK\nVia: " + down.headers("Via").get(0) + "\nVia: "
                + down.headers("Via").get(1) + "\nFrom: <sip:+15551230000@enterprise-b.example>;tag=r1\n"
                + "To: <sip:+14085551234@enterprise-a.example>;tag=c1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "X-Cisco-UC-IME-Fallback: sensitivity=4\n"
                + "Content-Type: application/sdp\nContent-Length: " + ANSWER.replace("\n", "\r\n").length() + "\n\n"
                + ANSWER));
        FakeSession session = media.sessions.get(0);
        assertEquals(4, session.monitored[0]);
        // the phone puts the call on hold: the Internet peer is asked not to send
        String hold = INSIDE_OFFER.replace("o=c 1 1", "o=c 1 2") + "a=sendonly\n";
        proxy.onMessage(cucm, parse(reInvite(2, hold)));
        assertEquals(0, session.monitored[0], "on hold: not monitored");
        String resume = INSIDE_OFFER.replace("o=c 1 1", "o=c 1 3") + "a=sendrecv\n";
        proxy.onMessage(cucm, parse(reInvite(3, resume)));
        assertEquals(4, session.monitored[0], "resumed: monitored again at the call's level");
        // old-style hold (c=0.0.0.0), and the peer answering inactive
        assertTrue(MediaInsertion.internetPeerSilent(sdpMedia("c=IN IP4 0.0.0.0\n", ""), Leg.INSIDE, null));
        assertTrue(MediaInsertion.internetPeerSilent(sdpMedia("", "a=inactive\n"), Leg.OUTSIDE, null));
        assertTrue(MediaInsertion.internetPeerSilent(sdpMedia("", "a=recvonly\n"), Leg.OUTSIDE, null));
        assertFalse(MediaInsertion.internetPeerSilent(sdpMedia("", "a=sendonly\n"), Leg.OUTSIDE, null),
                "the peer still sends");
        assertFalse(MediaInsertion.internetPeerSilent(sdpMedia("", "a=recvonly\n"), Leg.INSIDE, null));
    }

    static org.imegate.sip.sdp.Sdp.Media sdpMedia(String connection, String attribute) {
        String text = "v=0\no=c 1 1 IN IP4 127.0.0.10\ns=-\nc=IN IP4 127.0.0.10\nt=0 0\nm=audio 16000 RTP/AVP 8\n"
                + connection + attribute;
        return org.imegate.sip.sdp.Sdp.parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)).media().get(0);
    }

    /** A re-INVITE from the call agent (the callee of call-1) with {@code sdp}. */
    static String reInvite(int cseq, String sdp) {
        return "INVITE sip:+15551230000@10.1.1.1:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-re" + cseq + "\n"
                + "Route: <sip:127.0.0.2:5070;transport=tcp;lr>, <sip:127.0.0.3:5061;transport=tls;lr>\n"
                + "From: <sip:+14085551234@enterprise-a.example>;tag=c1\n"
                + "To: <sip:+15551230000@enterprise-b.example>;tag=r1\nCall-ID: call-1@enterprise-b.example\n"
                + "CSeq: " + cseq + " INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "Max-Forwards: 70\nContent-Type: application/sdp\nContent-Length: " + sdp.replace("\n", "\r\n").length()
                + "\n\n" + sdp;
    }

    @Test
    void aMalformedSensitivityMeansNotMonitored() throws Exception {
        assertEquals(-1, SipProxy.sensitivity(parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\n"
                + "From: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: x\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n")));
        for (String bad : List.of("sensitivity=6", "sensitivity=", "level=3", "sensitivity=-1", "sensitivity=33")) {
            assertEquals(0, SipProxy.sensitivity(parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\n"
                    + "From: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: x\nCSeq: 1 OPTIONS\nMax-Forwards: 70\n"
                    + "X-Cisco-UC-IME-Fallback: " + bad + "\nContent-Length: 0\n\n")), bad);
        }
        assertEquals(4, SipProxy.sensitivity(parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\n"
                + "From: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: x\nCSeq: 1 OPTIONS\nMax-Forwards: 70\n"
                + "X-Cisco-UC-IME-Fallback: reason=x; Sensitivity = 4\nContent-Length: 0\n\n")));
    }

    @Test
    void plainRtpOfferedFromTheInternetIsRefusedWith488AndCountedAsRtpOverUcIme() throws Exception {
        String plain = OFFER.replace("RTP/SAVP", "RTP/AVP").replace(REMOTE_CRYPTO + "\n", "");
        proxy.onMessage(remote, parse(invite(plain, "application/sdp")));
        SipResponse r = (SipResponse) remote.sent.get(remote.sent.size() - 1);
        assertEquals(488, r.statusCode());
        assertTrue(cucm.sent.isEmpty(), "nothing reaches the call agent");
        assertEquals(1, stats.count(TerminationCause.RTP_OVER_UC_IME));
        assertEquals(0, stats.inUse());
        assertTrue(media.sessions.get(0).closed);

        // RTP/SAVP without a key is no better
        String keyless = OFFER.replace(REMOTE_CRYPTO + "\n", "").replace("call-1@", "call-2@");
        proxy.onMessage(remote, parse(invite(keyless, "application/sdp").replace("call-1@", "call-2@")));
        assertEquals(488, ((SipResponse) remote.sent.get(remote.sent.size() - 1)).statusCode());
        assertEquals(2, stats.count(TerminationCause.RTP_OVER_UC_IME));
    }

    @Test
    void anOutboundOfferLeavesAsSrtpAndThePeersAnswerIsPlainRtpInside() throws Exception {
        String sdp = INSIDE_OFFER.replace("\n", "\r\n");
        proxy.onMessage(cucm, parse("INVITE sip:+4930555000@127.0.0.30:5062;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-9\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c9\nTo: <sip:+4930555000@127.0.0.30>\n"
                + "Call-ID: out-9\nCSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "Max-Forwards: 70\nContent-Type: application/sdp\nContent-Length: " + sdp.length() + "\n\n"
                + INSIDE_OFFER));
        SipRequest out = (SipRequest) remote.sent.get(0);
        String offer = new String(out.body(), StandardCharsets.UTF_8);
        assertTrue(offer.contains("m=audio 20002 RTP/SAVP 8 101"), offer);
        assertTrue(offer.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + FakeSession.OUR_KEY), offer);

        String answer = "v=0\no=b 1 1 IN IP4 10.1.1.1\ns=-\nc=IN IP4 10.1.1.1\nt=0 0\n"
                + "m=audio 20000 RTP/SAVP 8\n" + REMOTE_CRYPTO + "\n";
        proxy.onMessage(remote, parse("SIP/2.0 200 OK\nVia: " + out.headers("Via").get(0) + "\nVia: "
                + out.headers("Via").get(1) + "\nRecord-Route: " + String.join(", ", out.headers("Record-Route"))
                + "\nFrom: <sip:+14085551234@127.0.0.10>;tag=c9\nTo: <sip:+4930555000@127.0.0.30>;tag=b9\n"
                + "Call-ID: out-9\nCSeq: 1 INVITE\nContact: <sip:+4930555000@10.1.1.1:5061;transport=tls>\n"
                + "Content-Type: application/sdp\nContent-Length: " + answer.replace("\n", "\r\n").length() + "\n\n"
                + answer));
        SipResponse inside = (SipResponse) cucm.sent.get(cucm.sent.size() - 1);
        assertEquals(200, inside.statusCode());
        String rtp = new String(inside.body(), StandardCharsets.UTF_8);
        assertTrue(rtp.contains("m=audio 30000 RTP/AVP 8"), rtp);
        assertFalse(rtp.contains("a=crypto"), rtp);
        assertEquals(List.of(REMOTE_CRYPTO.substring("a=crypto:".length())), media.sessions.get(0).remoteCrypto);
    }

    @Test
    void aPlainRtpAnswerFromTheInternetDisablesTheStreamInsideAndCountsTheCall() throws Exception {
        String sdp = INSIDE_OFFER.replace("\n", "\r\n");
        proxy.onMessage(cucm, parse("INVITE sip:+4930555000@127.0.0.30:5062;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-8\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c8\nTo: <sip:+4930555000@127.0.0.30>\n"
                + "Call-ID: out-8\nCSeq: 1 INVITE\nContact: <sip:+14085551234@127.0.0.10:5060;transport=tcp>\n"
                + "Max-Forwards: 70\nContent-Type: application/sdp\nContent-Length: " + sdp.length() + "\n\n"
                + INSIDE_OFFER));
        SipRequest out = (SipRequest) remote.sent.get(0);
        String answer = "v=0\no=b 1 1 IN IP4 10.1.1.1\ns=-\nc=IN IP4 10.1.1.1\nt=0 0\nm=audio 20000 RTP/AVP 8\n";
        proxy.onMessage(remote, parse("SIP/2.0 200 OK\nVia: " + out.headers("Via").get(0) + "\nVia: "
                + out.headers("Via").get(1) + "\nFrom: <sip:+14085551234@127.0.0.10>;tag=c8\n"
                + "To: <sip:+4930555000@127.0.0.30>;tag=b8\nCall-ID: out-8\nCSeq: 1 INVITE\n"
                + "Contact: <sip:+4930555000@10.1.1.1:5061;transport=tls>\nContent-Type: application/sdp\n"
                + "Content-Length: " + answer.replace("\n", "\r\n").length() + "\n\n" + answer));
        SipResponse inside = (SipResponse) cucm.sent.get(cucm.sent.size() - 1);
        String disabled = new String(inside.body(), StandardCharsets.UTF_8);
        assertTrue(disabled.contains("m=audio 0 RTP/AVP 8"), disabled);
        proxy.onMessage(cucm, parse("BYE sip:+4930555000@10.1.1.1:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.10:5060;branch=z9hG4bK-cucm-8b\n"
                + "From: <sip:+14085551234@127.0.0.10>;tag=c8\nTo: <sip:+4930555000@127.0.0.30>;tag=b8\n"
                + "Call-ID: out-8\nCSeq: 2 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n"));
        SipRequest bye = (SipRequest) remote.sent.get(remote.sent.size() - 1);
        proxy.onMessage(remote, parse("SIP/2.0 200 OK\nVia: " + bye.headers("Via").get(0) + "\nVia: "
                + bye.headers("Via").get(1) + "\nFrom: <sip:+14085551234@127.0.0.10>;tag=c8\n"
                + "To: <sip:+4930555000@127.0.0.30>;tag=b8\nCall-ID: out-8\nCSeq: 2 BYE\nContent-Length: 0\n\n"));
        assertEquals(0, stats.inUse());
        assertEquals(1, stats.count(TerminationCause.RTP_OVER_UC_IME));
    }

    // ------------------------------------------------------------------ fakes

    static final class FakeConnection implements Connection {
        final Leg leg;
        final String transport;
        final InetSocketAddress remote;
        final String domain;
        final InetSocketAddress local;
        final Optional<MappedTarget> mapped;
        final List<SipMessage> sent = new ArrayList<>();

        FakeConnection(Leg leg, String transport, InetSocketAddress remote, String domain) {
            this(leg, transport, remote, domain, leg == Leg.OUTSIDE ? OUTSIDE : INSIDE, null);
        }

        FakeConnection(Leg leg, String transport, InetSocketAddress remote, String domain, InetSocketAddress local,
                MappedTarget mapped) {
            this.leg = leg;
            this.transport = transport;
            this.remote = remote;
            this.domain = domain;
            this.local = local;
            this.mapped = Optional.ofNullable(mapped);
        }

        @Override
        public Optional<MappedTarget> mapped() {
            return mapped;
        }

        @Override
        public Leg leg() {
            return leg;
        }

        @Override
        public InetSocketAddress local() {
            return local;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String transport() {
            return transport;
        }

        @Override
        public String peerDomain() {
            return domain;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void send(SipMessage message) {
            try {
                byte[] b = message.encode();
                sent.add(SipParser.parse(b, 0, b.length));
            } catch (Exception e) {
                throw new AssertionError("the proxy sent an unparseable message: " + message, e);
            }
        }

        @Override
        public void close() {
        }
    }

    static final class FakeSession implements MediaSession {
        final int n;
        InetSocketAddress outsideRemote;
        InetSocketAddress insideRemote;
        boolean closed;

        FakeSession(int n) {
            this.n = n;
        }

        @Override
        public String id() {
            return "s" + n;
        }

        @Override
        public String callId() {
            return "c";
        }

        @Override
        public String instance() {
            return "mt";
        }

        @Override
        public InetSocketAddress outsideLocal() {
            return new InetSocketAddress("127.0.0.3", 20002 + 2 * n);
        }

        @Override
        public InetSocketAddress insideLocal() {
            return new InetSocketAddress("127.0.0.2", 30000 + 2 * n);
        }

        @Override
        public void outsideRemote(InetSocketAddress remote) {
            outsideRemote = remote;
        }

        @Override
        public void insideRemote(InetSocketAddress remote) {
            insideRemote = remote;
        }

        /** The appliance's SDES key of this fake session (not a real key: the fake does no SRTP). */
        static final String OUR_KEY = "inline:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB";
        List<String> remoteCrypto = List.of();
        String answerLine;

        @Override
        public List<String> srtpOffer() {
            return List.of("1 AES_CM_128_HMAC_SHA1_80 " + OUR_KEY);
        }

        @Override
        public void srtpAnswered(List<String> crypto) throws MediaNegotiationException {
            if (crypto.size() != 1 || !crypto.get(0).startsWith("1 AES_CM_128_HMAC_SHA1_80 inline:")) {
                throw new MediaNegotiationException("unexpected answer " + crypto);
            }
            remoteCrypto = crypto;
        }

        @Override
        public String srtpAnswer(List<String> crypto) throws MediaNegotiationException {
            for (String c : crypto) {
                String[] f = c.split(" ");
                if (f.length == 3 && f[1].equals("AES_CM_128_HMAC_SHA1_80")) {
                    remoteCrypto = List.of(c);
                    answerLine = f[0] + " " + f[1] + " " + OUR_KEY;
                    return answerLine;
                }
            }
            throw new MediaNegotiationException("no acceptable crypto attribute");
        }

        @Override
        public Optional<String> srtpAnswerLine() {
            return Optional.ofNullable(answerLine);
        }

        /** What {@link #monitor} was given: sensitivity, ptime, clock rate; null when not called. */
        int[] monitored;
        org.imegate.api.rtpmonitor.FallbackListener listener;

        @Override
        public void monitor(int sensitivity, int ptimeMs, int clockRate,
                org.imegate.api.rtpmonitor.FallbackListener listener) {
            monitored = new int[] {sensitivity, ptimeMs, clockRate};
            this.listener = listener;
        }

        @Override
        public MediaSessionInfo info() {
            return new MediaSessionInfo(id(), "c", "mt", outsideLocal(), outsideRemote, insideLocal(), insideRemote,
                    0, 0, 0, 0, 0, Instant.now(), null, null, 0, 0, 0, 0, null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class FakeMedia implements MediaTermination {
        final List<FakeSession> sessions = new ArrayList<>();

        @Override
        public MediaSession open(String instance, String callId) {
            FakeSession s = new FakeSession(sessions.size());
            sessions.add(s);
            return s;
        }

        @Override
        public Optional<MediaSession> find(String sessionId) {
            return sessions.stream().filter(s -> s.id().equals(sessionId) && !s.closed).map(s -> (MediaSession) s).findFirst();
        }

        @Override
        public List<MediaSessionInfo> sessions() {
            return List.of();
        }

        @Override
        public List<MediaTerminationConfig> instances() {
            return List.of(new MediaTerminationConfig("mt", Optional.empty(), Map.of("outside", "127.0.0.3",
                    "inside", "127.0.0.2"), 16384, 32767));
        }
    }
}
