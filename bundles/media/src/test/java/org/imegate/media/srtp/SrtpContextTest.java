package org.imegate.media.srtp;

import static org.imegate.media.srtp.SrtpKeysTest.MASTER_KEY;
import static org.imegate.media.srtp.SrtpKeysTest.MASTER_SALT;
import static org.imegate.media.srtp.SrtpKeysTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpContextTest {

    private static final SrtpKeys KEYS = new SrtpKeys(MASTER_KEY, MASTER_SALT);

    /** A master key and salt of the lengths {@code suite} takes: the B.3 ones for AES-CM. */
    static SrtpKeys keysFor(SrtpSuite suite) {
        if (!suite.aead()) {
            return KEYS;
        }
        byte[] key = new byte[suite.keyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x40 + 3 * i);
        }
        return new SrtpKeys(key, Arrays.copyOf(MASTER_SALT, suite.saltLength()));
    }

    /** An RTP packet (SSRC 0xCAFEBABE, PT 15) with room for the SRTP trailer. */
    private static byte[] rtp(int seq, int payloadLength, int room) {
        byte[] p = new byte[12 + payloadLength + room];
        p[0] = (byte) 0x80;
        p[1] = 0x0F;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        System.arraycopy(hex("DECAFBAD CAFEBABE"), 0, p, 4, 8);
        for (int i = 0; i < payloadLength; i++) {
            p[12 + i] = (byte) (seq * 31 + i);
        }
        return p;
    }

    private static byte[] protect(SrtpContext tx, byte[] rtp, int rtpLength) throws SrtpException {
        int n = tx.protect(rtp, 0, rtpLength);
        return Arrays.copyOf(rtp, n);
    }

    private static SrtpFailure failure(SrtpContext rx, byte[] srtp) {
        byte[] copy = srtp.clone();
        return assertThrows(SrtpException.class, () -> rx.unprotect(copy, 0, copy.length)).failure();
    }

    private static void accept(SrtpContext rx, byte[] srtp, byte[] expectedRtp) throws SrtpException {
        byte[] copy = srtp.clone();
        int n = rx.unprotect(copy, 0, copy.length);
        assertArrayEquals(expectedRtp, Arrays.copyOf(copy, n));
    }

    /**
     * Known answer shared with libsrtp's own self test: the B.3 master key and salt, SSRC 0xCAFEBABE,
     * sequence number 0x1234, sixteen 0xAB payload bytes.
     */
    @Test
    void knownAnswerAesCm128HmacSha1_80() throws Exception {
        byte[] rtp = hex("800F1234 DECAFBAD CAFEBABE ABABABAB ABABABAB ABABABAB ABABABAB");
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 10);
        SrtpContext tx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEYS);
        assertEquals(38, tx.protect(buf, 0, rtp.length));
        assertArrayEquals(hex("800F1234 DECAFBAD CAFEBABE 4E55DC4C E79978D8 8CA4D215 949D2402 B78D6ACC99EA179B8DBB"),
                buf);
        SrtpContext rx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEYS);
        assertEquals(rtp.length, rx.unprotect(buf, 0, 38));
        assertArrayEquals(rtp, Arrays.copyOf(buf, rtp.length));

        byte[] short32 = Arrays.copyOf(rtp, rtp.length + 4);
        new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_32, KEYS).protect(short32, 0, rtp.length);
        assertArrayEquals(hex("800F1234 DECAFBAD CAFEBABE 4E55DC4C E79978D8 8CA4D215 949D2402 B78D6ACC"), short32);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void roundTripsEncryptingOnlyThePayload(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        SrtpContext rx = new SrtpContext(suite, keysFor(suite));
        assertEquals(suite.tagLength(), tx.overhead());
        for (int seq = 1000; seq < 1100; seq++) {
            byte[] rtp = rtp(seq, 160, 0);
            byte[] srtp = protect(tx, rtp(seq, 160, tx.overhead()), rtp.length);
            assertEquals(rtp.length + suite.tagLength(), srtp.length);
            assertArrayEquals(Arrays.copyOf(rtp, 12), Arrays.copyOf(srtp, 12));
            assertFalse(Arrays.equals(Arrays.copyOfRange(rtp, 12, rtp.length),
                    Arrays.copyOfRange(srtp, 12, rtp.length)));
            accept(rx, srtp, rtp);
        }
        // an empty payload is authenticated too
        byte[] empty = rtp(2000, 0, 0);
        accept(rx, protect(tx, rtp(2000, 0, tx.overhead()), 12), empty);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void everyTamperedByteIsRefused(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        byte[] rtp = rtp(7, 40, 0);
        byte[] srtp = protect(tx, rtp(7, 40, tx.overhead()), rtp.length);
        SrtpContext rx = new SrtpContext(suite, keysFor(suite));
        for (int i = 0; i < srtp.length; i++) {
            byte[] bad = srtp.clone();
            bad[i] ^= 0x01;
            assertSame(SrtpFailure.AUTHENTICATION, failure(rx, bad), "byte " + i);
            bad[i] ^= (byte) 0xFE;
            SrtpFailure f = failure(rx, bad);
            if (i == 0) {
                assertSame(SrtpFailure.MALFORMED, f, "byte 0 (version 1)");
            } else {
                assertSame(SrtpFailure.AUTHENTICATION, f, "byte " + i);
            }
        }
        assertSame(SrtpFailure.MALFORMED, failure(rx, Arrays.copyOf(srtp, 12 + suite.tagLength() - 1)));
        assertSame(SrtpFailure.AUTHENTICATION, failure(rx, Arrays.copyOf(srtp, srtp.length - 1)));
        // failures leave the context as it was
        accept(rx, srtp, rtp);
        assertEquals("SRTP authentication failed", SrtpException.of(SrtpFailure.AUTHENTICATION).getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void replaysAreRefusedAndReorderingWithinTheWindowAccepted(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        SrtpContext rx = new SrtpContext(suite, keysFor(suite));
        byte[][] rtp = new byte[200][];
        byte[][] srtp = new byte[200][];
        for (int i = 0; i < 200; i++) {
            rtp[i] = rtp(100 + i, 20, 0);
            srtp[i] = protect(tx, rtp(100 + i, 20, tx.overhead()), rtp[i].length);
        }
        accept(rx, srtp[10], rtp[10]);
        assertSame(SrtpFailure.REPLAY, failure(rx, srtp[10]));
        for (int i : new int[] {5, 30, 12, 11, 0, 29, 13}) {
            accept(rx, srtp[i], rtp[i]);
            assertSame(SrtpFailure.REPLAY, failure(rx, srtp[i]), "second " + i);
        }
        for (int i = 0; i <= 30; i++) {
            if (i != 5 && i != 12 && i != 11 && i != 0 && i != 29 && i != 13 && i != 10 && i != 30) {
                accept(rx, srtp[i], rtp[i]);
            }
            assertSame(SrtpFailure.REPLAY, failure(rx, srtp[i]), "after all " + i);
        }
        // window is 64 packets: with 94 the highest, 31 (63 behind) is still in, 30 (64 behind) is too old
        accept(rx, srtp[94], rtp[94]);
        accept(rx, srtp[31], rtp[31]);
        assertSame(SrtpFailure.REPLAY, failure(rx, srtp[30]));
        // a jump beyond the window forgets everything older
        accept(rx, srtp[199], rtp[199]);
        assertSame(SrtpFailure.REPLAY, failure(rx, srtp[100]));
        accept(rx, srtp[136], rtp[136]);
        assertEquals("SRTP replay", SrtpException.of(SrtpFailure.REPLAY).getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rolloverCounterAdvancesOnBothSides(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        SrtpContext rx = new SrtpContext(suite, keysFor(suite));
        int n = 40;
        byte[][] rtp = new byte[n][];
        byte[][] srtp = new byte[n][];
        for (int i = 0; i < n; i++) {
            int seq = (65520 + i) & 0xFFFF;
            rtp[i] = rtp(seq, 32, 0);
            srtp[i] = protect(tx, rtp(seq, 32, tx.overhead()), rtp[i].length);
        }
        assertEquals(1, tx.rolloverCounter());
        // in order up to 65533, then 0 and 1 overtake 65534 and 65535
        for (int i = 0; i < 14; i++) {
            accept(rx, srtp[i], rtp[i]);
        }
        assertEquals(0, rx.rolloverCounter());
        accept(rx, srtp[16], rtp[16]);
        accept(rx, srtp[17], rtp[17]);
        assertEquals(1, rx.rolloverCounter());
        accept(rx, srtp[14], rtp[14]);
        accept(rx, srtp[15], rtp[15]);
        assertEquals(1, rx.rolloverCounter());
        for (int i = 18; i < n; i++) {
            accept(rx, srtp[i], rtp[i]);
        }
        assertEquals(1, rx.rolloverCounter());
        assertSame(SrtpFailure.REPLAY, failure(rx, srtp[15]));

        // the same sequence numbers under ROC 0 do not authenticate under ROC 1
        SrtpContext other = new SrtpContext(suite, keysFor(suite));
        byte[] roc0 = protect(other, rtp(20, 32, other.overhead()), rtp[0].length);
        SrtpContext rx2 = new SrtpContext(suite, keysFor(suite));
        for (int i = 0; i < 30; i++) {
            accept(rx2, srtp[i], rtp[i]); // ends at sequence 9, ROC 1
        }
        assertSame(SrtpFailure.AUTHENTICATION, failure(rx2, roc0));
    }

    @Test
    void aPacketFromBeforeTheFirstOneKeepsBothSidesInStep() throws Exception {
        SrtpContext tx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEYS);
        SrtpContext rx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEYS);
        byte[] first = protect(tx, rtp(100, 8, 10), 20);
        byte[] late = protect(tx, rtp(65000, 8, 10), 20);
        byte[] next = protect(tx, rtp(101, 8, 10), 20);
        assertEquals(0, tx.rolloverCounter());
        accept(rx, first, rtp(100, 8, 0));
        assertSame(SrtpFailure.REPLAY, failure(rx, late));
        accept(rx, next, rtp(101, 8, 0));
        assertEquals(0, rx.rolloverCounter());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void csrcsAndHeaderExtensionStayInTheClear(SrtpSuite suite) throws Exception {
        byte[] header = hex("92 0F 0042 00001000 11223344" // V=2, X=1, CC=2
                + "AAAAAAAA BBBBBBBB" // CSRCs
                + "BEDE 0002 10FF2233 44556677"); // extension, two words
        byte[] payload = hex("0102030405060708090A");
        byte[] rtp = new byte[header.length + payload.length];
        System.arraycopy(header, 0, rtp, 0, header.length);
        System.arraycopy(payload, 0, rtp, header.length, payload.length);
        assertEquals(header.length, SrtpContext.headerLength(rtp, 0, rtp.length));

        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        byte[] srtp = protect(tx, Arrays.copyOf(rtp, rtp.length + tx.overhead()), rtp.length);
        assertArrayEquals(header, Arrays.copyOf(srtp, header.length));
        assertFalse(Arrays.equals(payload, Arrays.copyOfRange(srtp, header.length, rtp.length)));
        accept(new SrtpContext(suite, keysFor(suite)), srtp, rtp);
        // the CSRCs and the extension are authenticated all the same
        byte[] changedCsrc = srtp.clone();
        changedCsrc[15] ^= 0x01;
        assertSame(SrtpFailure.AUTHENTICATION, failure(new SrtpContext(suite, keysFor(suite)), changedCsrc));

        // the extension length pointing past the packet, or a CSRC count larger than the packet
        byte[] longExt = rtp.clone();
        longExt[header.length - 10 + 1] = 9;
        assertEquals(-1, SrtpContext.headerLength(longExt, 0, longExt.length));
        byte[] tooManyCsrcs = hex("8F0F0042 00001000 11223344 AAAAAAAA");
        assertEquals(-1, SrtpContext.headerLength(tooManyCsrcs, 0, tooManyCsrcs.length));
        SrtpContext any = new SrtpContext(suite, keysFor(suite));
        byte[] room = Arrays.copyOf(tooManyCsrcs, tooManyCsrcs.length + any.overhead());
        assertSame(SrtpFailure.MALFORMED,
                assertThrows(SrtpException.class, () -> any.protect(room, 0, tooManyCsrcs.length)).failure());
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_32", "AEAD_AES_256_GCM"})
    void packetsInsideALargerBufferAtAnOffset(SrtpSuite suite) throws Exception {
        SrtpContext tx = new SrtpContext(suite, keysFor(suite));
        SrtpContext rx = new SrtpContext(suite, keysFor(suite));
        byte[] rtp = rtp(5, 50, 0);
        byte[] buf = new byte[100 + rtp.length + suite.tagLength() + 7];
        System.arraycopy(rtp, 0, buf, 100, rtp.length);
        int n = tx.protect(buf, 100, rtp.length);
        assertEquals(rtp.length + suite.tagLength(), n);
        assertEquals(rtp.length, rx.unprotect(buf, 100, n));
        assertArrayEquals(rtp, Arrays.copyOfRange(buf, 100, 100 + rtp.length));
        byte[] tight = rtp.clone();
        assertThrows(IllegalArgumentException.class, () -> tx.protect(tight, 0, tight.length));
    }

    @Test
    void mkiIsCarriedAndChecked() throws Exception {
        SrtpKeys withMki = SrtpKeys.parseInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                new SrtpKeys(MASTER_KEY, MASTER_SALT).formatInline() + "|2^20|5:4");
        SrtpContext tx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, withMki);
        SrtpContext rx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, withMki);
        assertEquals(14, tx.overhead());
        byte[] rtp = rtp(9, 20, 0);
        byte[] srtp = protect(tx, rtp(9, 20, 14), rtp.length);
        assertArrayEquals(hex("00000005"), Arrays.copyOfRange(srtp, rtp.length, rtp.length + 4));
        byte[] wrongMki = srtp.clone();
        wrongMki[rtp.length + 3] = 6;
        assertSame(SrtpFailure.AUTHENTICATION, failure(rx, wrongMki));
        accept(rx, srtp, rtp);
    }
}
