package org.imegate.media;

/** Why a packet was not relayed. */
enum DropReason {
    /** The remote address of the leg it arrived on or of the leg it would go to is not known yet. */
    NO_REMOTE,
    /** It came from another source than the leg's remote (or the latched source). */
    WRONG_SOURCE,
    /** Shorter than an RTP header or not RTP version 2. */
    NOT_RTP,
    /** A packet stage (SRTP, monitor) refused it. */
    STAGE,
    /** The send toward the other leg failed or its buffer was full. */
    SEND_FAILED;

    String label() {
        return switch (this) {
            case NO_REMOTE -> "remote unknown";
            case WRONG_SOURCE -> "wrong source";
            case NOT_RTP -> "not RTP";
            case STAGE -> "refused by a stage";
            case SEND_FAILED -> "send failed";
        };
    }
}
