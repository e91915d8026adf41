package org.imegate.api.ime;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A voice call record (catalogue IME-30): what a call agent uploads after a PSTN call ends.
 *
 * @param calledNumber  the called party, +E.164
 * @param callingNumber the calling party, +E.164, or "" when the caller ID was not delivered
 * @param start         answer time (200 OK)
 * @param stop          release time (BYE)
 * @param direction     sent (originating) or received (terminating)
 * @param vserviceId    the VService the call agent uploaded it for
 */
public record VoiceCallRecord(String calledNumber, String callingNumber, Instant start, Instant stop,
        CallDirection direction, long vserviceId) {

    /** A +E.164 number: '+', a non-zero digit, then 1 to 14 digits. */
    public static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public VoiceCallRecord {
        Objects.requireNonNull(calledNumber, "calledNumber");
        callingNumber = callingNumber == null ? "" : callingNumber;
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(direction, "direction");
    }

    /** Whether {@code number} is +E.164. */
    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }
}
