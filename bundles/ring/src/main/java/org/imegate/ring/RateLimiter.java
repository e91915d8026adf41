package org.imegate.ring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets per key (a Node-ID): {@code rate} tokens per second, bursts up to {@code burst}. */
public final class RateLimiter {
    private final double rate;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<Object, double[]> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanos) {
        this.rate = ratePerSecond;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one token for {@code key}; false when its bucket is empty. */
    public boolean tryAcquire(Object key) {
        if (buckets.size() > 100_000) {
            buckets.clear();
        }
        long now = nanos.getAsLong();
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        synchronized (b) {
            b[0] = Math.min(burst, b[0] + (now - (long) b[1]) / 1e9 * rate);
            b[1] = now;
            if (b[0] >= 1) {
                b[0] -= 1;
                return true;
            }
            return false;
        }
    }
}
