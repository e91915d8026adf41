package org.imegate.api.ticket;

/**
 * {@code org.imegate:type=ticket,name=verifier}: the ticket verifier's configuration and counters over JMX.
 * Failure counters carry the names of {@code show uc-ime signaling-sessions statistics}
 * ({@link org.imegate.api.sip.TerminationCause#attributeName()}); each refusal counts in exactly one.
 */
public interface TicketMBean {

    /** The configured epoch, 0 when not configured. */
    int getEpoch();

    boolean isConfigured();

    /** Tickets verified (valid and refused). */
    long getVerifications();

    /** Tickets found valid. */
    long getValid();

    long getTicketIntegrityCheckFailed();

    long getTicketDecodeFailed();

    long getTicketEpochMismatch();

    long getTicketDIDMismatch();

    long getTicketTimestampInvalid();

    long getTicketDomainCheckFailed();

    long getTicketNotFound();

    long getRouteDomainNameCheckFailed();

    /**
     * {@code uc-ime ticket epoch <epoch> password <password>}; a refusal reaches the client as an
     * IllegalArgumentException with the {@code ERROR: ...} message (never containing the password).
     */
    void configure(int epoch, String password);
}
