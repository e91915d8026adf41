package org.imegate.sip.mapping;

import java.util.concurrent.atomic.AtomicLong;

/** The mapping service's counters over all call-agent connections since the appliance started. */
public final class MappingTotals {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong responses = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong mappings = new AtomicLong();

    public long totalRequests() {
        return requests.get();
    }

    public long responsesSent() {
        return responses.get();
    }

    public long failedRequests() {
        return failed.get();
    }

    /** Mappings created (a remote address mapped while it had no mapping). */
    public long mappingsCreated() {
        return mappings.get();
    }
}
