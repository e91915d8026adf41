package org.imegate.api.media;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.imegate.api.rtpmonitor.FallbackListener;

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

    /**
     * Watches the stream received from the Internet peer (catalogue §4, UND-03): every packet that passes the
     * SRTP check goes to the RTP monitor, which tells {@code listener} once when the call must fall back to
     * the PSTN. Sensitivity 0 (Disable, or no {@code X-Cisco-UC-IME-Fallback} header) shows the stream as
     * {@code RTP monitoring is disabled}. Calling it again replaces the parameters. While the RTP monitor
     * service is not running the parameters are kept, and monitoring starts when it comes (back).
     *
     * @param sensitivity 0-5 (UND-05)
     * @param ptimeMs     {@code a=ptime} of the stream, 0 when not signalled
     * @param clockRate   RTP clock rate of the payload, Hz
     * @param listener    told on a monitor thread; must not block
     * @throws org.imegate.api.validation.ValidationException for a value out of range
     * @since 2.0
     */
    void monitor(int sensitivity, int ptimeMs, int clockRate, FallbackListener listener);

    /** Counters and addresses now. */
    MediaSessionInfo info();

    /** Stops the relay and releases the ports. Idempotent. */
    @Override
    void close();
}
