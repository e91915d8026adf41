package org.imegate.api.rtpmonitor;

/** Told by the {@link RtpMonitor} that a call must move to the PSTN (the proxy then sends the REFER, UND-06). */
@FunctionalInterface
public interface FallbackListener {

    /**
     * The hold-down timer expired and the call is still degraded. Called once per Call-ID, on a monitor thread
     * that serves every call: hand slow work (sending the REFER) to another executor.
     *
     * @param callId      the Call-ID given to {@link RtpMonitor#open}
     * @param sensitivity the call's level, 1-5
     * @param at          the evaluation window that decided (see
     *                    {@code org.imegate.api.fallback.FallbackSensitivity#degraded})
     */
    void fallbackRequired(String callId, int sensitivity, MetricsSnapshot at);
}
