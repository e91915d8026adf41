package org.imegate.api.sip;

import java.util.Objects;

/**
 * The gate's decision on an INVITE.
 *
 * @param admitted   forward it
 * @param statusCode when refused: the response code (e.g. 403), or 0 to drop silently
 * @param reason     when refused: the text of the Reason header and the log line
 * @param cause      when refused: the counter it is counted under
 */
public record Admission(boolean admitted, int statusCode, String reason, TerminationCause cause) {

    public Admission {
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(cause, "cause");
    }

    /** Forward the INVITE. */
    public static Admission admit() {
        return new Admission(true, 0, "", TerminationCause.OTHER);
    }

    /** Refuse with {@code statusCode} (0 = drop without answer), counted under {@code cause}. */
    public static Admission refuse(int statusCode, String reason, TerminationCause cause) {
        return new Admission(false, statusCode, reason, cause);
    }
}
