package org.imegate.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in Segmented Integer Counter Mode (AES-CM), RFC 3711 §4.1.1: the keystream is
 * {@code E(k, IV) || E(k, IV + 1 mod 2^128) || ...}. Built on the JCE's AES/ECB so that the counter
 * blocks and the keystream are kept in buffers reused from packet to packet. Used for SRTP payload
 * encryption and, with the master key, as the key derivation PRF (§4.3.3). One thread at a time.
 */
final class AesCm {

    static final int BLOCK = 16;

    private final Cipher ecb;
    private final byte[] counter = new byte[BLOCK];
    private byte[] blocks = new byte[BLOCK * 96];
    private byte[] stream = new byte[BLOCK * 96];

    AesCm(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** XORs {@code len} bytes of {@code buf} from {@code off} with the keystream that starts at {@code iv}. */
    void xor(byte[] iv, byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        int n = (len + BLOCK - 1) / BLOCK * BLOCK;
        if (blocks.length < n) {
            blocks = new byte[n];
            stream = new byte[n];
        }
        System.arraycopy(iv, 0, counter, 0, BLOCK);
        for (int p = 0; p < n; p += BLOCK) {
            System.arraycopy(counter, 0, blocks, p, BLOCK);
            for (int i = BLOCK - 1; i >= 0 && ++counter[i] == 0; i--) {
                // carry into the next more significant byte
            }
        }
        try {
            ecb.doFinal(blocks, 0, n, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
        for (int i = 0; i < len; i++) {
            buf[off + i] ^= stream[i];
        }
    }

    /** The first {@code len} keystream bytes for {@code iv}. */
    byte[] keystream(byte[] iv, int len) {
        byte[] out = new byte[len];
        xor(iv, out, 0, len);
        return out;
    }
}
