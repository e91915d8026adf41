package org.imegate.api.sip;

/**
 * Why a signaling session was terminated by the proxy, with the counter label of
 * {@code show uc-ime signaling-sessions statistics} (seed S1 L786-803).
 */
public enum TerminationCause {
    TICKET_INTEGRITY_CHECK_FAILED("Ticket integrity check failed"),
    TICKET_DECODE_FAILED("Ticket decode failed"),
    TICKET_EPOCH_MISMATCH("Ticket epoch mismatch"),
    TICKET_DID_MISMATCH("Ticket DID mismatch"),
    TICKET_TIMESTAMP_INVALID("Ticket timestamp invalid"),
    TICKET_DOMAIN_CHECK_FAILED("Ticket domain check failed"),
    TICKET_NOT_FOUND("Ticket not found"),
    ROUTE_DOMAIN_NAME_CHECK_FAILED("Route domain name check failed"),
    RTP_OVER_UC_IME("RTP over UC-IME"),
    /** Any other end: normal BYE, failure response, verification refusal, timeout. */
    OTHER("Other");

    private final String label;

    TerminationCause(String label) {
        this.label = label;
    }

    /** The seed's counter label. */
    public String label() {
        return label;
    }

    /** The JMX attribute name: the label in CamelCase, e.g. {@code TicketEpochMismatch}. */
    public String attributeName() {
        StringBuilder b = new StringBuilder();
        for (String w : label.replace("-", " ").split(" ")) {
            if (!w.isEmpty()) {
                b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return b.toString();
    }
}
