package org.imegate.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.imegate.api.media.MediaNegotiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SDES negotiation (RFC 4568) of the AES-CM and AES-GCM (RFC 7714) suites, and the session's counters. */
class SrtpSessionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static int keyBytes(String line) {
        String inline = line.split(" ")[2];
        return Base64.getDecoder().decode(inline.substring("inline:".length())).length;
    }

    @Test
    void offerKeepsAesCmFirstThenOffersGcm() {
        SrtpSession s = new SrtpSession(RANDOM);
        List<String> offer = s.offer();
        assertEquals(4, offer.size(), offer.toString());
        String[][] expected = {{"1", "AES_CM_128_HMAC_SHA1_80", "30"}, {"2", "AES_CM_128_HMAC_SHA1_32", "30"},
            {"3", "AEAD_AES_128_GCM", "28"}, {"4", "AEAD_AES_256_GCM", "44"}};
        for (int i = 0; i < 4; i++) {
            String[] f = offer.get(i).split(" ");
            assertEquals(3, f.length, offer.get(i));
            assertEquals(expected[i][0], f[0]);
            assertEquals(expected[i][1], f[1]);
            assertTrue(f[2].startsWith("inline:"), f[2]);
            assertEquals(Integer.parseInt(expected[i][2]), keyBytes(offer.get(i)), offer.get(i));
        }
        assertEquals(offer, s.offer(), "the same keys at every offer");
        assertEquals(0, s.overhead());
        assertEquals(Optional.empty(), s.suite());
    }

    /** An existing peer that knows only AES-CM still takes the first line, as before. */
    @Test
    void aPeerThatKnowsOnlyAesCmAnswersTheFirstLine() throws Exception {
        SrtpSession us = new SrtpSession(RANDOM);
        List<String> offer = us.offer();
        SrtpSession peer = new SrtpSession(RANDOM);
        String answer = peer.answer(offer);
        assertTrue(answer.startsWith("1 AES_CM_128_HMAC_SHA1_80 inline:"), answer);
        us.answered(List.of(answer));
        assertEquals(Optional.of("AES_CM_128_HMAC_SHA1_80"), us.suite());
        assertEquals(10, us.overhead());
        exchange(us, peer, 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void aPeerAnswersGcm(int tag) throws Exception {
        SrtpSession us = new SrtpSession(RANDOM);
        String line = us.offer().get(tag - 1);
        SrtpSession peer = new SrtpSession(RANDOM);
        String answer = peer.answer(List.of(line));
        String suite = tag == 3 ? "AEAD_AES_128_GCM" : "AEAD_AES_256_GCM";
        assertTrue(answer.startsWith(tag + " " + suite + " inline:"), answer);
        assertEquals(keyBytes(line), keyBytes(answer));
        assertTrue(!answer.equals(line), "the answer carries the peer's own key");
        us.answered(List.of(answer));
        assertTrue(us.established());
        assertEquals(Optional.of(suite), us.suite());
        assertEquals(16, us.overhead());
        assertEquals(16, peer.overhead());
        exchange(us, peer, 20);
        exchange(peer, us, 20);
    }

    @Test
    void answerAcceptsAGcmOfferAndSkipsAMalformedOne() throws Exception {
        String k256 = Base64.getEncoder().encodeToString(filled(44, 7));
        String k128 = Base64.getEncoder().encodeToString(filled(28, 9));
        SrtpSession us = new SrtpSession(RANDOM);
        String answer = us.answer(List.of("1 AEAD_AES_256_GCM inline:" + k128, "2 AEAD_AES_256_GCM inline:" + k256,
                "3 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"));
        assertTrue(answer.startsWith("2 AEAD_AES_256_GCM inline:"), answer);
        assertEquals(44, keyBytes(answer));
        assertEquals(Optional.of(answer), us.answerLine());
        assertEquals(16, us.overhead());

        MediaNegotiationException e = assertThrows(MediaNegotiationException.class,
                () -> new SrtpSession(RANDOM).answer(List.of("1 AEAD_AES_128_GCM inline:" + k256)));
        assertTrue(e.getMessage().contains("12-byte master salt"), e.getMessage());
        assertTrue(!e.getMessage().contains(k256.substring(0, 10)), "no key in the message");
    }

    @Test
    void anAnswerMustMatchAnOfferedTagAndSuite() {
        SrtpSession us = new SrtpSession(RANDOM);
        us.offer();
        String k128 = Base64.getEncoder().encodeToString(filled(28, 3));
        assertThrows(MediaNegotiationException.class,
                () -> us.answered(List.of("4 AEAD_AES_128_GCM inline:" + k128)));
        assertThrows(MediaNegotiationException.class,
                () -> us.answered(List.of("5 AEAD_AES_128_GCM inline:" + k128)));
    }

    /** Forged, replayed and repeated packets are refused and counted; the ROC rolls over. */
    @Test
    void gcmCountersAndRollover() throws Exception {
        SrtpSession us = new SrtpSession(RANDOM);
        SrtpSession peer = new SrtpSession(RANDOM);
        us.answered(List.of(peer.answer(List.of(us.offer().get(2)))));

        byte[] first = null;
        for (int i = 0; i < 20; i++) {
            int seq = (65530 + i) & 0xFFFF;
            byte[] p = rtp(seq, 0x1234, 40, 16);
            byte[] plain = Arrays.copyOf(p, p.length - 16);
            int n = peer.protect(p, 0, plain.length);
            assertEquals(plain.length + 16, n);
            if (i == 0) {
                first = p.clone();
            }
            if (i == 3) {
                byte[] forged = p.clone();
                forged[20] ^= 1;
                assertEquals(-1, us.unprotect(forged, 0, n));
            }
            assertEquals(plain.length, us.unprotect(p, 0, n), "seq " + seq);
            assertArrayEquals(plain, Arrays.copyOf(p, plain.length));
        }
        assertEquals(20, us.unprotectedPackets());
        assertEquals(1, us.authenticationFailures());
        assertEquals(0, us.replays());
        assertEquals(-1, us.unprotect(first, 0, first.length));
        assertEquals(1, us.replays());
        assertEquals(20, us.unprotectedPackets());

        byte[] again = rtp(65535, 0x1234, 40, 16);
        assertEquals(-1, peer.protect(again, 0, again.length - 16));
        assertEquals(1, peer.indexReuses());
        assertEquals(20, peer.protectedPackets());
        assertEquals(0, us.malformed());
    }

    /** {@code count} packets from {@code from} to {@code to}, each decrypted to what was sent. */
    private static void exchange(SrtpSession from, SrtpSession to, int count) {
        long sent = from.protectedPackets();
        long received = to.unprotectedPackets();
        for (int i = 0; i < count; i++) {
            byte[] p = rtp(1000 + i + (int) sent, 0xABCD, 160, from.overhead());
            byte[] plain = Arrays.copyOf(p, p.length - from.overhead());
            int n = from.protect(p, 0, plain.length);
            assertEquals(plain.length + from.overhead(), n);
            assertEquals(plain.length, to.unprotect(p, 0, n));
            assertArrayEquals(plain, Arrays.copyOf(p, plain.length));
        }
        assertEquals(sent + count, from.protectedPackets());
        assertEquals(received + count, to.unprotectedPackets());
        assertEquals(0, to.authenticationFailures());
    }

    private static byte[] rtp(int seq, int ssrc, int payload, int room) {
        byte[] p = new byte[12 + payload + room];
        p[0] = (byte) 0x80;
        p[1] = 0x00;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 0; i < payload; i++) {
            p[12 + i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
