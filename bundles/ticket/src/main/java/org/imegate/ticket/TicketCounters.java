package org.imegate.ticket;

import org.imegate.api.sip.TerminationCause;

/** The verifier's counters, for the MBean (bundle-internal service). */
public interface TicketCounters {

    /** Tickets verified, valid or not. */
    long verifications();

    /** Tickets found valid. */
    long valid();

    /** Refusals counted under {@code cause}. */
    long failures(TerminationCause cause);
}
