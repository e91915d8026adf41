package org.imegate.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeysTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    static final SrtpSuite CM80 = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    /** RFC 3711 Appendix B.2: AES-CM keystream, first three and last three blocks. */
    @Test
    void aesCmKeystreamAppendixB2() {
        AesCm cm = new AesCm(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] ks = cm.keystream(iv, 0xFF02 * 16);
        assertArrayEquals(hex("E03EAD0935C95E80E166B16DD92B4EB4"), Arrays.copyOfRange(ks, 0, 16));
        assertArrayEquals(hex("D23513162B02D0F72A43A2FE4A5F97AB"), Arrays.copyOfRange(ks, 16, 32));
        assertArrayEquals(hex("41E95B3BB0A2E8DD477901E4FCA894C0"), Arrays.copyOfRange(ks, 32, 48));
        assertArrayEquals(hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), Arrays.copyOfRange(ks, 0xFEFF * 16, 0xFF00 * 16));
        assertArrayEquals(hex("362B7C3C6773516318A077D7FC5073AE"), Arrays.copyOfRange(ks, 0xFF00 * 16, 0xFF01 * 16));
        assertArrayEquals(hex("6A2CC3787889374FBEB4C81B17BA6C44"), Arrays.copyOfRange(ks, 0xFF01 * 16, 0xFF02 * 16));
    }

    @Test
    void aesCmCarriesAcrossTheCounterBytes() throws Exception {
        byte[] key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = hex("000102030405060708090A0B0CFFFFFE");
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        assertArrayEquals(ctr.doFinal(new byte[77]), new AesCm(key).keystream(iv, 77));
    }

    /** RFC 3711 Appendix B.3: key derivation with a key derivation rate of 0, packet index 0. */
    @Test
    void keyDerivationAppendixB3() {
        SrtpKeys.SessionKeys s = new SrtpKeys(MASTER_KEY, MASTER_SALT).srtp(CM80);
        assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"), s.encryptionKey());
        assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"), s.salt());
        assertArrayEquals(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), s.authKey());
    }

    @Test
    void srtcpLabelsUseTheSamePrf() throws Exception {
        SrtpKeys.SessionKeys c = new SrtpKeys(MASTER_KEY, MASTER_SALT).srtcp(CM80);
        assertArrayEquals(jceDerive(3, 16), c.encryptionKey());
        assertArrayEquals(jceDerive(4, 20), c.authKey());
        assertArrayEquals(jceDerive(5, 14), c.salt());
        assertFalse(Arrays.equals(c.encryptionKey(), new SrtpKeys(MASTER_KEY, MASTER_SALT).srtp(CM80).encryptionKey()));
    }

    /** The same derivation written directly with the JCE's AES/CTR, as an independent check. */
    private static byte[] jceDerive(int label, int length) throws Exception {
        return jceDerive(MASTER_KEY, MASTER_SALT, label, length);
    }

    private static byte[] jceDerive(byte[] masterKey, byte[] masterSalt, int label, int length) throws Exception {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        return ctr.doFinal(new byte[length]);
    }

    /**
     * RFC 7714 §11: the AES-CM PRF with the master key's size (AES-256 for AEAD_AES_256_GCM), the 96-bit
     * master salt in the first 12 of the 14 bytes of x, a session key of the cipher's size, a 12-byte
     * session salt and no authentication key.
     */
    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void gcmKeyDerivationUsesTheAesCmPrfOfTheKeySize(SrtpSuite suite) throws Exception {
        byte[] key = new byte[suite.keyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0xF0 - 7 * i);
        }
        byte[] salt = Arrays.copyOf(MASTER_SALT, 12);
        SrtpKeys keys = new SrtpKeys(key, salt);
        SrtpKeys.SessionKeys s = keys.srtp(suite);
        assertArrayEquals(jceDerive(key, salt, 0, suite.keyLength()), s.encryptionKey());
        assertArrayEquals(jceDerive(key, salt, 2, 12), s.salt());
        assertEquals(0, s.authKey().length);
        SrtpKeys.SessionKeys c = keys.srtcp(suite);
        assertArrayEquals(jceDerive(key, salt, 3, suite.keyLength()), c.encryptionKey());
        assertArrayEquals(jceDerive(key, salt, 5, 12), c.salt());
        assertThrows(IllegalArgumentException.class, () -> keys.srtp(CM80));
        assertThrows(IllegalArgumentException.class, () -> KEYS_B3.srtp(suite));
    }

    private static final SrtpKeys KEYS_B3 = new SrtpKeys(MASTER_KEY, MASTER_SALT);

    /** RFC 7714 §14.1: inline keys of 16 + 12 and 32 + 12 bytes, each suite taking only its own length. */
    @Test
    void gcmInlineKeys() {
        String k128 = "inline:" + Base64.getEncoder().encodeToString(new byte[28]);
        String k256 = "inline:" + Base64.getEncoder().encodeToString(new byte[44]);
        String k30 = "inline:" + Base64.getEncoder().encodeToString(new byte[30]);
        SdesCrypto a = SdesCrypto.parse("a=crypto:3 AEAD_AES_128_GCM " + k128 + "|2^31|1:1");
        assertEquals(SrtpSuite.AEAD_AES_128_GCM, a.suite());
        assertEquals(16, a.keys().masterKey().length);
        assertEquals(12, a.keys().masterSalt().length);
        assertEquals(1, a.keys().mkiLength());
        assertEquals("3 AEAD_AES_128_GCM " + k128 + "|2^31|1:1", a.format());
        SdesCrypto b = SdesCrypto.parse("4 aead_aes_256_gcm " + k256);
        assertEquals(SrtpSuite.AEAD_AES_256_GCM, b.suite());
        assertEquals(32, b.keys().masterKey().length);
        assertEquals(12, b.keys().masterSalt().length);
        assertEquals("4 AEAD_AES_256_GCM " + k256, b.format());

        for (String bad : new String[] {"1 AEAD_AES_128_GCM " + k256, "1 AEAD_AES_128_GCM " + k30,
            "1 AEAD_AES_256_GCM " + k128, "1 AES_CM_128_HMAC_SHA1_80 " + k128, "1 AEAD_AES_192_GCM " + k128}) {
            ValidationException e = assertThrows(ValidationException.class, () -> SdesCrypto.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("ERROR: "), e.getMessage());
            assertFalse(e.getMessage().contains("AAAA"), e.getMessage());
        }
        assertEquals("ERROR: inline ***** must hold a 32-byte master key and a 12-byte master salt for"
                + " AEAD_AES_256_GCM, not 28 bytes",
                assertThrows(ValidationException.class, () -> SdesCrypto.parse("1 AEAD_AES_256_GCM " + k128))
                        .getMessage());
        // a key of one suite is not taken for another
        assertThrows(IllegalArgumentException.class, () -> new SdesCrypto(1, SrtpSuite.AEAD_AES_256_GCM, a.keys()));
        assertThrows(ValidationException.class, () -> new SrtpKeys(new byte[32], new byte[14]));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void generatedKeysHaveTheSuitesLengths(SrtpSuite suite) {
        SrtpKeys k = SrtpKeys.generate(suite, new SecureRandom());
        assertEquals(suite.keyLength(), k.masterKey().length);
        assertEquals(suite.saltLength(), k.masterSalt().length);
        assertTrue(k.fits(suite));
        String inline = k.formatInline();
        assertEquals(suite.keyLength() + suite.saltLength(),
                Base64.getDecoder().decode(inline.substring("inline:".length())).length);
        assertArrayEquals(k.masterKey(), SrtpKeys.parseInline(suite, inline).masterKey());
    }

    @Test
    void parsesTheRfc4568Example() {
        SdesCrypto c = SdesCrypto.parse(
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32");
        assertEquals(1, c.tag());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, c.suite());
        SrtpKeys k = c.keys();
        assertEquals(1L << 20, k.lifetime());
        assertEquals(1, k.mkiValue());
        assertEquals(32, k.mkiLength());
        byte[] mki = new byte[32];
        mki[31] = 1;
        assertArrayEquals(mki, k.mki());
        byte[] keySalt = java.util.Base64.getDecoder().decode("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
        assertArrayEquals(Arrays.copyOf(keySalt, 16), k.masterKey());
        assertArrayEquals(Arrays.copyOfRange(keySalt, 16, 30), k.masterSalt());
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32", c.format());
        assertFalse(c.toString().contains("PS1uQ"), c.toString());
    }

    @Test
    void lifetimeAndMkiForms() {
        String key = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
        SrtpKeys plain = SrtpKeys.parseInline(CM80, key);
        assertEquals(0, plain.lifetime());
        assertEquals(0, plain.mkiLength());
        assertEquals(key, plain.formatInline());

        SrtpKeys decimal = SrtpKeys.parseInline(CM80, key + "|1000");
        assertEquals(1000, decimal.lifetime());
        assertEquals(key + "|1000", decimal.formatInline());

        SrtpKeys mkiOnly = SrtpKeys.parseInline(CM80, key + "|258:2");
        assertEquals(0, mkiOnly.lifetime());
        assertArrayEquals(new byte[] {1, 2}, mkiOnly.mki());
        assertEquals(key + "|258:2", mkiOnly.formatInline());

        SrtpKeys both = SrtpKeys.parseInline(CM80, "INLINE:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^31|7:4");
        assertEquals(1L << 31, both.lifetime());
        assertEquals(7, both.mkiValue());
        assertEquals(4, both.mkiLength());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32,
                SdesCrypto.parse("9 aes_cm_128_hmac_sha1_32 " + key).suite());
    }

    @Test
    void refusesMalformedKeyParameters() {
        String b64 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
        String[] bad = {
            "inline:" + b64.substring(0, 36), // 27 bytes
            "inline:" + b64 + "QUJD", // 33 bytes
            "inline:PS1uQCVeeCFC*nVmcjkpPywjNWhcYD0mXXtxaVBR", // not base64
            "inline:" + b64 + "|2^49",
            "inline:" + b64 + "|0",
            "inline:" + b64 + "|forever",
            "inline:" + b64 + "|1:0",
            "inline:" + b64 + "|1:129",
            "inline:" + b64 + "|256:1", // MKI value does not fit one byte
            "inline:" + b64 + "|1:4|2^20", // MKI before lifetime
            "inline:" + b64 + "|2^20|1:4|5",
            "uri:https://example.net/key",
            "",
        };
        for (String p : bad) {
            ValidationException e = assertThrows(ValidationException.class, () -> SrtpKeys.parseInline(CM80, p), p);
            assertTrue(e.getMessage().startsWith("ERROR: "), e.getMessage());
            assertFalse(e.getMessage().contains("PS1uQ"), e.getMessage());
        }
        assertThrows(ValidationException.class,
                () -> SdesCrypto.parse("1 F8_128_HMAC_SHA1_80 inline:" + b64));
        assertThrows(ValidationException.class, () -> SdesCrypto.parse("x AES_CM_128_HMAC_SHA1_80 inline:" + b64));
        assertThrows(ValidationException.class, () -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80"));
        assertThrows(ValidationException.class,
                () -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + b64 + " KDR=1"));
    }

    @Test
    void generatedKeysAreFreshAndRoundTrip() {
        SecureRandom random = new SecureRandom();
        SrtpKeys a = SrtpKeys.generate(CM80, random);
        SrtpKeys b = SrtpKeys.generate(CM80, random);
        assertNotEquals(a.formatInline(), b.formatInline());
        SrtpKeys again = SrtpKeys.parseInline(CM80, a.formatInline());
        assertArrayEquals(a.masterKey(), again.masterKey());
        assertArrayEquals(a.masterSalt(), again.masterSalt());
        assertEquals(47, a.formatInline().length());
        assertFalse(a.toString().contains(a.formatInline().substring(7, 20)));
    }
}
