package org.imegate.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketVerdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test: no input text makes verification throw or accept. Seeded, bounded (about 20,000
 * 40,000 cases): random bytes, random base64url segments, every truncation, every single bit flip and every
 * base64url character substitution of a valid ticket, swapped and duplicated segments.
 */
class TicketFuzzTest {
    private static final Set<TerminationCause> FAILURES = EnumSet.of(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED,
            TerminationCause.TICKET_DECODE_FAILED, TerminationCause.TICKET_EPOCH_MISMATCH,
            TerminationCause.TICKET_DID_MISMATCH, TerminationCause.TICKET_TIMESTAMP_INVALID,
            TerminationCause.TICKET_DOMAIN_CHECK_FAILED, TerminationCause.TICKET_NOT_FOUND,
            TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED);
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @TempDir
    Path dir;
    Fixtures f;
    String valid;
    int cases;

    @BeforeEach
    void setUp() {
        f = Fixtures.configured(dir);
        valid = f.ticket();
        assertTrue(f.service.verify(Fixtures.check(valid)).valid());
    }

    @Test
    void mutatedTicketsAreAlwaysRefused() {
        Random random = new Random(20260115L);
        // every truncation
        for (int i = 0; i < valid.length(); i++) {
            refused(valid.substring(0, i));
            refused(valid.substring(i + 1));
        }
        // every single bit flip of every character (7 bits of ASCII, plus the 8th making it non-ASCII)
        for (int i = 0; i < valid.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                char c = (char) (valid.charAt(i) ^ (1 << bit));
                refused(valid.substring(0, i) + c + valid.substring(i + 1));
            }
        }
        // every substitution of one character by another base64url character (covers the padding bits of
        // the signature's last character, which a lenient decoder would ignore)
        for (int i = 0; i < valid.length(); i++) {
            if (valid.charAt(i) == '.') {
                continue;
            }
            for (int j = 0; j < B64.length(); j++) {
                if (B64.charAt(j) != valid.charAt(i)) {
                    refused(valid.substring(0, i) + B64.charAt(j) + valid.substring(i + 1));
                }
            }
        }
        // swapped and duplicated segments
        String[] p = valid.split("\\.");
        int[][] orders = {{1, 0, 2}, {0, 2, 1}, {2, 1, 0}, {0, 0, 2}, {1, 1, 2}, {0, 1, 1}, {2, 0, 1}, {1, 2, 0}};
        for (int[] o : orders) {
            refused(p[o[0]] + "." + p[o[1]] + "." + p[o[2]]);
        }
        refused(p[0] + "." + p[1]);
        refused(p[0] + "." + p[1] + "." + p[2] + "." + p[2]);
        refused(p[0] + ".." + p[2]);
        // random bytes as text
        for (int i = 0; i < 7500; i++) {
            byte[] b = new byte[random.nextInt(600)];
            random.nextBytes(b);
            refused(new String(b, i % 2 == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        }
        // random base64url segments, and valid segments mixed with random ones
        for (int i = 0; i < 7500; i++) {
            String a = segment(random, 1 + random.nextInt(120));
            String b = segment(random, 1 + random.nextInt(300));
            String c = segment(random, 1 + random.nextInt(60));
            switch (i % 4) {
                case 0 -> refused(a + "." + b + "." + c);
                case 1 -> refused(p[0] + "." + b + "." + c);
                case 2 -> refused(p[0] + "." + p[1] + "." + c);
                default -> refused(a + "." + p[1] + "." + p[2]);
            }
        }
        // random JSON-ish payloads under the right header and a random MAC
        for (int i = 0; i < 2000; i++) {
            String json = "{\"sub\":" + (random.nextBoolean() ? "\"x\"" : "[" + random.nextInt() + "]") + ",\"did\":"
                    + random.nextInt() + ",\"exp\":" + random.nextLong() + "}";
            refused(p[0] + "." + Jws.b64(json) + "." + segment(random, 43));
        }
        assertTrue(cases >= 35_000, "cases " + cases);
        assertEquals(cases + 1, f.service.verifications());
        assertEquals(1, f.service.valid());
    }

    private void refused(String ticket) {
        cases++;
        TicketVerdict v = f.service.verify(Fixtures.check(ticket));
        assertNotNull(v);
        assertFalse(v.valid(), () -> "accepted mutated ticket " + ticket);
        assertTrue(FAILURES.contains(v.cause()), () -> v.cause() + " for " + ticket);
        assertFalse(v.reason().isEmpty());
    }

    private static String segment(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(B64.charAt(random.nextInt(B64.length())));
        }
        return b.toString();
    }
}
