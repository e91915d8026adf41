package org.imegate.api.media;

import java.net.InetSocketAddress;
import java.time.Instant;

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
 */
public record MediaSessionInfo(String id, String callId, String instance, InetSocketAddress outsideLocal,
        InetSocketAddress outsideRemote, InetSocketAddress insideLocal, InetSocketAddress insideRemote,
        long packetsFromOutside, long packetsToInside, long packetsFromInside, long packetsToOutside,
        long dropped, Instant opened, Instant lastPacket) {
}
