package org.imegate.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP cryptographic context of one direction of one RTP stream (one SSRC), RFC 3711 and, for the
 * AES-GCM suites, RFC 7714:
 *
 * <ul>
 *   <li>§3.1 packet format: the payload (everything after the fixed header, the CSRC list and the header
 *       extension) is encrypted; the optional MKI and the authentication tag follow it (AES-CM), or the
 *       16-octet AEAD tag follows the ciphertext and the optional MKI comes last (RFC 7714 §9.1).</li>
 *   <li>§3.2.1 and §3.3.1 / Appendix A: the packet index {@code i = 2^16 * ROC + SEQ}, the receiver
 *       guessing the ROC from the highest sequence number {@code s_l} it has authenticated.</li>
 *   <li>§3.3.2 replay protection with a 64-packet sliding window.</li>
 *   <li>§4.1.1 AES-CM encryption with {@code IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)}.</li>
 *   <li>§4.2.1 HMAC-SHA1 over the authenticated portion and the ROC, truncated to the suite's tag
 *       length (10 or 4 bytes).</li>
 *   <li>RFC 7714 §8.1 AES-GCM with the 12-octet {@code IV = (0x0000 || SSRC || ROC || SEQ) XOR salt},
 *       §9.1 the RTP header (fixed header, CSRCs, extension) as the associated data, the payload
 *       encrypted, a 16-octet tag. A sender never uses an index twice (the same IV twice under one key
 *       would give the GCM authentication key away): a packet whose index was sent already, or is older
 *       than the window, is refused with {@link SrtpFailure#INDEX_REUSE}. The JCE refuses an encryption
 *       IV equal to the previous one; every packet gets a fresh {@link GCMParameterSpec}, so the cipher
 *       is re-initialised with its new IV and the same key object.</li>
 *   <li>§4.3 session keys derived from the master key with a key derivation rate of 0.</li>
 * </ul>
 *
 * Packets are transformed in place in byte arrays; the ciphers, the MAC, the key object and the scratch
 * buffers are kept for the life of the context. The AES-CM path allocates nothing per packet (the JCE's
 * HMAC may). The AES-GCM path allocates what the JCE's GCM allocates at each re-initialisation for a new
 * IV (about 1 KB on JDK 17, mostly its GHASH table, the AES key schedule being kept), the parameter
 * object, and the JCE's exception for a forged packet. One thread at a time. A context either protects
 * (sender side) or unprotects (receiver side), not both, and serves one SSRC: the caller picks the
 * context by the packet's SSRC.
 */
final class SrtpContext {

    static final int RTP_HEADER = 12;
    private static final int WINDOW = 64;
    private static final int MAC_LENGTH = 20;
    private static final int GCM_IV_LENGTH = 12;
    private static final int GCM_TAG_BITS = 128;

    private final SrtpSuite suite;
    private final byte[] salt;
    private final byte[] mki;
    /** AES-CM suites: the payload cipher and the MAC; null for AES-GCM. */
    private final AesCm cipher;
    private final Mac mac;
    private final byte[] iv = new byte[AesCm.BLOCK];
    private final byte[] roc = new byte[4];
    private final byte[] tag = new byte[MAC_LENGTH];
    /** AES-GCM suites: the AEAD cipher and its key; null for AES-CM. */
    private final Cipher gcm;
    private final SecretKeySpec gcmKey;
    private final byte[] nonce = new byte[GCM_IV_LENGTH];
    /** Decrypted payload before it is copied back over the ciphertext (AES-GCM receiver). */
    private byte[] plain = new byte[0];

    /** Highest packet index authenticated (receiver) or sent (sender); -1 before the first packet. */
    private long highest = -1;
    /** Bit n set: packet index {@code highest - n} was received (or, AES-GCM sender, sent). */
    private long window;

    /** A context with the session keys derived from {@code keys} (RFC 3711 §4.3, RFC 7714 §11). */
    SrtpContext(SrtpSuite suite, SrtpKeys keys) {
        this(suite, keys.srtp(suite), keys.mki());
    }

    /** A context with the session keys given directly, as the RFC 7714 §16 test vectors give them. */
    SrtpContext(SrtpSuite suite, SrtpKeys.SessionKeys session, byte[] mki) {
        this.suite = suite;
        this.salt = session.salt();
        this.mki = mki.clone();
        if (session.encryptionKey().length != suite.keyLength() || salt.length != suite.saltLength()) {
            throw new IllegalArgumentException(suite + " takes a " + suite.keyLength() + "-byte key and a "
                    + suite.saltLength() + "-byte salt");
        }
        try {
            if (suite.aead()) {
                this.cipher = null;
                this.mac = null;
                this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
                this.gcmKey = new SecretKeySpec(session.encryptionKey(), "AES");
            } else {
                this.cipher = new AesCm(session.encryptionKey());
                this.mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(session.authKey(), "HmacSHA1"));
                this.gcm = null;
                this.gcmKey = null;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite + " is not available", e);
        }
    }

    SrtpSuite suite() {
        return suite;
    }

    /** Bytes that {@link #protect} adds to an RTP packet: the MKI and the authentication tag. */
    int overhead() {
        return mki.length + suite.tagLength();
    }

    /** The rollover counter, {@code highest index >>> 16}; 0 before the first packet. */
    long rolloverCounter() {
        return highest < 0 ? 0 : highest >>> 16;
    }

    /**
     * Turns the RTP packet in {@code buf[off, off + len)} into SRTP in place (RFC 3711 §3.3 for the
     * sender): encrypts the payload and appends the MKI and the authentication tag (AES-CM), or the tag
     * and the MKI (AES-GCM).
     *
     * @param buf must have {@link #overhead()} bytes of room after the packet
     * @return the length of the SRTP packet
     * @throws SrtpException {@link SrtpFailure#MALFORMED} when it is not an RTP version 2 packet;
     *     {@link SrtpFailure#INDEX_REUSE} (AES-GCM) when its packet index was sent already or is too old
     */
    int protect(byte[] buf, int off, int len) throws SrtpException {
        int header = headerLength(buf, off, len);
        if (header < 0) {
            throw SrtpException.of(SrtpFailure.MALFORMED);
        }
        if (buf.length - off - len < overhead()) {
            throw new IllegalArgumentException("no room for the SRTP tag: " + (buf.length - off - len) + " bytes");
        }
        int seq = sequence(buf, off);
        long index = estimate(seq);
        if (suite.aead()) {
            if (index < 0 || seen(index)) {
                throw SrtpException.of(SrtpFailure.INDEX_REUSE);
            }
            seal(buf, off, header, len, index);
            record(index);
            return len + overhead();
        }
        if (index < 0) {
            // from before the first packet sent (ROC would be -1): sent under ROC 0 without moving the
            // state, so that the receiver, which refuses it as too old, stays in step
            index = seq;
        } else if (index > highest) {
            highest = index;
        }
        crypt(buf, off, header, len, index);
        int end = off + len;
        System.arraycopy(mki, 0, buf, end, mki.length);
        authenticate(buf, off, len, index >>> 16);
        System.arraycopy(tag, 0, buf, end + mki.length, suite.tagLength());
        return len + overhead();
    }

    /**
     * Turns the SRTP packet in {@code buf[off, off + len)} back into RTP in place (RFC 3711 §3.3 for the
     * receiver): estimates the index, checks the replay window, verifies the tag, decrypts, and only then
     * updates the ROC, {@code s_l} and the replay window.
     *
     * @return the length of the RTP packet
     * @throws SrtpException for a malformed packet, a replayed or too old index, or a wrong tag (or MKI)
     */
    int unprotect(byte[] buf, int off, int len) throws SrtpException {
        int rtpLength = len - overhead();
        int header = rtpLength < RTP_HEADER ? -1 : headerLength(buf, off, rtpLength);
        if (header < 0) {
            throw SrtpException.of(SrtpFailure.MALFORMED);
        }
        int seq = sequence(buf, off);
        long index = estimate(seq);
        if (index < 0 || seen(index)) {
            throw SrtpException.of(SrtpFailure.REPLAY);
        }
        if (suite.aead()) {
            open(buf, off, header, rtpLength, index);
        } else {
            authenticate(buf, off, rtpLength, index >>> 16);
            int diff = 0;
            int t = off + rtpLength + mki.length;
            for (int i = 0; i < suite.tagLength(); i++) {
                diff |= tag[i] ^ buf[t + i];
            }
            for (int i = 0; i < mki.length; i++) {
                diff |= mki[i] ^ buf[off + rtpLength + i];
            }
            if (diff != 0) {
                throw SrtpException.of(SrtpFailure.AUTHENTICATION);
            }
            crypt(buf, off, header, rtpLength, index);
        }
        record(index);
        return rtpLength;
    }

    /** Whether {@code index} was recorded already or is older than the window (RFC 3711 §3.3.2). */
    private boolean seen(long index) {
        long delta = index - highest;
        return highest >= 0 && delta <= 0 && (-delta >= WINDOW || (window & (1L << -delta)) != 0);
    }

    /** Records {@code index}, not {@link #seen}, in the window, moving it forward when it is the highest. */
    private void record(long index) {
        long delta = index - highest;
        if (highest < 0) {
            highest = index;
            window = 1;
        } else if (delta > 0) {
            window = delta >= WINDOW ? 1 : (window << delta) | 1;
            highest = index;
        } else {
            window |= 1L << -delta;
        }
    }

    /** RFC 7714 §8.1: {@code (0x0000 || SSRC || ROC || SEQ) XOR salt} into {@link #nonce}. */
    private GCMParameterSpec gcmIv(byte[] buf, int off, long index) {
        long rollover = index >>> 16;
        nonce[0] = salt[0];
        nonce[1] = salt[1];
        for (int i = 0; i < 4; i++) {
            nonce[2 + i] = (byte) (salt[2 + i] ^ buf[off + 8 + i]);
            nonce[6 + i] = (byte) (salt[6 + i] ^ (rollover >>> (24 - 8 * i)));
        }
        nonce[10] = (byte) (salt[10] ^ (index >>> 8));
        nonce[11] = (byte) (salt[11] ^ index);
        return new GCMParameterSpec(GCM_TAG_BITS, nonce);
    }

    /** AES-GCM encryption of the payload in place, the header as AAD, the tag then the MKI appended. */
    private void seal(byte[] buf, int off, int header, int len, long index) {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, gcmKey, gcmIv(buf, off, index));
            gcm.updateAAD(buf, off, header);
            gcm.doFinal(buf, off + header, len - header, buf, off + header);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        System.arraycopy(mki, 0, buf, off + len + suite.tagLength(), mki.length);
    }

    /** AES-GCM decryption and tag check; the payload is written back only when the tag (and MKI) match. */
    private void open(byte[] buf, int off, int header, int rtpLength, long index) throws SrtpException {
        int diff = 0;
        int m = off + rtpLength + suite.tagLength();
        for (int i = 0; i < mki.length; i++) {
            diff |= mki[i] ^ buf[m + i];
        }
        if (diff != 0) {
            throw SrtpException.of(SrtpFailure.AUTHENTICATION);
        }
        int sealed = rtpLength - header + suite.tagLength();
        if (plain.length < sealed) {
            plain = new byte[Math.max(sealed, 2 * plain.length)];
        }
        try {
            gcm.init(Cipher.DECRYPT_MODE, gcmKey, gcmIv(buf, off, index));
            gcm.updateAAD(buf, off, header);
            gcm.doFinal(buf, off + header, sealed, plain, 0);
        } catch (AEADBadTagException e) {
            throw SrtpException.of(SrtpFailure.AUTHENTICATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        System.arraycopy(plain, 0, buf, off + header, rtpLength - header);
    }

    /**
     * The packet index for {@code seq} (RFC 3711 Appendix A), or -1 when it would fall before
     * ROC 0. The first packet gets ROC 0.
     */
    private long estimate(int seq) {
        if (highest < 0) {
            return seq;
        }
        long rocNow = highest >>> 16;
        int sl = (int) (highest & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? rocNow - 1 : rocNow;
        } else {
            v = sl - 32768 > seq ? rocNow + 1 : rocNow;
        }
        if (v < 0) {
            return -1;
        }
        return (v << 16) | seq;
    }

    /** AES-CM over the payload {@code [off + header, off + end)} for packet {@code index} (§4.1.1). */
    private void crypt(byte[] buf, int off, int header, int end, long index) {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[14] = 0;
        iv[15] = 0;
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= buf[off + 8 + i];
        }
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
        cipher.xor(iv, buf, off + header, end - header);
    }

    /** HMAC-SHA1 of {@code buf[off, off + len) || ROC} into {@link #tag} (§4.2.1). */
    private void authenticate(byte[] buf, int off, int len, long rollover) {
        roc[0] = (byte) (rollover >>> 24);
        roc[1] = (byte) (rollover >>> 16);
        roc[2] = (byte) (rollover >>> 8);
        roc[3] = (byte) rollover;
        mac.update(buf, off, len);
        mac.update(roc);
        try {
            mac.doFinal(tag, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int sequence(byte[] buf, int off) {
        return (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
    }

    /**
     * Length of the RTP header in {@code buf[off, off + len)}: fixed header, CSRC list and, with the X bit,
     * the header extension (RFC 3550 §5.1, §5.3.1); -1 when it is not RTP version 2 or does not fit.
     */
    static int headerLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RTP_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            int words = (buf[off + header + 2] & 0xFF) << 8 | buf[off + header + 3] & 0xFF;
            header += 4 + 4 * words;
        }
        return header <= len ? header : -1;
    }
}
