package org.imegate.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class TicketKeysTest {

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] ikm = hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex.parseHex("000102030405060708090a0b0c");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hex.formatHex(TicketKeys.hkdf(ikm, salt, info, 42)));
    }

    @Test
    void ticketKeyEqualsAnIndependentHmacComputation() throws Exception {
        byte[] password = Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII);
        for (int epoch : new int[] {1, 7, 128, 255}) {
            // RFC 5869: PRK = HMAC(salt, IKM); OKM = T(1) = HMAC(PRK, info || 0x01), 32 bytes
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("UC-IME-TICKET".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] prk = mac.doFinal(password);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] okm = mac.doFinal(new byte[] {(byte) epoch, 1});
            assertArrayEquals(okm, TicketKeys.derive(password, epoch), "epoch " + epoch);
        }
        assertFalse(java.util.Arrays.equals(TicketKeys.derive(password, 1), TicketKeys.derive(password, 2)));
    }

    @Test
    void passwordLengthIs10To64() {
        assertEquals(10, TicketKeys.octets("a".repeat(10).toCharArray()).length);
        assertEquals(64, TicketKeys.octets("a".repeat(64).toCharArray()).length);
        refused("abcdefghi", "must be 10 to 64 characters long, each in 0x21-0x73");
        refused("abcdefghij".repeat(6) + "abcde", "must be 10 to 64 characters long, each in 0x21-0x73");
        refused("", "must be 10 to 64 characters long");
    }

    @Test
    void passwordCharactersAre0x21To0x73() {
        assertEquals(12, TicketKeys.octets("!!!!ssss!!ss".toCharArray()).length);
        refused("abcdefghijt", "may contain only characters 0x21-0x73");
        refused("abcde fghijk", "may contain only characters 0x21-0x73");
        refused("abcdefghij~", "may contain only characters 0x21-0x73");
        refused("abcdefghij\u00e9", "may contain only characters 0x21-0x73");
        refused("abcdefghij\u0000", "may contain only characters 0x21-0x73");
        for (char c = 0x21; c <= 0x73; c++) {
            TicketKeys.octets(("abcdefghij" + c).toCharArray());
        }
        for (char c = 0x74; c <= 0x7e; c++) {
            refused("abcdefghij" + c, "0x21-0x73");
        }
    }

    @Test
    void epochIs1To255() {
        assertEquals("ERROR: epoch 0 out of range 1-255",
                assertThrows(ValidationException.class, () -> TicketKeys.epoch(0)).getMessage());
        assertEquals("ERROR: epoch 256 out of range 1-255",
                assertThrows(ValidationException.class, () -> TicketKeys.epoch(256)).getMessage());
        assertEquals(255, TicketKeys.epoch(255));
    }

    private static void refused(String password, String rule) {
        ValidationException e = assertThrows(ValidationException.class, () -> TicketKeys.octets(password.toCharArray()));
        assertTrue(e.getMessage().startsWith("ERROR: password ***** "), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        if (!password.isEmpty()) {
            assertFalse(e.getMessage().contains(password), e.getMessage());
        }
        assertEquals("password", e.parameter());
    }
}
