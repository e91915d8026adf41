package org.imegate.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;
import org.imegate.api.pki.EnrollMode;
import org.junit.jupiter.api.Test;

class ValidateTest {

    @Test
    void messagesNameParameterValueAndRule() {
        assertEquals("ERROR: modulus 512 out of range 1024-4096",
                assertThrows(ValidationException.class, () -> Validate.range("modulus", 512, 1024, 4096)).getMessage());
        assertEquals("ERROR: modulus 1000 must be one of 1024, 2048",
                assertThrows(ValidationException.class, () -> Validate.oneOf("modulus", 1000, 1024, 2048)).getMessage());
        assertEquals("ERROR: port abc is not a number (allowed 1-65535)",
                assertThrows(ValidationException.class, () -> Validate.parseInt("port", "abc", 1, 65535)).getMessage());
        assertEquals("ERROR: enroll 'by mail' must be one of self, terminal",
                assertThrows(ValidationException.class, () -> Validate.oneOf("enroll", "by mail", EnrollMode.class)).getMessage());
        ValidationException e = assertThrows(ValidationException.class,
                () -> Validate.name("trustpoint", "a/b", 128, Pattern.compile("[a-z/]{0,2}"), "two letters"));
        assertEquals("trustpoint", e.parameter());
        assertEquals("ERROR: trustpoint a/b may contain only two letters", e.getMessage());
        assertEquals("ERROR: label is required",
                assertThrows(ValidationException.class, () -> Validate.required("label", " ")).getMessage());
    }

    @Test
    void acceptedValuesAreReturned() {
        assertEquals(2048, Validate.range("modulus", 2048, 1024, 4096));
        assertEquals(5061, Validate.parseInt("port", " 5061 ", 1, 65535));
        assertEquals(EnrollMode.TERMINAL, Validate.oneOf("enroll", "Terminal", EnrollMode.class));
        assertEquals("x".repeat(128), Validate.name("trustpoint", "x".repeat(128), 128, Pattern.compile("x+"), "x"));
        assertThrows(ValidationException.class, () -> Validate.name("trustpoint", "x".repeat(129), 128, Pattern.compile("x+"), "x"));
    }
}
