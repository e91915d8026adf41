package org.imegate.api.media;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

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

    /**
     * The SDES {@code a=crypto} attribute values (RFC 4568, without {@code a=crypto:}) to put in an offer
     * sent toward the Internet peer: one per supported suite, each with the appliance's own key.
     *
     * @throws MediaNegotiationException when the SRTP session limit is reached
     * @since 2.0
     */
    List<String> srtpOffer() throws MediaNegotiationException;

    /**
     * The Internet peer's answer to {@link #srtpOffer()}: its {@code a=crypto} attribute values.
     *
     * @throws MediaNegotiationException when the answer has no usable crypto attribute for an offered tag
     * @since 2.0
     */
    void srtpAnswered(List<String> crypto) throws MediaNegotiationException;

    /**
     * Answers the Internet peer's SRTP offer: picks the first acceptable of its {@code a=crypto} attribute
     * values and returns the one to put in the answer sent back to it.
     *
     * @throws MediaNegotiationException when none is acceptable or the SRTP session limit is reached
     * @since 2.0
     */
    String srtpAnswer(List<String> crypto) throws MediaNegotiationException;

    /**
     * The value last returned by {@link #srtpAnswer(List)}, for the answer that travels back toward the
     * Internet peer.
     *
     * @since 2.0
     */
    Optional<String> srtpAnswerLine();

    /** Counters and addresses now. */
    MediaSessionInfo info();

    /** Stops the relay and releases the ports. Idempotent. */
    @Override
    void close();
}
