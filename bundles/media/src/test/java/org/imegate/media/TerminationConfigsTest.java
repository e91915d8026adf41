package org.imegate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.validation.ValidationException;
import org.imegate.media.TerminationConfigs.Words;
import org.imegate.platform.ConfiguredInterfaces;
import org.junit.jupiter.api.Test;

class TerminationConfigsTest {

    private final NamedInterfaces interfaces = new ConfiguredInterfaces(Map.of());

    private static MediaTerminationConfig cfg(String name, String global, Map<String, String> addresses, int min, int max) {
        return new MediaTerminationConfig(name, Optional.ofNullable(global), addresses, min, max);
    }

    private String refusal(MediaTerminationConfig c) {
        return assertThrows(ValidationException.class, () -> TerminationConfigs.validate(c, interfaces, Words.SHELL))
                .getMessage();
    }

    @Test
    void acceptsPerInterfaceAndGlobalInstances() {
        MediaTerminationConfig c = cfg("uc-ime-media-term", null,
                Map.of("outside", "127.0.0.3", "inside", "127.0.0.2"), 16384, 32767);
        assertEquals(c, TerminationConfigs.validate(c, interfaces, Words.SHELL));
        assertTrue(TerminationConfigs.usable(c));
        MediaTerminationConfig g = cfg("g_1.x", "127.0.0.3", Map.of(), 1024, 1025);
        assertEquals(g, TerminationConfigs.validate(g, interfaces, Words.SHELL));
        assertTrue(TerminationConfigs.usable(g));
    }

    @Test
    void oneInterfaceIsAcceptedButNotUsable() {
        MediaTerminationConfig c = cfg("m", null, Map.of("outside", "127.0.0.3"), 16384, 32767);
        TerminationConfigs.validate(c, interfaces, Words.SHELL);
        assertFalse(TerminationConfigs.usable(c));
        assertEquals("ERROR: media-termination m has no global address and no addresses on both the inside and the"
                + " outside interface (configured: outside)", TerminationConfigs.notUsable("media-termination", c).getMessage());
    }

    @Test
    void nameRules() {
        assertEquals("ERROR: media-termination is required", refusal(cfg("", "127.0.0.3", Map.of(), 16384, 32767)));
        assertEquals("ERROR: media-termination " + "a".repeat(65) + " is 65 characters long, at most 64 allowed"
                .replace("a".repeat(65), "a".repeat(65).substring(0, 65)),
                refusal(cfg("a".repeat(65), "127.0.0.3", Map.of(), 16384, 32767)));
        assertEquals("ERROR: media-termination a/b may contain only letters, digits, '_', '.' and '-'",
                refusal(cfg("a/b", "127.0.0.3", Map.of(), 16384, 32767)));
        TerminationConfigs.validate(cfg("a".repeat(64), "127.0.0.3", Map.of(), 16384, 32767), interfaces, Words.SHELL);
    }

    @Test
    void globalAndPerInterfaceNeverTogether() {
        assertEquals("ERROR: address 127.0.0.2 is an address on interface inside but media-termination m has the global"
                + " address 127.0.0.3; use either one global address or per-interface addresses, not both",
                refusal(cfg("m", "127.0.0.3", Map.of("inside", "127.0.0.2"), 16384, 32767)));
    }

    @Test
    void interfaceMustBeNamed() {
        assertEquals("ERROR: interface dmz is not a configured interface (configured: inside, outside)",
                refusal(cfg("m", null, Map.of("dmz", "127.0.0.2"), 16384, 32767)));
    }

