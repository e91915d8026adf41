package org.imegate.ime.cache;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.ime.store.ImeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node backend of the distributed cache: entries are kept in the IME store (persistent,
 * expiring), the peer ID is generated once and kept there too. It answers for the whole ring of one
 * node; IME servers that share it (one store) see each other's numbers.
 */
public final class EmbeddedCache implements DistributedCache {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCache.class);
    static final String PEER_ID = "peer.id";

    private final ImeStore store;
    private final Clock clock;
    private final byte[] peerId;

    public EmbeddedCache(ImeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.peerId = store.setting(PEER_ID).map(h -> HexFormat.of().parseHex(h)).orElseGet(() -> {
            byte[] id = new byte[ID_LENGTH];
            new SecureRandom().nextBytes(id);
            store.setSetting(PEER_ID, HexFormat.of().formatHex(id));
            LOG.info("distributed cache: new peer ID {}", HexFormat.of().formatHex(id));
            return id;
        });
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public void store(byte[] resourceId, String key, byte[] value, Duration lifetime) throws CacheUnavailableException {
        check(resourceId);
        try {
            store.cachePut(resourceId, key, value, clock.instant().plus(lifetime));
        } catch (IllegalStateException e) {
            throw new CacheUnavailableException("the embedded cache cannot store: " + e.getMessage(), e);
        }
    }

    @Override
    public List<CacheEntry> fetch(byte[] resourceId) throws CacheUnavailableException {
        check(resourceId);
        try {
            return store.cacheGet(resourceId, clock.instant());
        } catch (IllegalStateException e) {
            throw new CacheUnavailableException("the embedded cache cannot fetch: " + e.getMessage(), e);
        }
    }

    private static void check(byte[] resourceId) {
        if (resourceId.length != ID_LENGTH) {
            throw new IllegalArgumentException("a Resource-ID is 16 bytes, not " + resourceId.length);
        }
    }

    /** Deletes expired entries; returns how many. */
    public int purge() {
        return store.cachePurge(clock.instant());
    }

    @Override
    public int health() {
        try {
            store.cacheBytes();
            return 2;
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    @Override
    public int nodeCount() {
        return 1;
    }

    @Override
    public long storedBytes() {
        try {
            return store.cacheBytes();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    @Override
    public String backend() {
        return "embedded";
    }
}
