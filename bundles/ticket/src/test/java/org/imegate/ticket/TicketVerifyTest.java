package org.imegate.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketRequest;
import org.imegate.api.ticket.TicketVerdict;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketVerifyTest {
    @TempDir
    Path dir;
    Fixtures f;
    long iat = Fixtures.IAT.getEpochSecond();
    long exp = iat + 365L * 86400;

    @BeforeEach
    void setUp() {
        f = Fixtures.configured(dir);
    }

    @Test
    void issuedTicketVerifies() {
        String t = f.ticket();
        TicketVerdict v = f.service.verify(Fixtures.check(t));
        assertTrue(v.valid(), v.reason());
        assertEquals(TerminationCause.OTHER, v.cause());
        assertEquals(1, f.service.verifications());
        assertEquals(1, f.service.valid());
        String payload = new String(Jws.unb64(t.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"exp\":" + exp), payload);
        assertTrue(payload.contains("\"nbf\":" + iat), payload);
        assertTrue(payload.contains("\"jti\":\"AQIDBAUGBwgJCgsM\""), payload);
    }

    /**
     * Known answer: fixed password, epoch, claims, issue time and jti give exactly these bytes. The header
     * and MAC are also recomputed here by hand (JDK HMAC over the signing input with an independently
     * derived key), so a library change that alters the serialization or the key is caught.
     */
    @Test
    void knownAnswer() {
        String expected = KNOWN_ANSWER;
        String t = f.ticket();
        assertEquals(expected, t);
        String[] parts = t.split("\\.");
        String header = new String(Jws.unb64(parts[0]), StandardCharsets.UTF_8);
        assertEquals("{\"kid\":\"7\",\"typ\":\"uc-ime-ticket\",\"alg\":\"HS256\"}", header);
        String payload = new String(Jws.unb64(parts[1]), StandardCharsets.UTF_8);
        assertEquals(t, Jws.sign(header, payload));
    }

    static final String KNOWN_ANSWER = "eyJraWQiOiI3IiwidHlwIjoidWMtaW1lLXRpY2tldCIsImFsZyI6IkhTMjU2In0"
            + ".eyJzdWIiOiJlbnRlcnByaXNlLWEuZXhhbXBsZSIsIm5iZiI6MTc2ODQ3MTIwMCwiaXNzIjoiZW50ZXJwcmlzZS1iLmV4YW1wbGUi"
            + "LCJleHAiOjE4MDAwMDcyMDAsImlhdCI6MTc2ODQ3MTIwMCwiZGlkIjoiKzE0MDg1NTUwMTIzIiwianRpIjoiQVFJREJBVUdCd2dKQ2dzTSJ9"
            + ".Wr78RO0j-W8GVTt6qCWhfdG2TwEuL-vu1hReVLJXtJs";

    @Test
    void handBuiltTicketVerifies() {
        assertTrue(f.service.verify(Fixtures.check(Jws.sign(Jws.HEADER, Jws.claims()))).valid());
    }

    @Test
    void missingHeader() {
        expect(TerminationCause.TICKET_NOT_FOUND, Fixtures.check(null));
    }

    @Test
    void garbage() {
        for (String g : List.of("", " ", "hello", "a.b.c", "a.b", "....", "eyJ.eyJ.AAA", "\u00e9.\u00e9.\u00e9",
                "x".repeat(5000), Jws.sign(Jws.HEADER, Jws.claims()) + "=", Jws.sign(Jws.HEADER, Jws.claims()) + ".x")) {
            expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(g));
        }
        // payload is not JSON, header is not JSON
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER, "not json")));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign("{\"alg\"", Jws.claims())));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER, "[1,2]")));
    }

    @Test
    void wrongAlgorithm() {
        String none = "{\"alg\":\"none\",\"typ\":\"uc-ime-ticket\",\"kid\":\"7\"}";
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.b64(none) + "." + Jws.b64(Jws.claims()) + "."));
        expect(TerminationCause.TICKET_DECODE_FAILED,
                Fixtures.check(Jws.b64(none) + "." + Jws.b64(Jws.claims()) + ".AAAA"));
        byte[] key64 = new byte[64];
        System.arraycopy(Jws.key(Fixtures.PASSWORD, 7), 0, key64, 0, 32);
        String hs512 = Jws.sign("{\"alg\":\"HS512\",\"typ\":\"uc-ime-ticket\",\"kid\":\"7\"}", Jws.claims(), key64,
                "HmacSHA512");
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(hs512));
        String rs = Jws.sign("{\"alg\":\"RS256\",\"typ\":\"uc-ime-ticket\",\"kid\":\"7\"}", Jws.claims());
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(rs));
    }

    @Test
    void wrongType() {
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"7\"}", Jws.claims())));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(
                "{\"alg\":\"HS256\",\"kid\":\"7\"}", Jws.claims())));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(
                "{\"alg\":\"HS256\",\"typ\":\"uc-ime-ticket\",\"kid\":\"7\",\"crit\":[\"exp\"]}", Jws.claims())));
    }

    @Test
    void missingKidOrClaims() {
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(
                "{\"alg\":\"HS256\",\"typ\":\"uc-ime-ticket\"}", Jws.claims())));
        for (String claim : List.of("iss", "sub", "did", "iat", "nbf", "exp", "jti")) {
            String without = Jws.claims().replaceAll("\"" + claim + "\":(\"[^\"]*\"|[0-9]+),?", "").replace(",}", "}");
            assertFalse(without.contains("\"" + claim + "\""), without);
            expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER, without)));
        }
        // wrong types
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER,
                Jws.claims().replace("\"iat\":" + iat, "\"iat\":\"yesterday\""))));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "14085550123", iat, iat, exp))));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "[]", iat, iat, exp))));
        expect(TerminationCause.TICKET_DECODE_FAILED, Fixtures.check(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "[\"+14085550123\",1]", iat, iat, exp))));
    }

    @Test
    void otherEpoch() {
        String t = Jws.sign("{\"alg\":\"HS256\",\"typ\":\"uc-ime-ticket\",\"kid\":\"8\"}", Jws.claims(),
                Jws.key(Fixtures.PASSWORD, 8), "HmacSHA256");
        TicketVerdict v = expect(TerminationCause.TICKET_EPOCH_MISMATCH, Fixtures.check(t));
        assertEquals("ticket epoch 8 is not the configured epoch 7", v.reason());
    }

    @Test
    void badMac() {
        String t = f.ticket();
        String[] p = t.split("\\.");
        byte[] sig = Jws.unb64(p[2]);
        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] s = sig.clone();
            s[bit / 8] ^= (byte) (1 << (bit % 8));
            expect(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, Fixtures.check(p[0] + "." + p[1] + "." + Jws.b64(s)));
        }
        // a payload changed (one bit of one digit of the number) under the original MAC
        String payload = new String(Jws.unb64(p[1]), StandardCharsets.UTF_8);
        String changed = payload.replace("+14085550123", "+14085550122");
        assertFalse(payload.equals(changed));
        expect(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED,
                Fixtures.check(p[0] + "." + Jws.b64(changed) + "." + p[2], "+14085550122", Fixtures.CALLER, List.of(),
                        Fixtures.IAT.plusSeconds(60)));
        // right epoch, other password
        expect(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, Fixtures.check(Jws.sign(Jws.HEADER, Jws.claims(),
                Jws.key("Another!pa55-42", 7), "HmacSHA256")));
        // a signature of the wrong length
        expect(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, Fixtures.check(p[0] + "." + p[1] + "."
                + Jws.b64(java.util.Arrays.copyOf(sig, 31))));
    }

    @Test
    void nonCanonicalSignatureIsNotAccepted() {
        String t = f.ticket();
        // the last of 43 characters carries 4 bits; its 2 low bits are padding. A different last
        // character with the same 4 bits decodes to the same MAC and must still be refused.
        char last = t.charAt(t.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int v = alphabet.indexOf(last);
        for (int low = 0; low < 4; low++) {
            int w = (v & ~3) | low;
            if (w != v) {
                String m = t.substring(0, t.length() - 1) + alphabet.charAt(w);
                TicketVerdict verdict = f.service.verify(Fixtures.check(m));
                assertFalse(verdict.valid());
                assertEquals(TerminationCause.TICKET_DECODE_FAILED, verdict.cause());
            }
        }
    }

    @Test
    void timesWithSkewEdges() {
        String t = f.ticket();
        Instant nbf = Fixtures.IAT;
        Instant expiry = Instant.ofEpochSecond(exp);
        assertTrue(f.service.verify(at(t, nbf.minusSeconds(300))).valid());
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(t, nbf.minusSeconds(301)));
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(t, nbf.minusSeconds(300).minusMillis(1)));
        assertTrue(f.service.verify(at(t, expiry.plusSeconds(300))).valid());
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(t, expiry.plusSeconds(300).plusMillis(1)));
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(t, expiry.plusSeconds(301)));
        // issued in the future beyond the skew, although nbf allows it
        long now = iat + 1000;
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "\"" + Fixtures.DID + "\"", now + 301, iat, exp)), Instant.ofEpochSecond(now)));
        assertTrue(f.service.verify(at(Jws.sign(Jws.HEADER, Jws.claims(Fixtures.CALLER, "\"" + Fixtures.DID + "\"",
                now + 300, iat, exp)), Instant.ofEpochSecond(now))).valid());
        // a lifetime beyond 365 days, and exp before nbf
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "\"" + Fixtures.DID + "\"", iat, iat, exp + 1)), Instant.ofEpochSecond(now)));
        expect(TerminationCause.TICKET_TIMESTAMP_INVALID, at(Jws.sign(Jws.HEADER,
                Jws.claims(Fixtures.CALLER, "\"" + Fixtures.DID + "\"", iat, iat + 10, iat + 5)), Instant.ofEpochSecond(iat)));
    }

    @Test
    void callingDomain() {
        String t = f.ticket();
        TicketVerdict v = expect(TerminationCause.TICKET_DOMAIN_CHECK_FAILED,
                Fixtures.check(t, Fixtures.DID, "enterprise-c.example", List.of(), Fixtures.IAT));
        assertEquals("ticket issued to enterprise-a.example, presented by enterprise-c.example", v.reason());
        expect(TerminationCause.TICKET_DOMAIN_CHECK_FAILED, Fixtures.check(t, Fixtures.DID, "", List.of(), Fixtures.IAT));
        expect(TerminationCause.TICKET_DOMAIN_CHECK_FAILED,
                Fixtures.check(t, Fixtures.DID, "x.enterprise-a.example", List.of(), Fixtures.IAT));
        assertTrue(f.service.verify(Fixtures.check(t, Fixtures.DID, "Enterprise-A.EXAMPLE.", List.of(), Fixtures.IAT))
                .valid());
    }

    @Test
    void calledNumber() {
        String t = f.ticket();
        TicketVerdict v = expect(TerminationCause.TICKET_DID_MISMATCH,
                Fixtures.check(t, "+14085550124", Fixtures.CALLER, List.of(), Fixtures.IAT));
        assertEquals("called number +14085550124 is not permitted by the ticket", v.reason());
        expect(TerminationCause.TICKET_DID_MISMATCH, Fixtures.check(t, "14085550123", Fixtures.CALLER, List.of(),
                Fixtures.IAT));
        expect(TerminationCause.TICKET_DID_MISMATCH, Fixtures.check(t, "", Fixtures.CALLER, List.of(), Fixtures.IAT));
        for (String user : List.of("+1-408-555-0123", "+1.408.555.0123", "+1(408)555-0123",
                "+1-408-555-0123;phone-context=+1", "+14085550123;isub=1")) {
            assertTrue(f.service.verify(Fixtures.check(t, user, Fixtures.CALLER, List.of(), Fixtures.IAT)).valid(), user);
        }
    }

    @Test
    void aliasGroup() {
        String t = f.service.issue(new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of("+14085550123", "+4930123456"), Fixtures.IAT));
        String payload = new String(Jws.unb64(t.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"did\":[\"+14085550123\",\"+4930123456\"]"), payload);
        assertTrue(f.service.verify(Fixtures.check(t, "+14085550123", Fixtures.CALLER, List.of(), Fixtures.IAT)).valid());
        assertTrue(f.service.verify(Fixtures.check(t, "+49-30-123456", Fixtures.CALLER, List.of(), Fixtures.IAT)).valid());
        expect(TerminationCause.TICKET_DID_MISMATCH, Fixtures.check(t, "+4930123457", Fixtures.CALLER, List.of(),
                Fixtures.IAT));
    }

    @Test
    void routeDomains() {
        String t = f.ticket();
        for (List<String> ok : List.of(List.<String>of(), List.of("enterprise-a.example"),
                List.of("ENTERPRISE-A.example.", "sbc.edge.enterprise-a.example"),
                List.of("192.0.2.10", "[2001:db8::1]", "2001:db8::2", "enterprise-a.example"))) {
            assertTrue(f.service.verify(Fixtures.check(t, Fixtures.DID, Fixtures.CALLER, ok, Fixtures.IAT)).valid(),
                    ok.toString());
        }
        for (List<String> bad : List.of(List.of("enterprise-b.example"), List.of("notenterprise-a.example"),
                List.of("enterprise-a.example", "enterprise-a.example.evil.example"), List.of("example"),
                List.of("(unparseable URI)"))) {
            expect(TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED,
                    Fixtures.check(t, Fixtures.DID, Fixtures.CALLER, bad, Fixtures.IAT));
        }
    }

    @Test
    void eachRefusalCountsOnceUnderItsCause() {
        String t = f.ticket();
        f.service.verify(Fixtures.check(t));
        f.service.verify(Fixtures.check(null));
        f.service.verify(Fixtures.check("junk"));
        f.service.verify(Fixtures.check(t, "+1", Fixtures.CALLER, List.of(), Fixtures.IAT));
        f.service.verify(Fixtures.check(t, Fixtures.DID, "b.example", List.of(), Fixtures.IAT));
        assertEquals(5, f.service.verifications());
        assertEquals(1, f.service.valid());
        long sum = 0;
        for (TerminationCause c : TerminationCause.values()) {
            sum += f.service.failures(c);
        }
        assertEquals(4, sum);
        assertEquals(1, f.service.failures(TerminationCause.TICKET_NOT_FOUND));
        assertEquals(1, f.service.failures(TerminationCause.TICKET_DECODE_FAILED));
        assertEquals(1, f.service.failures(TerminationCause.TICKET_DID_MISMATCH));
        assertEquals(1, f.service.failures(TerminationCause.TICKET_DOMAIN_CHECK_FAILED));
    }

    @Test
    void notConfigured() {
        Fixtures blank = new Fixtures(dir);
        assertFalse(blank.service.configured());
        assertTrue(blank.service.epoch().isEmpty());
        String t = f.ticket();
        expect(blank, TerminationCause.TICKET_NOT_FOUND, Fixtures.check(null));
        TicketVerdict v = expect(blank, TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, Fixtures.check(t));
        assertTrue(v.reason().contains("not configured"), v.reason());
        ValidationException e = assertThrows(ValidationException.class, () -> blank.service.issue(
                new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER, List.of(Fixtures.DID), Fixtures.IAT)));
        assertTrue(e.getMessage().startsWith("ERROR: ticket"), e.getMessage());
    }

    @Test
    void rolloverInvalidatesTicketsOfTheOldEpoch() {
        String old = f.ticket();
        assertEquals(1, f.alerts.size());
        f.service.configure(8, "Neo!pass-2027-AB".toCharArray());
        assertEquals(8, f.service.epoch().getAsInt());
        expect(TerminationCause.TICKET_EPOCH_MISMATCH, Fixtures.check(old));
        assertTrue(f.service.verify(Fixtures.check(f.ticket())).valid());
        assertEquals(2, f.alerts.size());
        var alert = f.alerts.get(1);
        assertEquals("TicketPasswordChanged", alert.name());
        assertEquals(AlertSeverity.NOTICE, alert.severity());
        assertEquals("ticket", alert.module());
        assertEquals("org/imegate/alert/TicketPasswordChanged", alert.topic());
        assertEquals("8", alert.details().get("epoch"));
        assertEquals("7", alert.details().get("previousEpoch"));
        assertFalse(alert.toString().contains("Neo!pass-2027-AB"));
        // the same epoch with another password: old tickets fail their MAC
        String second = f.ticket();
        f.service.configure(8, "Third!pass-2027".toCharArray());
        expect(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED, Fixtures.check(second));
        assertFalse(f.service.toString().contains("pass-2027"));
    }

    @Test
    void badConfigurationChangesNothing() {
        char[] pw = "short".toCharArray();
        ValidationException e = assertThrows(ValidationException.class, () -> f.service.configure(9, pw));
        assertFalse(e.getMessage().contains("short"));
        assertThrows(ValidationException.class, () -> f.service.configure(0, Fixtures.PASSWORD.toCharArray()));
        assertEquals(7, f.service.epoch().getAsInt());
        assertEquals("short", new String(pw));
        assertTrue(f.service.verify(Fixtures.check(f.ticket())).valid());
    }

    @Test
    void requestRules() {
        assertThrows(ValidationException.class, () -> new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of("14085550123"), Fixtures.IAT));
        assertThrows(ValidationException.class, () -> new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of("+04085550123"), Fixtures.IAT));
        assertThrows(ValidationException.class, () -> new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of("+1234567890123456"), Fixtures.IAT));
        assertThrows(ValidationException.class, () -> new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of(), Fixtures.IAT));
        assertThrows(ValidationException.class, () -> new TicketRequest("bad domain", Fixtures.CALLER,
                List.of(Fixtures.DID), Fixtures.IAT));
        new TicketRequest(Fixtures.ISSUER, Fixtures.CALLER, List.of("+123456789012345"), Fixtures.IAT);
    }

    private TicketCheck at(String ticket, Instant now) {
        return Fixtures.check(ticket, Fixtures.DID, Fixtures.CALLER, List.of(), now);
    }

    private TicketVerdict expect(TerminationCause cause, TicketCheck check) {
        return expect(f, cause, check);
    }

    private static TicketVerdict expect(Fixtures fx, TerminationCause cause, TicketCheck check) {
        TicketVerdict v = fx.service.verify(check);
        assertFalse(v.valid(), "accepted: " + check.ticketHeader());
        assertEquals(cause, v.cause(), v.reason());
        if (check.ticketHeader() != null && check.ticketHeader().length() > 20) {
            assertFalse(v.reason().contains(check.ticketHeader()), v.reason());
        }
        return v;
    }
}
