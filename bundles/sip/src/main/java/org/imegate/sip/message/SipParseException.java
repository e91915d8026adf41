package org.imegate.sip.message;

import java.util.Optional;

/**
 * A message that cannot be accepted. {@link #statusCode()} is the response the RFC calls for (400, 413, 416, 505)
 * or 0 when nothing can be answered (a response, or a request without a usable Via or CSeq): then the message is
 * dropped. {@link #answerable()} holds a minimal request (Via, From, To, Call-ID, CSeq) to build that response with
 * {@link SipResponses#answer}.
 */
public final class SipParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String reason;
    private final transient SipRequest answerable;

    public SipParseException(int statusCode, String reason, SipRequest answerable) {
        super(statusCode == 0 ? "dropped: " + reason : statusCode + " " + reason, null, false, false);
        this.statusCode = answerable == null ? 0 : statusCode;
        this.reason = reason;
        this.answerable = statusCode == 0 ? null : answerable;
    }

    /** 400, 413, 416, 505, or 0 when the message must be dropped silently. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase to answer with (or to log for a drop). */
    public String reason() {
        return reason;
    }

    public Optional<SipRequest> answerable() {
        return Optional.ofNullable(answerable);
    }
}
