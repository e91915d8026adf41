package org.imegate.media.srtp;

import static org.imegate.media.srtp.SrtpKeysTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP, RFC 7714. */
class SrtpGcmTest {

    /* RFC 7714 §16: the session keys and salt are given directly (no key derivation). */
    private static final byte[] KEY_128 = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_256 = hex("000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f");
    /** "Quid pro quo". */
    private static final byte[] SALT = hex("517569642070726f2071756f");
    /** §16.1 / §16.2: SSRC 0x5501a0b2, ROC 0, SEQ 0xf17b. */
    private static final byte[] IV = hex("51753c6580c2726f20718414");
    /** The RTP packet of §16: a 12-octet header and "Gallia est omnis divisa in partes tres". */
    private static final byte[] RTP = hex("8040f17b 8041f8d3 5501a0b2 47616c6c"
            + "69612065 7374206f 6d6e6973 20646976"
            + "69736120 696e2070 61727465 73207472"
            + "6573");
    /** §16.1.1 SRTP AEAD_AES_128_GCM Encryption: the encrypted and tagged packet. */
    private static final byte[] SRTP_128 = hex("8040f17b 8041f8d3 5501a0b2 f24de3a3"
            + "fb34de6c acba861c 9d7e4bca be633bd5"
            + "0d294e6f 42a5f47a 51c7d19b 36de3adf"
            + "8833899d 7f27beb1 6a9152cf 765ee439"
            + "0cce");
    /** §16.2.1 SRTP AEAD_AES_256_GCM Encryption: the encrypted and tagged packet. */
    private static final byte[] SRTP_256 = hex("8040f17b 8041f8d3 5501a0b2 32b1de78"
            + "a822fe12 ef9f78fa 332e33aa b1801238"
            + "9a58e2f3 b50b2a02 76ffae0f 1ba63799"
            + "b87b7aa3 db36dfff d6b0f9bb 7878d7a7"
            + "6c13");

    private static SrtpContext rfcContext(SrtpSuite suite) {
        byte[] key = suite == SrtpSuite.AEAD_AES_128_GCM ? KEY_128 : KEY_256;
        return new SrtpContext(suite, new SrtpKeys.SessionKeys(key, new byte[0], SALT), new byte[0]);
    }

    private static byte[] rfcVector(SrtpSuite suite) {
        return suite == SrtpSuite.AEAD_AES_128_GCM ? SRTP_128 : SRTP_256;
    }

    /** §16.1.1 and §16.2.1: encryption gives the RFC's packet, byte for byte. */
    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rfc7714EncryptionVectors(SrtpSuite suite) throws Exception {
        SrtpContext tx = rfcContext(suite);
        assertEquals(16, tx.overhead());
        byte[] buf = Arrays.copyOf(RTP, RTP.length + 16);
        assertEquals(RTP.length + 16, tx.protect(buf, 0, RTP.length));
        assertArrayEquals(rfcVector(suite), buf);
    }

    /** §16.1.2 and §16.2.2: decryption of the RFC's packet gives the RTP packet back. */
    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rfc7714DecryptionVectors(SrtpSuite suite) throws Exception {
        byte[] buf = rfcVector(suite).clone();
        assertEquals(RTP.length, rfcContext(suite).unprotect(buf, 0, buf.length));
        assertArrayEquals(RTP, Arrays.copyOf(buf, RTP.length));
    }

