package org.imegate.api.rtpmonitor;

/**
 * One monitored RTP stream from the Internet leg, opened by {@link RtpMonitor#open}. Packets come from one
 * thread (the stream's event loop); the monitor's ticks run on its own timer thread; the other methods may be
 * called from any thread.
 */
public interface MonitoredStream extends AutoCloseable {

    /** {@link #failoverState()}: monitoring, no fallback pending. */
    int STATE_OK = 0;
    /** {@link #failoverState()}: degraded, the hold-down timer is running. */
    int STATE_DEGRADED = 1;
    /** {@link #failoverState()}: the listener was told the call must fall back. */
    int STATE_NOTIFIED = 2;

    /**
     * One authenticated packet. Cheap and allocation-free; does nothing when the stream is not monitored or
     * closed.
     *
     * @param seq          RTP sequence number
     * @param rtpTimestamp RTP timestamp (the 32-bit value, signed or not)
     * @param arrivalNanos arrival time from {@link System#nanoTime()}
     * @param payloadType  RTP payload type
     */
    void onPacket(int seq, long rtpTimestamp, long arrivalNanos, int payloadType);

    /** The call's metrics now ({@code show uc-ime media-sessions detail}); all zero when not monitored. */
    MetricsSnapshot snapshot();

    /** {@code Failover_state}: {@link #STATE_OK}, {@link #STATE_DEGRADED} or {@link #STATE_NOTIFIED}. */
    int failoverState();

    /** {@code RTP monitoring is enabled}: false when the sensitivity is 0 (Disable). */
    boolean monitored();

    /** The call's sensitivity, 0-5 ({@code FB Sensitivity}). */
    int sensitivity();

    /** Stops monitoring; the listener is not called afterwards. Idempotent. */
    @Override
    void close();
}
