package org.imegate.sip.proxy;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.imegate.api.sip.TerminationCause;

/** The counters of {@code show uc-ime signaling-sessions statistics}. */
public final class Statistics {
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong mostUsed = new AtomicLong();
    private final AtomicLong terminated = new AtomicLong();
    private final AtomicLong verificationFailures = new AtomicLong();
    private final Map<TerminationCause, AtomicLong> causes = new EnumMap<>(TerminationCause.class);

    public Statistics() {
        for (TerminationCause c : TerminationCause.values()) {
            causes.put(c, new AtomicLong());
        }
    }

    void opened() {
        long now = inUse.incrementAndGet();
        mostUsed.accumulateAndGet(now, Math::max);
    }

    void closed(TerminationCause cause) {
        inUse.decrementAndGet();
        terminated.incrementAndGet();
        causes.get(cause).incrementAndGet();
    }

    /** A refusal that never became a session (e.g. a ticket failure on the initial INVITE). */
    void refused(TerminationCause cause) {
        terminated.incrementAndGet();
        causes.get(cause).incrementAndGet();
    }

    void verificationFailure() {
        verificationFailures.incrementAndGet();
    }

    public long inUse() {
        return inUse.get();
    }

    public long mostUsed() {
        return mostUsed.get();
    }

    public long terminated() {
        return terminated.get();
    }

    public long verificationFailures() {
        return verificationFailures.get();
    }

    public long count(TerminationCause cause) {
        return causes.get(cause).get();
    }

    /** The seed's format (S1 L786-803). */
    public String show() {
        StringBuilder b = new StringBuilder();
        b.append(inUse()).append(" in use, ").append(mostUsed()).append(" most used\n");
        b.append(terminated()).append(" terminated\n");
        for (TerminationCause c : TerminationCause.values()) {
            if (c != TerminationCause.OTHER) {
                b.append("  ").append(c.label()).append(": ").append(count(c)).append('\n');
            }
        }
        b.append("  SIP verification failures: ").append(verificationFailures()).append('\n');
        return b.toString();
    }
}
