package org.imegate.routes.vcr;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VoiceCallRecord;

/**
 * One line of a CDR file in the inbox, as a {@link VoiceCallRecord}.
 *
 * <p>Layout (UTF-8, one record a line; empty lines and lines starting with {@code #} are skipped; an
 * optional first line {@value #HEADER} is a header):
 * <pre>
 * direction,called,calling,start,stop,vserviceid
 * sent,+14085551212,+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435
 * </pre>
 * {@code direction} is {@code sent} (or 1, originating) or {@code received} (or 0, terminating); numbers
 * are +E.164 (calling may be empty; the intake checks them); times are ISO-8601 UTC instants;
 * {@code vserviceid} is the VService's 16 hexadecimal digits.
 */
public final class VcrCsv {
    /** The header line. */
    public static final String HEADER = "direction,called,calling,start,stop,vserviceid";
    /** Lines longer than this are refused. */
    public static final int MAX_LINE = 1024;

    /** A line read: the record, or why it cannot be one. */
    public record Line(VoiceCallRecord vcr, String refusal) {
    }

    private VcrCsv() {
    }

    /** True for the lines that carry no record: blank, comment, or the header as first line. */
    public static boolean skipped(String line, int number) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#") || (number == 1 && t.equalsIgnoreCase(HEADER));
    }

    public static Line parse(String line) {
        if (line.length() > MAX_LINE) {
            return refused("longer than " + MAX_LINE + " characters");
        }
        String[] f = line.strip().split(",", -1);
        if (f.length != 6) {
            return refused("expected 6 fields (" + HEADER + "), found " + f.length);
        }
        CallDirection d = switch (f[0].strip().toLowerCase(Locale.ROOT)) {
            case "sent", "1" -> CallDirection.SENT;
            case "received", "0" -> CallDirection.RECEIVED;
            default -> null;
        };
        if (d == null) {
            return refused("direction " + f[0].strip() + " is not sent or received");
        }
        Instant start;
        Instant stop;
        try {
            start = Instant.parse(f[3].strip());
            stop = Instant.parse(f[4].strip());
        } catch (DateTimeParseException e) {
            return refused("start or stop is not an ISO-8601 instant (2026-11-21T10:00:00Z)");
        }
        String vs = f[5].strip();
        if (vs.length() != 16) {
            return refused("vserviceid must be 16 hexadecimal digits");
        }
        long id;
        try {
            id = Long.parseUnsignedLong(vs, 16);
        } catch (NumberFormatException e) {
            return refused("vserviceid must be 16 hexadecimal digits");
        }
        return new Line(new VoiceCallRecord(f[1].strip(), f[2].strip(), start, stop, d, id), null);
    }

    private static Line refused(String why) {
        return new Line(null, why);
    }
}
