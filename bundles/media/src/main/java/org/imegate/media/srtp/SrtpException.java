package org.imegate.media.srtp;

/**
 * An SRTP packet refused by {@link SrtpContext#unprotect}. There is one shared, stack-less instance
 * per {@link SrtpFailure}, so a flood of forged packets costs no allocation.
 */
final class SrtpException extends Exception {

    private static final long serialVersionUID = 1L;

    private static final SrtpException[] BY_FAILURE = new SrtpException[SrtpFailure.values().length];

    static {
        for (SrtpFailure f : SrtpFailure.values()) {
            BY_FAILURE[f.ordinal()] = new SrtpException(f);
        }
    }

    private final SrtpFailure failure;

    private SrtpException(SrtpFailure failure) {
        super(failure.label(), null, false, false);
        this.failure = failure;
    }

    static SrtpException of(SrtpFailure failure) {
        return BY_FAILURE[failure.ordinal()];
    }

    SrtpFailure failure() {
        return failure;
    }
}
