package org.imegate.api.media;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.imegate.api.rtpmonitor.MetricsSnapshot;

/**
 * A snapshot of a media session.
 *
 * @param id                session id
 * @param callId            the call
 * @param instance          media-termination instance
 * @param outsideLocal      appliance address on the Internet leg
 * @param outsideRemote     Internet peer, or null while unknown
 * @param insideLocal       appliance address on the inside leg
 * @param insideRemote      inside peer, or null while unknown
 * @param packetsFromOutside packets received on the Internet leg
 * @param packetsToInside    packets relayed to the inside peer
 * @param packetsFromInside  packets received on the inside leg
 * @param packetsToOutside   packets relayed to the Internet peer
 * @param dropped           packets dropped (remote unknown, wrong source, not RTP)
 * @param opened            when the session was opened
 * @param lastPacket        when the last packet arrived on either leg, or null
 * @param srtpSuite         the SRTP crypto suite on the Internet leg, or null while none is negotiated
 * @param srtpAuthFailures  SRTP packets from the Internet refused by the authentication check
 * @param srtpReplays       SRTP packets from the Internet refused as replayed or too old
 * @param sensitivity       the call's fallback sensitivity (0 Disable ... 5 Aggressive), 0 when not monitored
 * @param failoverState     0 OK, 1 degraded (hold-down running), 2 call agent notified
 * @param metrics           the RTP monitor's metrics of the stream from the Internet, or null when the
 *                          stream is not monitored
 */
public record MediaSessionInfo(String id, String callId, String instance, InetSocketAddress outsideLocal,
        InetSocketAddress outsideRemote, InetSocketAddress insideLocal, InetSocketAddress insideRemote,
        long packetsFromOutside, long packetsToInside, long packetsFromInside, long packetsToOutside,
        long dropped, Instant opened, Instant lastPacket, String srtpSuite, long srtpAuthFailures,
        long srtpReplays, int sensitivity, int failoverState, MetricsSnapshot metrics) {

    /** Whether the Internet leg is SRTP. */
    public boolean srtp() {
        return srtpSuite != null;
    }
}
