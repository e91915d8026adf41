package org.imegate.media.srtp;

import java.util.Locale;

/**
 * The SRTP crypto suites of the SDES {@code a=crypto} attribute (RFC 4568 §6.2) this relay offers
 * and accepts:
 *
 * <ul>
 *   <li>AES-CM with a 128-bit key (RFC 3711 §4.1.1) and HMAC-SHA1 (§4.2.1) truncated to 80 or 32 bits,
 *       a 112-bit master salt (RFC 4568 §6.2.1, §6.2.2);</li>
 *   <li>AES-GCM with a 128-bit or 256-bit key, a 96-bit master salt and a 16-octet authentication tag
 *       (RFC 7714 §14), the session keys derived with the AES-CM PRF of the same key size
 *       (RFC 7714 §11).</li>
 * </ul>
 *
 * Only SRTP is relayed; SRTCP is not (RTCP is not relayed by this appliance).
 */
enum SrtpSuite {
    /** 80-bit SRTP authentication tag. */
    AES_CM_128_HMAC_SHA1_80(16, 14, 10, false),
    /** 32-bit SRTP authentication tag. */
    AES_CM_128_HMAC_SHA1_32(16, 14, 4, false),
    /** AEAD_AES_128_GCM, RFC 7714: 128-bit key, 96-bit salt, 16-octet tag. */
    AEAD_AES_128_GCM(16, 12, 16, true),
    /** AEAD_AES_256_GCM, RFC 7714: 256-bit key, 96-bit salt, 16-octet tag. */
    AEAD_AES_256_GCM(32, 12, 16, true);

    private final int keyLength;
    private final int saltLength;
    private final int tagLength;
    private final boolean aead;

    SrtpSuite(int keyLength, int saltLength, int tagLength, boolean aead) {
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
        this.aead = aead;
    }

    /** Length in bytes of the master key and of the session encryption key. */
    int keyLength() {
        return keyLength;
    }

    /** Length in bytes of the master salt and of the session salt. */
    int saltLength() {
        return saltLength;
    }

    /** Length in bytes of the SRTP authentication tag. */
    int tagLength() {
        return tagLength;
    }

    /** Whether the suite is an AEAD (AES-GCM) transform, with no separate authentication key. */
    boolean aead() {
        return aead;
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
