package org.imegate.api.ime.cache;

import java.time.Duration;
import java.util.List;

/**
 * The distributed cache ring as the IME server uses it (draft-jennings-vipr-vap-02 §9.4.2, §9.8.1):
 * each Resource-ID holds a dictionary whose keys are {@code <peerID hex>+<VServiceID hex>} and whose
 * values are opaque bytes (VAP TLVs, encrypted by the writer). A writer never overwrites another
 * node's key: the key starts with its own peer ID. Entries expire after their lifetime.
 */
public interface DistributedCache {

    /** Length of a Resource-ID and of a peer ID, in bytes (128 bits). */
    int ID_LENGTH = 16;

    /** This node's peer ID (16 bytes), stable across restarts. */
    byte[] peerId();

    /**
     * Stores {@code value} under dictionary key {@code key} of {@code resourceId} for {@code lifetime},
     * replacing this node's previous value for that key.
     *
     * @throws CacheUnavailableException when the ring cannot be reached
     */
    void store(byte[] resourceId, String key, byte[] value, Duration lifetime) throws CacheUnavailableException;

    /**
     * The unexpired dictionary entries of {@code resourceId}; empty on no match.
     *
     * @throws CacheUnavailableException when the ring cannot be reached
     */
    List<CacheEntry> fetch(byte[] resourceId) throws CacheUnavailableException;

    /** {@code IMEDistributedCacheHealth}: 0 red, 1 yellow, 2 green. */
    int health();

    /** {@code IMEDistributedCacheNodeCount}: approximate number of nodes in the ring. */
    int nodeCount();

    /** {@code IMEDistributedCacheStoredData}: bytes of ring storage this server provides. */
    long storedBytes();

    /** Which backend this is, e.g. {@code embedded}. */
    String backend();
}
