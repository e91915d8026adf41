package org.imegate.rtpmonitor;

import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.rtpmonitor.FallbackListener;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.rtpmonitor.metrics.StreamMetrics;

/**
 * One monitored stream: its metrics and the per-call fallback state (catalogue §4.7, UND-03).
 *
 * <p>Threads: {@link #onPacket} runs on the stream's event loop, {@link #tick} on the monitor's timer thread.
 * The metrics are guarded by a lock of their own, held for one packet or for closing one tick, never while a
 * sensitivity module evaluates; the lock is uncontended except when a packet and a tick meet. The state
 * machine ({@code mediaTicks}, {@code degradedSince}, {@code state}) is only written by the timer thread;
 * {@code state} is volatile for the readers of {@link #failoverState()}.
 */
final class Stream implements MonitoredStream {

    /** The snapshot of a stream that is not monitored. */
    static final MetricsSnapshot EMPTY = new MetricsSnapshot(0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private final Monitor monitor;
    final String callId;
    final SensitivityLevel level;
    final FallbackListener listener;
    private final StreamMetrics metrics;
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile int state = STATE_OK;
    private int mediaTicks;
    private long degradedSince;

    Stream(Monitor monitor, String callId, SensitivityLevel level, int ptimeMs, int clockRate,
            FallbackListener listener) {
        this.monitor = monitor;
        this.callId = callId;
        this.level = level;
        this.listener = listener;
        this.metrics = level == SensitivityLevel.DISABLE ? null : new StreamMetrics(clockRate, ptimeMs);
    }

    @Override
    public void onPacket(int seq, long rtpTimestamp, long arrivalNanos, int payloadType) {
        StreamMetrics m = metrics;
        if (m == null || closed) {
            return;
        }
        synchronized (lock) {
            m.onPacket(seq, rtpTimestamp, arrivalNanos, payloadType);
        }
    }

    /**
     * One monitoring tick at {@code now}: closes the tick of the metrics and runs the state machine. Timer
     * thread only.
     */
    void tick(long now, long holdDownNanos) {
        MetricsSnapshot window;
        synchronized (lock) {
            metrics.onTick(now);
            if (state == STATE_NOTIFIED || metrics.packets() == 0) {
                return;
            }
            // the tick that closes the first monitoring window of media is not evaluated (UND-03)
            if (++mediaTicks < 2) {
                return;
            }
            window = metrics.evaluation(now);
        }
        FallbackSensitivity module = monitor.module(level);
        boolean degraded = module != null && monitor.degraded(module, window);
        if (state == STATE_OK) {
            if (degraded) {
                degradedSince = now;
                state = STATE_DEGRADED;
                monitor.degradedStarted(this, module, window);
            }
        } else if (!degraded) {
            state = STATE_OK;
            monitor.recovered(this, (now - degradedSince) / 1_000_000L);
        } else if (now - degradedSince >= holdDownNanos) {
            state = STATE_NOTIFIED;
            monitor.fallbackRequired(this, window);
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public MetricsSnapshot snapshot() {
        StreamMetrics m = metrics;
        if (m == null) {
            return EMPTY;
        }
        synchronized (lock) {
            return m.snapshot();
        }
    }

    @Override
    public int failoverState() {
        return state;
    }

    @Override
    public boolean monitored() {
        return metrics != null;
    }

    @Override
    public int sensitivity() {
        return level.value();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            monitor.closed(this);
        }
    }

    @Override
    public String toString() {
        return "stream of call " + callId + " (sensitivity " + level.value() + ", state " + state + ")";
    }
}
