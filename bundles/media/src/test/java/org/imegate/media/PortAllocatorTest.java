package org.imegate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imegate.api.media.MediaUnavailableException;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    private static int take(PortAllocator a) throws MediaUnavailableException {
        Integer p = a.allocate(port -> port);
        return p;
    }

    @Test
    void evenPortsInRangeRoundRobinUntilExhausted() throws Exception {
        PortAllocator a = new PortAllocator("127.0.0.2", 1025, 1034);
        assertEquals(5, a.capacity());
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            int p = take(a);
            assertEquals(0, p % 2, "even " + p);
            assertTrue(p >= 1025 && p <= 1034, "in range " + p);
            got.add(p);
        }
        assertEquals(Set.of(1026, 1028, 1030, 1032, 1034), got);
        assertEquals(5, a.inUse());
        MediaUnavailableException e = assertThrows(MediaUnavailableException.class, () -> take(a));
        assertEquals("no free even RTP port in 1025-1034 on 127.0.0.2", e.getMessage());

        a.release(1028);
        assertEquals(1028, take(a), "a released port is usable again");
        a.release(1030);
        a.release(1032);
        // round robin: after 1028 the cursor is at 1030, so 1030 comes before 1032 and not 1028 again
        assertEquals(1030, take(a));
        a.release(1030);
        assertEquals(1032, take(a), "a just released port is not reused at once");
    }

    @Test
    void doesNotReuseTheLowestPortAtOnce() throws Exception {
        PortAllocator a = new PortAllocator("127.0.0.2", 20000, 20010);
        int first = take(a);
        a.release(first);
        assertNotEquals(first, take(a));
    }

    @Test
    void skipsPortsTakenByOtherSockets() throws Exception {
        InetAddress inside = InetAddress.getByName("127.0.0.2");
        List<DatagramSocket> mine = new ArrayList<>();
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(inside, 0))) {
            int taken = other.getLocalPort() & ~1;
            if (taken != other.getLocalPort()) {
                // the OS gave an odd port: take the even one below too when it is free
                try {
                    mine.add(new DatagramSocket(new InetSocketAddress(inside, taken)));
                } catch (BindException e) {
                    // taken by somebody else already: just as good
                }
            }
            PortAllocator a = new PortAllocator("127.0.0.2", taken, taken + 3);
            DatagramSocket s = a.allocate(port -> new DatagramSocket(new InetSocketAddress(inside, port)));
            mine.add(s);
            assertEquals(taken + 2, s.getLocalPort(), "the port in use is skipped");
            assertEquals(1, a.inUse(), "the refused port is not counted as in use");
            MediaUnavailableException e = assertThrows(MediaUnavailableException.class,
                    () -> a.allocate(port -> new DatagramSocket(new InetSocketAddress(inside, port))));
            assertTrue(e.getMessage().startsWith("no free even RTP port in " + taken + "-" + (taken + 3) + " on 127.0.0.2 (last refusal: "),
                    e.getMessage());
        } finally {
            for (DatagramSocket s : mine) {
                s.close();
            }
        }
    }

    @Test
    void bindFailureTriesTheNextPort() throws Exception {
        PortAllocator a = new PortAllocator("127.0.0.2", 2000, 2009);
        List<Integer> tried = new ArrayList<>();
        Integer p = a.allocate(port -> {
            tried.add(port);
            if (tried.size() < 3) {
                throw new IOException("in use");
            }
            return port;
        });
        assertEquals(List.of(2000, 2002, 2004), tried);
        assertEquals(2004, p.intValue());
    }
}
