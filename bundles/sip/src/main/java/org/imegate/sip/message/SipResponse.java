package org.imegate.sip.message;

/** A SIP response: status code 100..699 and reason phrase. */
public final class SipResponse extends SipMessage {

    private final int statusCode;
    private final String reasonPhrase;

    public SipResponse(int statusCode, String reasonPhrase) {
        this(statusCode, reasonPhrase, 12);
    }

    SipResponse(int statusCode, String reasonPhrase, int expectedHeaders) {
        super(expectedHeaders);
        if (statusCode < 100 || statusCode > 699) {
            throw new IllegalArgumentException("invalid status code " + statusCode);
        }
        if (reasonPhrase != null && (reasonPhrase.indexOf('\r') >= 0 || reasonPhrase.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("reason phrase contains a line break");
        }
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase == null ? "" : reasonPhrase;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    public int statusCode() {
        return statusCode;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    @Override
    public String startLine() {
        return "SIP/2.0 " + statusCode + ' ' + reasonPhrase;
    }
}
