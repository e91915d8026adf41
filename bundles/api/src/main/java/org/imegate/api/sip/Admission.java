package org.imegate.api.sip;

/**
 * The gate's decision on an INVITE.
 *
 * @param admitted   forward it
 * @param statusCode when refused: the response code (e.g. 403), or 0 to drop silently
 * @param reason     when refused: the text of the Reason header / log line
 */
public record Admission(boolean admitted, int statusCode, String reason) {

    /** Forward the INVITE. */
    public static Admission admit() {
        return new Admission(true, 0, "");
    }

    /** Refuse with {@code statusCode} (0 = drop without answer) and {@code reason}. */
    public static Admission refuse(int statusCode, String reason) {
        return new Admission(false, statusCode, reason);
    }
}
