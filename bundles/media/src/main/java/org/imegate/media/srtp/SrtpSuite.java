package org.imegate.media.srtp;

import java.util.Locale;

/**
 * The SRTP crypto suites of the SDES {@code a=crypto} attribute (RFC 4568 §6.2) this relay offers
 * and accepts: AES-CM with a 128-bit key (RFC 3711 §4.1.1) and HMAC-SHA1 (§4.2.1) truncated to 80 or
 * 32 bits for SRTP. SRTCP always carries the 80-bit tag (RFC 4568 §6.2.2).
 */
enum SrtpSuite {
    /** 80-bit SRTP authentication tag. */
    AES_CM_128_HMAC_SHA1_80(10),
    /** 32-bit SRTP authentication tag. */
    AES_CM_128_HMAC_SHA1_32(4);

    private final int tagLength;

    SrtpSuite(int tagLength) {
        this.tagLength = tagLength;
    }

    /** Length in bytes of the SRTP authentication tag. */
    int tagLength() {
        return tagLength;
    }

    /** The suite named in an {@code a=crypto} attribute, or null when the name is not one of these. */
    static SrtpSuite byName(String name) {
        for (SrtpSuite s : values()) {
            if (s.name().equals(name.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
