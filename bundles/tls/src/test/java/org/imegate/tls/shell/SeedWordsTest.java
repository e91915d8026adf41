package org.imegate.tls.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class SeedWordsTest {

    @Test
    void readsTheSeedKeywordsInAnyOrder() {
        Map<String, String> w = SeedWords.parse(List.of("modulus", "2048", "label", "local-ent-key", "noconfirm"),
                Set.of("label", "modulus"), Set.of("noconfirm"));
        assertEquals(Map.of("label", "local-ent-key", "modulus", "2048", "noconfirm", ""), w);
        assertEquals(Map.of(), SeedWords.parse(null, Set.of("label"), Set.of()));
    }

    @Test
    void refusesUnknownMissingAndRepeatedWords() {
        ValidationException unknown = assertThrows(ValidationException.class,
                () -> SeedWords.parse(List.of("lable", "x"), Set.of("label"), Set.of()));
        assertEquals("ERROR: lable is not a keyword of this command (expected one of label)", unknown.getMessage());
        assertEquals("ERROR: label '' needs a value", assertThrows(ValidationException.class,
                () -> SeedWords.parse(List.of("label"), Set.of("label"), Set.of())).getMessage());
        assertEquals("ERROR: label b is given twice", assertThrows(ValidationException.class,
                () -> SeedWords.parse(List.of("label", "a", "label", "b"), Set.of("label"), Set.of())).getMessage());
    }

    @Test
    void pkcs12InputIsDerOrBase64() {
        byte[] der = {0x30, (byte) 0x82, 0x01, 0x00, (byte) 0xff};
        assertArrayEquals(der, CaImport.decode(der));
        byte[] b64 = ("-----BEGIN PKCS12-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PKCS12-----\n")
                .getBytes();
        assertArrayEquals(der, CaImport.decode(b64));
    }
}
