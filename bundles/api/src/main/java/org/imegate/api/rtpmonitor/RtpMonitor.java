package org.imegate.api.rtpmonitor;

/**
 * The RTP monitor of the UC-IME proxy (catalogue §4.1, §4.7, UND-03): the media relay opens one
 * {@link MonitoredStream} per Internet-leg stream and feeds it every authenticated packet; every monitoring
 * tick the monitor evaluates each stream with the sensitivity module in force for the call's level and, when
 * the call is still degraded at the end of the hold-down timer, tells the {@link FallbackListener} once.
 *
 * <p>Per call: {@code Failover_state} 0 (monitoring) → 1 (degraded, hold-down running) on a degraded tick;
 * 1 → 0 on a tick that is no longer degraded; 1 → 2 (notified) at the first tick at or after the hold-down
 * expiry that is still degraded, when the listener is called; 2 is final. The first tick after media starts
 * closes the first monitoring window and is not evaluated. A call with sensitivity 0 (Disable, or no
 * {@code X-Cisco-UC-IME-Fallback} header) is not monitored.
 */
public interface RtpMonitor {

    /** {@code fallback monitoring timer} range and default, ms (RTPM-10). */
    int MONITORING_TIMER_MIN_MS = 10;
    int MONITORING_TIMER_MAX_MS = 600;
    int MONITORING_TIMER_DEFAULT_MS = 100;
    /** {@code fallback hold-down timer} range and default, s (RTPM-11). */
    int HOLD_DOWN_TIMER_MIN_S = 10;
    int HOLD_DOWN_TIMER_MAX_S = 360;
    int HOLD_DOWN_TIMER_DEFAULT_S = 20;

    /**
     * Starts monitoring one stream received from the Internet.
     *
     * @param callId      the SIP Call-ID of the call (1 listener notification per Call-ID, whatever the number of
     *                    streams opened for it)
     * @param sensitivity 0-5 from {@code X-Cisco-UC-IME-Fallback: sensitivity=<n>} (UND-05); 0 when absent
     * @param ptimeMs     SDP {@code a=ptime}, 0 when not signalled (then derived from the timestamps)
     * @param clockRate   RTP clock rate of the payload, Hz (8000 for G.711, G.729 and G.722)
     * @param listener    told when the call must fall back; called on a monitor thread, must not block
     * @return the stream; {@link MonitoredStream#close()} it when the media session ends
     * @throws org.imegate.api.validation.ValidationException for a sensitivity outside 0-5, a blank Call-ID,
     *         a ptime outside 0-1000 or a clock rate outside 1-1000000
     */
    MonitoredStream open(String callId, int sensitivity, int ptimeMs, int clockRate, FallbackListener listener);

    /**
     * Sets the {@code fallback monitoring timer} (10-600 ms) and {@code fallback hold-down timer} (10-360 s) of
     * the uc-ime proxy; the monitor also reads them from the proxy's configuration. Applies from the next tick,
     * to calls in progress too.
     *
     * @throws org.imegate.api.validation.ValidationException for a value out of range
     */
    void timers(int monitoringMs, int holdDownS);

    /** The monitoring timer in force, ms. */
    int monitoringTimerMs();

    /** The hold-down timer in force, s. */
    int holdDownTimerS();

    /** Monitored streams open now (streams of sensitivity 0 are not counted). */
    int openStreams();
}
