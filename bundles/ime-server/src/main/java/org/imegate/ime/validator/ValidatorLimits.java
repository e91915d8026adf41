package org.imegate.ime.validator;

import java.util.concurrent.Semaphore;
import java.util.function.IntSupplier;

/**
 * The TLSValidationThreshold of one direction (UND-09): at most N validation sessions at once and at most
 * R new ones per second (token bucket). A session refused here is counted as blocked by the TLS limit.
 */
public final class ValidatorLimits {
    private final IntSupplier maxConcurrent;
    private final IntSupplier perSecond;
    private final Semaphore active = new Semaphore(Integer.MAX_VALUE);
    private int inUse;
    private double tokens;
    private long last = System.nanoTime();

    public ValidatorLimits(IntSupplier maxConcurrent, IntSupplier perSecond) {
        this.maxConcurrent = maxConcurrent;
        this.perSecond = perSecond;
        this.tokens = perSecond.getAsInt();
    }

    /** Takes a session if both limits allow; release it with {@link #release()}. */
    public synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        int rate = perSecond.getAsInt();
        tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (inUse >= maxConcurrent.getAsInt() || tokens < 1) {
            return false;
        }
        tokens -= 1;
        inUse++;
        return active.tryAcquire();
    }

    public synchronized void release() {
        inUse--;
        active.release();
    }

    public synchronized int inUse() {
        return inUse;
    }
}
