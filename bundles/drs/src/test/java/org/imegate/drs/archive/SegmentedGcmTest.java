package org.imegate.drs.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SegmentedGcmTest {
    static final int SEG = 4096;
    final SecretKey key = new SecretKeySpec(new byte[32], "AES");
    final byte[] prefix = {1, 2, 3, 4, 5, 6, 7};
    final byte[] aad = "archive|component".getBytes();

    byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = SegmentedGcm.encrypt(out, key, prefix, aad, SEG)) {
            // odd write sizes cross segment boundaries
            for (int off = 0; off < plain.length; off += 1000) {
                o.write(plain, off, Math.min(1000, plain.length - off));
            }
        }
        return out.toByteArray();
    }

    byte[] open(byte[] sealed, byte[] withAad) throws IOException {
        return SegmentedGcm.decrypt(new ByteArrayInputStream(sealed), key, prefix, withAad, SEG).readAllBytes();
    }

    @Test
    void everySizeAroundSegmentsRoundTrips() throws IOException {
        Random r = new Random(3);
        for (int size : new int[] {0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG, 3 * SEG + 5}) {
            byte[] plain = new byte[size];
            r.nextBytes(plain);
            byte[] sealed = seal(plain);
            int segments = Math.max(1, (size + SEG - 1) / SEG);
            assertEquals(size + segments * SegmentedGcm.TAG, sealed.length, "size " + size);
            assertArrayEquals(plain, open(sealed, aad), "size " + size);
        }
    }

    @Test
    void cutAtASegmentBoundaryDroppedOrSwappedSegmentsAndOtherAadFail() throws IOException {
        byte[] plain = new byte[3 * SEG + 100];
        new Random(4).nextBytes(plain);
        byte[] sealed = seal(plain);
        int unit = SEG + SegmentedGcm.TAG;
        // cut after two full segments: the second is not marked last
        ArchiveException cut = assertThrows(ArchiveException.class, () -> open(Arrays.copyOf(sealed, 2 * unit), aad));
        assertEquals(ArchiveException.Kind.ALTERED, cut.kind());
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, 0, swapped, unit, unit);
        System.arraycopy(sealed, unit, swapped, 0, unit);
        assertThrows(ArchiveException.class, () -> open(swapped, aad));
        ArchiveException other = assertThrows(ArchiveException.class, () -> open(sealed, "other".getBytes()));
        assertTrue(other.getMessage().contains("segment 0"));
        ArchiveException empty = assertThrows(ArchiveException.class, () -> open(new byte[0], aad));
        assertEquals(ArchiveException.Kind.DAMAGED, empty.kind());
    }

    @Test
    void entryPathsRule() {
        for (String ok : new String[] {"a", "tls/pki.store", "etc/org.imegate.sip.cfg", "my device/x y.z"}) {
            assertTrue(EntryPaths.valid(ok), ok);
        }
        for (String bad : new String[] {"", "/abs", "a/", "../x", "a/../b", "a/./b", "a\\b", "a:b", "x\0"}) {
            assertTrue(!EntryPaths.valid(bad), bad);
        }
        assertTrue(EntryPaths.traversal("../../etc/passwd"));
        assertTrue(EntryPaths.traversal("/etc/passwd"));
        assertTrue(EntryPaths.traversal("a/../../b"));
        assertTrue(!EntryPaths.traversal("2026-01-01-00-00-00"));
    }
}
