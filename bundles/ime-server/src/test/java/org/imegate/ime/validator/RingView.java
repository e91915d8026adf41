package org.imegate.ime.validator;

import java.time.Duration;
import java.util.List;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;

/** One node's view of a ring shared by several IME servers in a test: the same entries, its own peer ID. */
final class RingView implements DistributedCache {
    private final DistributedCache ring;
    private final byte[] peerId;

    RingView(DistributedCache ring, int node) {
        this.ring = ring;
        this.peerId = new byte[16];
        peerId[0] = (byte) 0x8e;
        peerId[15] = (byte) node;
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public void store(byte[] resourceId, String key, byte[] value, Duration lifetime) throws CacheUnavailableException {
        ring.store(resourceId, key, value, lifetime);
    }

    @Override
    public List<CacheEntry> fetch(byte[] resourceId) throws CacheUnavailableException {
        return ring.fetch(resourceId);
    }

    @Override
    public int health() {
        return ring.health();
    }

    @Override
    public int nodeCount() {
        return 2;
    }

    @Override
    public long storedBytes() {
        return ring.storedBytes();
    }

    @Override
    public String backend() {
        return "shared test ring";
    }
}
