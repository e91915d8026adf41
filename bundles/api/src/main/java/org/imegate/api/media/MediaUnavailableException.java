package org.imegate.api.media;

/** No media resources (ports) are free for a new session; SIP answers the call with 503 or 488. */
public class MediaUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaUnavailableException(String message) {
        super(message);
    }
}