    /**
     * The RFC's IV (§8.1) and AAD (§9.1, the 12-octet header) fed straight to the JCE give the same
     * packet: the vectors are consistent with the IV formation of the context.
     */
    @Test
    void rfc7714IvAndAad() throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY_128, "AES"), new GCMParameterSpec(128, IV));
        gcm.updateAAD(RTP, 0, 12);
        byte[] sealed = gcm.doFinal(RTP, 12, RTP.length - 12);
        assertArrayEquals(Arrays.copyOfRange(SRTP_128, 12, SRTP_128.length), sealed);
    }

    /**
     * Known answer through the key derivation, shared with libsrtp's own self test for AES-GCM-128 with
     * a 16-octet tag: master key 00..0f, master salt a0..ab, SSRC 0xCAFEBABE, SEQ 0x1234, sixteen 0xAB.
     */
    @Test
    void knownAnswerThroughTheKeyDerivation() throws Exception {
        SrtpKeys keys = new SrtpKeys(hex("000102030405060708090a0b0c0d0e0f"), hex("a0a1a2a3a4a5a6a7a8a9aaab"));
        byte[] rtp = hex("800f1234 decafbad cafebabe abababab abababab abababab abababab");
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
        assertEquals(44, new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, keys).protect(buf, 0, rtp.length));
        assertArrayEquals(hex("800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e"
                + "d2976826 f796b201 df3131a1 27e8a392"), buf);
        assertEquals(rtp.length, new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, keys).unprotect(buf, 0, 44));
        assertArrayEquals(rtp, Arrays.copyOf(buf, rtp.length));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void tamperedVectorIsRefusedAndLeavesTheContextUntouched(SrtpSuite suite) throws Exception {
        SrtpContext rx = rfcContext(suite);
        for (int i : new int[] {1, 3, 8, 11, 12, 30, RTP.length - 1, RTP.length, rfcVector(suite).length - 1}) {
            byte[] bad = rfcVector(suite).clone();
            bad[i] ^= 0x20;
            assertSame(SrtpFailure.AUTHENTICATION,
                    assertThrows(SrtpException.class, () -> rx.unprotect(bad, 0, bad.length)).failure(), "byte " + i);
            assertArrayEquals(rfcVector(suite), xor(bad, i), "the refused packet is not decrypted in place");
        }
        assertEquals(0, rx.rolloverCounter());
        byte[] good = rfcVector(suite).clone();
        assertEquals(RTP.length, rx.unprotect(good, 0, good.length));
    }

    private static byte[] xor(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 0x20;
        return c;
    }

    /** A sender never uses a packet index twice: the same IV twice would give the GCM hash key away. */
    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void aSenderRefusesToReuseAPacketIndex(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, SrtpContextTest.keysFor(suite));
        SrtpContext rx = new SrtpContext(suite, SrtpContextTest.keysFor(suite));
        byte[] first = packet(100, 10);
        byte[] again = packet(100, 11);
        assertEquals(first.length - 16, rx.unprotect(first, 0, tx.protect(first, 0, first.length - 16)));
        assertSame(SrtpFailure.INDEX_REUSE,
                assertThrows(SrtpException.class, () -> tx.protect(again, 0, again.length - 16)).failure());
        // reordering within the window is fine, what is out of it or before ROC 0 is not sent
        for (int seq : new int[] {102, 101, 170}) {
            byte[] p = packet(seq, 12);
            assertEquals(p.length - 16, rx.unprotect(p, 0, tx.protect(p, 0, p.length - 16)));
        }
        for (int seq : new int[] {101, 106, 65000}) {
            byte[] p = packet(seq, 13);
            assertSame(SrtpFailure.INDEX_REUSE,
                    assertThrows(SrtpException.class, () -> tx.protect(p, 0, p.length - 16)).failure(), "seq " + seq);
        }
        // and the cipher goes on with fresh IVs after a refusal
        byte[] next = packet(171, 14);
        byte[] plain = Arrays.copyOf(next, next.length - 16);
        assertEquals(next.length, tx.protect(next, 0, next.length - 16));
        assertEquals(plain.length, rx.unprotect(next, 0, next.length));
        assertArrayEquals(plain, Arrays.copyOf(next, plain.length));
    }

    /** AES-CM keeps sending a repeated index, as before (libsrtp's receiver drops it as a replay). */
    @Test
    void aesCmSenderBehaviourIsUnchanged() throws Exception {
        SrtpContext tx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpContextTest.keysFor(
                SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        byte[] p = packet(5, 10);
        tx.protect(p, 0, p.length - 16);
        byte[] q = packet(5, 10);
        assertEquals(q.length - 6, tx.protect(q, 0, q.length - 16));
    }

    /** An RTP packet with room for a 16-byte tag. */
    private static byte[] packet(int seq, int payload) {
        byte[] p = new byte[12 + payload + 16];
        p[0] = (byte) 0x80;
        p[1] = 0x60;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[11] = 0x42;
        for (int i = 0; i < payload; i++) {
            p[12 + i] = (byte) (seq + i);
        }
        return p;
    }

    /** RFC 7714 §9.1: the tag follows the ciphertext, the optional MKI comes last and is checked. */
    @Test
    void mkiComesAfterTheTag() throws Exception {
        SrtpKeys withMki = SrtpKeys.parseInline(SrtpSuite.AEAD_AES_128_GCM,
                SrtpContextTest.keysFor(SrtpSuite.AEAD_AES_128_GCM).formatInline() + "|9:2");
        SrtpKeys noMki = SrtpContextTest.keysFor(SrtpSuite.AEAD_AES_128_GCM);
        SrtpContext tx = new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, withMki);
        assertEquals(18, tx.overhead());
        byte[] rtp = Arrays.copyOf(packet(7, 20), 32);
        byte[] buf = Arrays.copyOf(rtp, 32 + 18);
        assertEquals(50, tx.protect(buf, 0, 32));
        assertArrayEquals(hex("0009"), Arrays.copyOfRange(buf, 48, 50));
        // without the MKI it is exactly what a context without MKI sends
        byte[] plainTx = Arrays.copyOf(rtp, 48);
        new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, noMki).protect(plainTx, 0, 32);
        assertArrayEquals(plainTx, Arrays.copyOf(buf, 48));

        SrtpContext rx = new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, withMki);
        byte[] wrongMki = buf.clone();
        wrongMki[49] = 8;
        assertSame(SrtpFailure.AUTHENTICATION,
                assertThrows(SrtpException.class, () -> rx.unprotect(wrongMki, 0, 50)).failure());
        assertEquals(32, rx.unprotect(buf, 0, 50));
        assertArrayEquals(rtp, Arrays.copyOf(buf, 32));
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SrtpContext(SrtpSuite.AEAD_AES_256_GCM,
                new SrtpKeys.SessionKeys(KEY_128, new byte[0], SALT), new byte[0]));
        SrtpKeys cm = SrtpContextTest.keysFor(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThrows(IllegalArgumentException.class, () -> new SrtpContext(SrtpSuite.AEAD_AES_128_GCM, cm));
    }
}
