package org.imegate.ime.cache;

import java.time.Clock;
import java.util.List;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.ime.store.ImeStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the {@link EmbeddedCache} as the {@link DistributedCache} with a low ranking, so that a
 * ring overlay registered later takes its place for the IME server.
 */
@Component(service = DistributedCache.class, property = {"service.ranking:Integer=-100", "backend=embedded"})
public class EmbeddedCacheComponent implements DistributedCache {
    private final EmbeddedCache cache;

    @Activate
    public EmbeddedCacheComponent(@Reference ImeStore store) {
        this.cache = new EmbeddedCache(store, Clock.systemUTC());
    }

    @Override
    public byte[] peerId() {
        return cache.peerId();
    }

    @Override
    public void store(byte[] resourceId, String key, byte[] value, java.time.Duration lifetime)
            throws CacheUnavailableException {
        cache.store(resourceId, key, value, lifetime);
    }

    @Override
    public List<CacheEntry> fetch(byte[] resourceId) throws CacheUnavailableException {
        return cache.fetch(resourceId);
    }

    @Override
    public int health() {
        return cache.health();
    }

    @Override
    public int nodeCount() {
        return cache.nodeCount();
    }

    @Override
    public long storedBytes() {
        return cache.storedBytes();
    }

    @Override
    public String backend() {
        return cache.backend();
    }
}
