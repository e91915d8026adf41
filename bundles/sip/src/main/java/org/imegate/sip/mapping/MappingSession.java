package org.imegate.sip.mapping;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A call agent's connection to the mapping service and its counters (S1 L888-901): requests received,
 * mappings answered, requests answered with an error, requests not answered yet, and the time since
 * the last request or answer.
 */
public final class MappingSession {
    private final InetSocketAddress client;
    private final MappingTotals totals;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile long lastActivity = System.nanoTime();

    MappingSession(InetSocketAddress client, MappingTotals totals) {
        this.client = client;
        this.totals = totals;
    }

    void requested() {
        requests.incrementAndGet();
        pending.incrementAndGet();
        totals.requests.incrementAndGet();
        lastActivity = System.nanoTime();
    }

    void answered() {
        responses.incrementAndGet();
        pending.decrementAndGet();
        totals.responses.incrementAndGet();
        lastActivity = System.nanoTime();
    }

    void failed() {
        failed.incrementAndGet();
        pending.decrementAndGet();
        totals.failed.incrementAndGet();
        lastActivity = System.nanoTime();
    }

    public InetSocketAddress client() {
        return client;
    }

    public long totalRequests() {
        return requests.get();
    }

    public long responsesSent() {
        return responses.get();
    }

    public long failedRequests() {
        return failed.get();
    }

    public long pendingResponses() {
        return pending.get();
    }

    public Duration idle() {
        return Duration.ofNanos(System.nanoTime() - lastActivity);
    }

    /** {@code h:mm:ss}, as the seed shows idle times. */
    public static String hms(Duration d) {
        long s = d.getSeconds();
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    String clientText() {
        return client.getAddress().getHostAddress() + ":" + client.getPort();
    }
}
