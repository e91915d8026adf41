package org.imegate.media;

import java.io.IOException;
import java.util.BitSet;
import org.imegate.api.media.MediaUnavailableException;

/**
 * Even RTP ports of one local address from {@code [min, max]} (RFC 3550 §11: RTP on an even port,
 * the odd port above it left for RTCP, which is not relayed and therefore not bound). Ports are
 * handed out round-robin from a cursor, so that a port just released is not reused at once and a
 * late packet of the old call cannot reach the new one. A port the operating system refuses (taken by
 * another program) is skipped. Thread-safe.
 */
final class PortAllocator {

    /** Binds one port; throws when the operating system refuses it. */
    @FunctionalInterface
    interface Binder<T> {
        T bind(int port) throws IOException;
    }

    private final String address;
    private final int min;
    private final int max;
    private final int first;
    private final int count;
    private final BitSet used;
    private int cursor;
    private int inUse;

    PortAllocator(String address, int min, int max) {
        this.address = address;
        this.min = min;
        this.max = max;
        this.first = min % 2 == 0 ? min : min + 1;
        int last = max % 2 == 0 ? max : max - 1;
        this.count = last >= first ? (last - first) / 2 + 1 : 0;
        this.used = new BitSet(count);
    }

    /** How many even ports the range holds. */
    int capacity() {
        return count;
    }

    synchronized int inUse() {
        return inUse;
    }

    /**
     * Binds the next free even port with {@code binder}, trying each port of the range at most once.
     *
     * @throws MediaUnavailableException when every port is in use or refused
     */
    <T> T allocate(Binder<T> binder) throws MediaUnavailableException {
        IOException last = null;
        for (int attempt = 0; attempt < count; attempt++) {
            int port = reserveNext();
            if (port < 0) {
                break;
            }
            try {
                return binder.bind(port);
            } catch (IOException e) {
                last = e;
                release(port);
            }
        }
        throw new MediaUnavailableException("no free even RTP port in " + min + "-" + max + " on " + address
                + (last == null ? "" : " (last refusal: " + last.getMessage() + ")"));
    }

    private synchronized int reserveNext() {
        for (int i = 0; i < count; i++) {
            int index = (cursor + i) % count;
            if (!used.get(index)) {
                used.set(index);
                inUse++;
                cursor = (index + 1) % count;
                return first + 2 * index;
            }
        }
        return -1;
    }

    /** Gives a port back. Releasing a port that is not in use does nothing. */
    synchronized void release(int port) {
        int index = (port - first) / 2;
        if (port >= first && (port - first) % 2 == 0 && index < count && used.get(index)) {
            used.clear(index);
            inUse--;
        }
    }
}
