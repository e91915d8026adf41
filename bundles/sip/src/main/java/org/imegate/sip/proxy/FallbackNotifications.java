package org.imegate.sip.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of {@code show uc-ime fallback-notification statistics} (catalogue §4.6): per call-agent
 * address, the fallback REFERs sent (UND-06), and of those the ones the call agent accepted (2xx) and the
 * ones that failed (error response, no response within Timer F, connection lost).
 */
public final class FallbackNotifications {

    /** One call agent's counters. */
    public record Counts(long sent, long accepted, long failed) {
    }

    private static final class Counters {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
    }

    private final Map<String, Counters> byAddress = new ConcurrentHashMap<>();

    private Counters of(String address) {
        return byAddress.computeIfAbsent(address, a -> new Counters());
    }

    void sent(String address) {
        of(address).sent.incrementAndGet();
    }

    void accepted(String address) {
        of(address).accepted.incrementAndGet();
    }

    void failed(String address) {
        of(address).failed.incrementAndGet();
    }

    /** Per call-agent address, in address order. */
    public Map<String, Counts> counts() {
        Map<String, Counts> out = new TreeMap<>();
        byAddress.forEach((a, c) -> out.put(a, new Counts(c.sent.get(), c.accepted.get(), c.failed.get())));
        return out;
    }

    public long totalSent() {
        return byAddress.values().stream().mapToLong(c -> c.sent.get()).sum();
    }

    public long totalAccepted() {
        return byAddress.values().stream().mapToLong(c -> c.accepted.get()).sum();
    }

    public long totalFailed() {
        return byAddress.values().stream().mapToLong(c -> c.failed.get()).sum();
    }

    /** The seed's format (S1 L863-872): one block per call-agent address that was notified; blank when none. */
    public String show() {
        StringBuilder b = new StringBuilder();
        counts().forEach((a, c) -> b.append("UCM address: ").append(a).append('\n')
                .append("Total Notifications Sent: ").append(c.sent()).append('\n'));
        return b.toString();
    }
}
