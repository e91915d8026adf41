package org.imegate.sip.message;

/**
 * A frame of a stream connection that could not be accepted. When {@link #closeConnection()} is false the frame
 * was delimited and the connection stays usable: answer {@code error().statusCode()} when it is not 0. When true
 * the stream can no longer be delimited: answer if possible, then close the connection.
 */
public record SipFrameError(SipParseException error, boolean closeConnection) {
}
