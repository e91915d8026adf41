package org.imegate.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformTest {

    @TempDir
    Path dir;

    @Test
    void sealedSecretOpensWithTheSameMasterKeyAndRevealsNothing() throws Exception {
        FileApplianceStore store = new FileApplianceStore(dir.resolve("store"));
        MasterKeySecretBox box = new MasterKeySecretBox(store);
        byte[] secret = "s3cret-Ticket-Password".getBytes(StandardCharsets.UTF_8);
        String sealed = box.seal(secret);
        assertTrue(sealed.startsWith("ENC(") && sealed.endsWith(")"));
        assertFalse(sealed.contains("s3cret"));
        assertNotEquals(sealed, box.seal(secret), "every seal uses a fresh nonce");
        assertArrayEquals(secret, new MasterKeySecretBox(store).open(sealed), "a restarted box reads the key file");

        Path keyFile = store.root().resolve("platform").resolve(MasterKeySecretBox.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root())));
    }

    @Test
    void alteredOrForeignValuesAreRefused() {
        MasterKeySecretBox box = new MasterKeySecretBox(dir.resolve("a.key"));
        MasterKeySecretBox other = new MasterKeySecretBox(dir.resolve("b.key"));
        String sealed = box.seal(new byte[] {1, 2, 3});
        char[] c = sealed.toCharArray();
        c[10] = c[10] == 'A' ? 'B' : 'A';
        assertThrows(IllegalArgumentException.class, () -> box.open(new String(c)));
        assertThrows(IllegalArgumentException.class, () -> other.open(sealed));
        assertThrows(IllegalArgumentException.class, () -> box.open("plain"));
        assertThrows(IllegalArgumentException.class, () -> box.open("ENC(!!)"));
    }

    @Test
    void interfacesDefaultToLoopbackAndRefuseBadEntries() {
        ConfiguredInterfaces ifs = new ConfiguredInterfaces(Map.of());
        assertEquals("127.0.0.2", ifs.require("interface", "inside").address().getHostAddress());
        assertEquals("127.0.0.3", ifs.require("interface", "outside").address().getHostAddress());

        ConfiguredInterfaces custom = new ConfiguredInterfaces(Map.of("outside", "127.0.0.9", "dmz", "127.0.0.4",
                "service.pid", "org.imegate.interfaces"));
        assertEquals("127.0.0.9", custom.require("interface", "outside").address().getHostAddress());
        assertEquals(3, custom.all().size());

        ValidationException unknown = assertThrows(ValidationException.class, () -> ifs.require("listening-interface", "dmz"));
        assertEquals("ERROR: listening-interface dmz is not a configured interface (configured: inside, outside)",
                unknown.getMessage());
        ValidationException host = assertThrows(ValidationException.class,
                () -> new ConfiguredInterfaces(Map.of("inside", "example.com")));
        assertEquals("ERROR: inside example.com must be a literal IPv4 or IPv6 address", host.getMessage());
        assertThrows(ValidationException.class, () -> new ConfiguredInterfaces(Map.of("Bad Name", "127.0.0.5")));
    }
}
