package org.imegate.api.ime.cache;

/**
 * {@code org.imegate:type=ring,name=cache} ({@link org.imegate.api.alert.AlertCatalogue#RING}): the
 * distributed cache counters of catalogue §9.1 (MON-13..19) under the seed's names, as the IME server
 * sees the ring. The alert engine watches {@code IMEDistributedCacheHealth} (IMEDistributedCacheFailure).
 */
public interface DistributedCacheMBean {

    /** 0 red, 1 yellow, 2 green. */
    int getIMEDistributedCacheHealth();

    int getIMEDistributedCacheNodeCount();

    long getIMEDistributedCacheQuota();

    long getIMEDistributedCacheQuotaUsed();

    long getIMEDistributedCacheReads();

    long getIMEDistributedCacheStoredData();

    long getIMEDistributedCacheStores();

    /** The backend in use, e.g. {@code embedded}. */
    String getBackend();
}
