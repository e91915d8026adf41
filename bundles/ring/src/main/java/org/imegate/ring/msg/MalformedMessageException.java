package org.imegate.ring.msg;

/** A message that does not decode (answered with Error_Invalid_Message). */
public class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
