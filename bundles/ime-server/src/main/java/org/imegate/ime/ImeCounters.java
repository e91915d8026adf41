package org.imegate.ime;

import java.util.concurrent.atomic.LongAdder;

/** The IME server's event counters (those that are not read from the store or the cache). */
public final class ImeCounters {
    public final LongAdder vcrUploadRequests = new LongAdder();
    public final LongAdder vcrsRejected = new LongAdder();
    public final LongAdder vcrsDuplicate = new LongAdder();
    public final LongAdder vcrsCorrelated = new LongAdder();
    public final LongAdder vapMalformed = new LongAdder();
    public final LongAdder vapAuthFailures = new LongAdder();
    public final LongAdder vapErrorResponses = new LongAdder();
    public final LongAdder cacheReads = new LongAdder();
    public final LongAdder cacheStores = new LongAdder();
    public final LongAdder validationAttempts = new LongAdder();
    public final LongAdder validationsSucceeded = new LongAdder();
    public final LongAdder validationsFailed = new LongAdder();
    public final LongAdder validationsBlocked = new LongAdder();
    public final LongAdder blockedOrigTlsLimit = new LongAdder();
    public final LongAdder blockedTermTlsLimit = new LongAdder();
    public final LongAdder validatorProtocolErrors = new LongAdder();
    public final LongAdder notifiesSent = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
}
