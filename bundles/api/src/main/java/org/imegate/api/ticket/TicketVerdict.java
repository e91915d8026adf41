package org.imegate.api.ticket;

import java.util.Objects;
import org.imegate.api.sip.TerminationCause;

/**
 * The outcome of a ticket verification.
 *
 * @param valid  whether the ticket admits the call
 * @param cause  when refused, the counter it is counted under; {@link TerminationCause#OTHER} when valid
 * @param reason operator text for the log and the Reason header (never the ticket or the password)
 */
public record TicketVerdict(boolean valid, TerminationCause cause, String reason) {

    public TicketVerdict {
        Objects.requireNonNull(cause, "cause");
        reason = reason == null ? "" : reason;
    }

    /** A valid ticket. */
    public static TicketVerdict accepted() {
        return new TicketVerdict(true, TerminationCause.OTHER, "ticket valid");
    }

    /** A refusal counted under {@code cause}. */
    public static TicketVerdict refused(TerminationCause cause, String reason) {
        return new TicketVerdict(false, cause, reason);
    }
}