    @Test
    void addressRules() {
        assertEquals("ERROR: address localhost must be a literal IPv4 address",
                refusal(cfg("m", "localhost", Map.of(), 16384, 32767)));
        assertEquals("ERROR: address 127.0.0.256 must be a literal IPv4 address",
                refusal(cfg("m", "127.0.0.256", Map.of(), 16384, 32767)));
        assertEquals("ERROR: address ::1 must be a literal IPv4 address", refusal(cfg("m", "::1", Map.of(), 16384, 32767)));
        assertEquals("ERROR: address 0.0.0.0 must be a unicast address, not the wildcard, multicast or broadcast address",
                refusal(cfg("m", "0.0.0.0", Map.of(), 16384, 32767)));
        assertEquals("ERROR: address 224.0.0.1 must be a unicast address, not the wildcard, multicast or broadcast address",
                refusal(cfg("m", "224.0.0.1", Map.of(), 16384, 32767)));
        // TEST-NET-1 (RFC 5737) is never an address of the test machine
        assertEquals("ERROR: address 192.0.2.1 is not an address of this host",
                refusal(cfg("m", "192.0.2.1", Map.of(), 16384, 32767)));
    }

    @Test
    void portRules() {
        assertEquals("ERROR: rtp-min-port 1000 out of range 1024-65535", refusal(cfg("m", "127.0.0.3", Map.of(), 1000, 2000)));
        assertEquals("ERROR: rtp-max-port 65536 out of range 1024-65535",
                refusal(cfg("m", "127.0.0.3", Map.of(), 16384, 65536)));
        assertEquals("ERROR: rtp-max-port 20000 must be above rtp-min-port 20000",
                refusal(cfg("m", "127.0.0.3", Map.of(), 20000, 20000)));
        assertEquals("ERROR: rtp-max-port 19000 must be above rtp-min-port 20000",
                refusal(cfg("m", "127.0.0.3", Map.of(), 20000, 19000)));
    }

    @Test
    void configurationFilesAreReadWithDefaultsAndErrorsNameTheKey() {
        Map<String, Object> p = new HashMap<>(Map.of("name", "ime-media-term", "address.outside", "127.0.0.3",
                "address.inside", " 127.0.0.2 ", "service.pid", "x", "felix.fileinstall.filename", "f"));
        MediaTerminationConfig c = TerminationConfigs.fromProperties(p, interfaces);
        assertEquals(cfg("ime-media-term", null, Map.of("outside", "127.0.0.3", "inside", "127.0.0.2"), 16384, 32767), c);
        assertEquals(c, TerminationConfigs.fromProperties(TerminationConfigs.toProperties(c), interfaces));

        p.put("rtp.min.port", "abc");
        assertEquals("ERROR: rtp.min.port abc is not a number (allowed 1024-65535)", refuse(p));
        p.put("rtp.min.port", 30000);
        p.put("rtp.max.port", "20000");
        assertEquals("ERROR: rtp.max.port 20000 must be above rtp.min.port 30000", refuse(p));
        p.remove("rtp.min.port");
        p.remove("rtp.max.port");
        p.put("global.address", "127.0.0.3");
        assertEquals("ERROR: address.inside 127.0.0.2 is an address on interface inside but media-termination"
                + " ime-media-term has the global address 127.0.0.3; use either one global address or per-interface"
                + " addresses, not both", refuse(p));
        p.remove("global.address");
        p.put("address.outside", "example.org");
        assertEquals("ERROR: address.outside example.org must be a literal IPv4 address", refuse(p));
        p.put("address.outside", "127.0.0.3");
        p.put("address.dmz", "127.0.0.4");
        assertEquals("ERROR: address.dmz dmz is not a configured interface (configured: inside, outside)", refuse(p));
        p.remove("address.dmz");
        p.remove("name");
        assertEquals("ERROR: name is required", refuse(p));
    }

    private String refuse(Map<String, Object> p) {
        return assertThrows(ValidationException.class, () -> TerminationConfigs.fromProperties(p, interfaces)).getMessage();
    }

    @Test
    void runningConfigUsesTheSeedWords() {
        assertEquals("media-termination ime-media-term\n address 127.0.0.2 interface inside\n"
                + " address 127.0.0.3 interface outside\n rtp-min-port 16384 rtp-max-port 32767\n",
                TerminationConfigs.runningConfig(cfg("ime-media-term", null,
                        Map.of("outside", "127.0.0.3", "inside", "127.0.0.2"), 16384, 32767)));
    }
}
