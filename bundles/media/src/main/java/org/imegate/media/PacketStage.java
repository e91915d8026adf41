package org.imegate.media;

import io.netty.buffer.ByteBuf;

/**
 * A processing step on the Internet (outside) leg of one media session, such as SRTP protection or
 * the RTP monitor. Stages run on the session's event-loop thread, in the order they were added for
 * packets from the Internet, and in reverse order for packets toward it, so that a stage sees the
 * packet as its neighbour left it (the SRTP stage next to the wire, the monitor after it). SIP never
 * sees stages: they are attached by the media bundle to {@link RelaySession#addOutsideStage}.
 */
interface PacketStage {

    /**
     * A packet received from the Internet peer, before it is relayed inside.
     *
     * @return the packet to relay (the same buffer or a new one, the stage owning the release of the
     *     one it does not return), or null to drop it (the stage releases it)
     */
    ByteBuf fromOutside(RelaySession session, ByteBuf packet);

    /** A packet from the inside peer, before it is sent to the Internet peer; same contract. */
    ByteBuf toOutside(RelaySession session, ByteBuf packet);
}
