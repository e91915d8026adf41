package org.imegate.api.sip;

/**
 * {@code show uc-ime signaling-sessions statistics} over JMX ({@code org.imegate:type=sip,name=uc-ime}):
 * sessions in use, the high-water mark, terminated sessions and the termination counters with the
 * seed's names.
 */
public interface SignalingStatisticsMBean {
    long getInUse();

    long getMostUsed();

    long getTerminated();

    long getTicketIntegrityCheckFailed();

    long getTicketDecodeFailed();

    long getTicketEpochMismatch();

    long getTicketDIDMismatch();

    long getTicketTimestampInvalid();

    long getTicketDomainCheckFailed();

    long getTicketNotFound();

    long getRouteDomainNameCheckFailed();

    long getRTPOverUCIME();

    /** Requests refused by SIP verification (method, multipart, fax, malformed, out of state). */
    long getVerificationFailures();

    /** The text of {@code show uc-ime signaling-sessions statistics}. */
    String showStatistics();

    /** The text of {@code show uc-ime signaling-sessions}. */
    String showSessions();
}
