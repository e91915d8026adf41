package org.imegate.media.srtp;

/**
 * Why an SRTP packet was refused (RFC 3711 §3.3 steps 2, 5 and 6), or an RTP packet was not protected,
 * for the relay's counters.
 */
enum SrtpFailure {
    /** The authentication tag does not match (§3.3 step 6, §4.2). */
    AUTHENTICATION("SRTP authentication failed"),
    /** The packet index was seen already or is older than the replay window (§3.3.2). */
    REPLAY("SRTP replay"),
    /** Too short for an RTP header and tag, or not RTP version 2. */
    MALFORMED("not SRTP"),
    /**
     * An RTP packet to protect under an AES-GCM suite whose packet index was sent already or is older than
     * the window: the same IV twice under one key would void GCM's authentication (RFC 7714 §8), so it is
     * not sent.
     */
    INDEX_REUSE("SRTP index reuse");

    private final String label;

    SrtpFailure(String label) {
        this.label = label;
    }

    /** The counter name shown to operators. */
    String label() {
        return label;
    }
}
