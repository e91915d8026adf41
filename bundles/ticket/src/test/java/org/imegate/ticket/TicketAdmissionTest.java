package org.imegate.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.imegate.api.sip.Admission;
import org.imegate.api.sip.InboundInvite;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketAdmissionTest {
    @TempDir
    Path dir;
    final Clock clock = Clock.fixed(Fixtures.IAT.plusSeconds(86400), ZoneOffset.UTC);

    @Test
    void uriParts() {
        assertEquals("+14085550123", SipUris.user("sip:+14085550123@enterprise-b.example;user=phone"));
        assertEquals("+1-408-555-0123;phone-context=+1",
                SipUris.user("sip:+1-408-555-0123;phone-context=+1@enterprise-b.example:5061;user=phone"));
        assertEquals("+14085550123", SipUris.user("<sips:%2B14085550123@b.example>"));
        assertEquals("+14085550123", SipUris.user("tel:+14085550123"));
        assertEquals("alice", SipUris.user("sip:alice:secret@a.example"));
        assertEquals("", SipUris.user("sip:a.example"));
        assertEquals("", SipUris.user("http://x@y"));
        assertEquals("", SipUris.user(null));
        assertEquals("ucm.enterprise-a.example",
                SipUris.host("\"Alice\" <sip:+14085550100@UCM.Enterprise-A.example:5061;transport=tls>;tag=1"));
        assertEquals("proxy.a.example", SipUris.host("<sip:proxy.a.example;lr>"));
        assertEquals("192.0.2.1", SipUris.host("sip:192.0.2.1:5060"));
        assertEquals("[2001:db8::1]", SipUris.host("sip:user@[2001:db8::1]:5061;transport=tls"));
        assertEquals("a.example", SipUris.host("sip:a.example?subject=x@evil.example"));
        assertEquals("", SipUris.host("tel:+14085550123"));
        assertEquals("", SipUris.host("garbage"));
        assertEquals("", SipUris.host("<"));
        assertEquals("", SipUris.host("sip:%"));
        assertEquals("", SipUris.host("sip:x@a\u00e9.example"));
        assertEquals("", SipUris.host("sip:x@[2001:db8::1"));
    }

    @Test
    void checkIsBuiltFromTheInvite() {
        InboundInvite invite = invite("T", "sip:+1-408-555-0123@enterprise-b.example;user=phone",
                "<sip:+14085550100@ucm.enterprise-a.example>;tag=9", "<sip:192.0.2.7:5061;transport=tls>",
                List.of("<sip:sbc.enterprise-a.example;lr>", "<sip:[2001:db8::5];lr>"));
        TicketCheck c = TicketAdmission.check(invite, clock);
        assertEquals("T", c.ticketHeader());
        assertEquals("+1-408-555-0123", c.requestUriUser().substring(0, 15));
        assertEquals(Fixtures.CALLER, c.callingDomain());
        assertEquals(List.of("ucm.enterprise-a.example", "192.0.2.7", "sbc.enterprise-a.example", "[2001:db8::5]"),
                c.routeHosts());
        assertEquals(clock.instant(), c.now());
        InboundInvite noHeader = new InboundInvite("c", "sip:+1@b", "garbage", "", List.of(), "a", Map.of());
        assertEquals(null, TicketAdmission.check(noHeader, clock).ticketHeader());
        assertEquals(List.of("(unparseable URI)"), TicketAdmission.check(noHeader, clock).routeHosts());
    }

    @Test
    void admitsAValidTicketAndRefusesOthers() {
        Fixtures f = Fixtures.configured(dir);
        TicketAdmission gate = new TicketAdmission(f.service, clock, Map.of());
        String t = f.ticket();
        assertTrue(gate.admit(invite(t, "sip:+14085550123@enterprise-b.example;user=phone",
                "<sip:+14085550100@ucm.enterprise-a.example>;tag=9", "", List.of())).admitted());

        Admission noTicket = gate.admit(invite(null, "sip:+14085550123@b.example", "sip:x@enterprise-a.example", "",
                List.of()));
        assertFalse(noTicket.admitted());
        assertEquals(403, noTicket.statusCode());
        assertEquals(TerminationCause.TICKET_NOT_FOUND, noTicket.cause());

        Admission route = gate.admit(invite(t, "sip:+14085550123@b.example", "sip:x@enterprise-a.example",
                "sip:x@enterprise-z.example", List.of()));
        assertEquals(TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED, route.cause());
        assertEquals("route host enterprise-z.example is not in the calling domain enterprise-a.example",
                route.reason());

        gate.modified(Map.of(TicketConfig.FAILURE_ACTION, "drop"));
        assertEquals(0, gate.status());
        Admission dropped = gate.admit(invite(t, "sip:+14085550999@b.example", "sip:x@enterprise-a.example", "",
                List.of()));
        assertEquals(0, dropped.statusCode());
        assertEquals(TerminationCause.TICKET_DID_MISMATCH, dropped.cause());

        gate.modified(Map.of(TicketConfig.FAILURE_ACTION, "reject", TicketConfig.FAILURE_STATUS, "488"));
        assertEquals(488, gate.status());
        gate.modified(Map.of(TicketConfig.FAILURE_ACTION, "bounce"));
        assertEquals(488, gate.status(), "a bad action is refused and the previous one kept");
        gate.modified(Map.of(TicketConfig.FAILURE_STATUS, "200"));
        assertEquals(488, gate.status());
        gate.modified(Map.of());
        assertEquals(403, gate.status());
    }

    @Test
    void notConfiguredRefusesEveryInvite() {
        Fixtures blank = new Fixtures(dir);
        TicketAdmission gate = new TicketAdmission(blank.service, clock, Map.of());
        Admission a = gate.admit(invite(null, "sip:+14085550123@b.example", "sip:x@enterprise-a.example", "", List.of()));
        assertEquals(TerminationCause.TICKET_NOT_FOUND, a.cause());
        Admission b = gate.admit(invite("x.y.z", "sip:+14085550123@b.example", "sip:x@enterprise-a.example", "",
                List.of()));
        assertEquals(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, b.cause());
        assertEquals(403, b.statusCode());
    }

    private static InboundInvite invite(String ticket, String requestUri, String from, String contact,
            List<String> recordRoutes) {
        return new InboundInvite("call-1@a", requestUri, from, contact, recordRoutes, Fixtures.CALLER,
                ticket == null ? Map.of("via", List.of("SIP/2.0/TLS x")) : Map.of("x-cisco-uc-ime-ticket", List.of(ticket)));
    }
}
