package org.imegate.api.ime.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * One dictionary entry of a Resource-ID.
 *
 * @param key     {@code <peerID hex>+<VServiceID hex>}
 * @param value   the stored bytes (a copy)
 * @param expires when the entry leaves the ring
 */
public record CacheEntry(String key, byte[] value, Instant expires) {

    public CacheEntry {
        Objects.requireNonNull(key, "key");
        value = value.clone();
        Objects.requireNonNull(expires, "expires");
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
