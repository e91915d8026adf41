package org.imegate.api.media;

import java.net.InetSocketAddress;

/**
 * One relayed media stream of a call. Packets that arrive on {@link #outsideLocal()} from the Internet
 * peer are sent from {@link #insideLocal()} to the inside remote, and the reverse. Until a leg's
 * remote is known, what arrives for it is dropped (and counted).
 */
public interface MediaSession extends AutoCloseable {

    /** Unique id of the session (for show commands and JMX). */
    String id();

    /** The call this session belongs to. */
    String callId();

    /** The instance it was opened on. */
    String instance();

    /** Where the Internet peer sends media: goes into the SDP sent toward the Internet. */
    InetSocketAddress outsideLocal();

    /** Where the inside peer (call agent's phone) sends media: goes into the SDP sent inside. */
    InetSocketAddress insideLocal();

    /** The Internet peer's media address, from the SDP received from the Internet. */
    void outsideRemote(InetSocketAddress remote);

    /** The inside peer's media address, from the SDP received from the inside. */
    void insideRemote(InetSocketAddress remote);

    /** Counters and addresses now. */
    MediaSessionInfo info();

    /** Stops the relay and releases the ports. Idempotent. */
    @Override
    void close();
}
