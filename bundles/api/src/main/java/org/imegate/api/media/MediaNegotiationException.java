package org.imegate.api.media;

/**
 * The media description cannot be accepted as it is: SRTP keys missing or unusable on the Internet leg
 * (RFC 4568), or the SRTP session limit of the licence reached. SIP answers the offer with 488.
 *
 * @since 2.0
 */
public class MediaNegotiationException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaNegotiationException(String message) {
        super(message);
    }
}
