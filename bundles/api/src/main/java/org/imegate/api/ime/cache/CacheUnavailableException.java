package org.imegate.api.ime.cache;

/** The ring could not be reached (VAP answers 481 Publication Failed). */
public class CacheUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
