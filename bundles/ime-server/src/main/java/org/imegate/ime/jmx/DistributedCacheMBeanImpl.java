package org.imegate.ime.jmx;

import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.ime.cache.DistributedCacheMBean;
import org.imegate.ime.ImeEngine;

/** {@code org.imegate:type=ring,name=cache}: the ring counters as the IME server sees them. */
public final class DistributedCacheMBeanImpl extends StandardMBean implements DistributedCacheMBean {
    /** The MBean's ObjectName. */
    public static final String OBJECT_NAME = "org.imegate:type=ring,name=cache";

    private final ImeEngine engine;

    public DistributedCacheMBeanImpl(ImeEngine engine) throws NotCompliantMBeanException {
        super(DistributedCacheMBean.class);
        this.engine = engine;
    }

    @Override
    public int getIMEDistributedCacheHealth() {
        return engine.environment().cache().health();
    }

    @Override
    public int getIMEDistributedCacheNodeCount() {
        return engine.environment().cache().nodeCount();
    }

    @Override
    public long getIMEDistributedCacheQuota() {
        return engine.quotaLimit();
    }

    @Override
    public long getIMEDistributedCacheQuotaUsed() {
        return engine.registry().quotaUsed();
    }

    @Override
    public long getIMEDistributedCacheReads() {
        return engine.counters().cacheReads.sum();
    }

    @Override
    public long getIMEDistributedCacheStoredData() {
        return engine.environment().cache().storedBytes();
    }

    @Override
    public long getIMEDistributedCacheStores() {
        return engine.counters().cacheStores.sum();
    }

    @Override
    public String getBackend() {
        return engine.environment().cache().backend();
    }
}
