package org.imegate.api.media;

import javax.management.openmbean.TabularData;

/**
 * JMX view of media termination, registered as {@code org.imegate:type=media,name=termination}.
 * Attributes only (open to viewers, {@code etc/jmx.acl.org.imegate.cfg}).
 */
public interface MediaTerminationMBean {

    /** Media sessions open now ("in use"). */
    int getActiveSessions();

    /** Media sessions opened since start. */
    long getSessionsOpened();

    /** {@link MediaTermination#open} calls refused because no port was free. */
    long getSessionsRefused();

    /** RTP packets relayed from one leg to the other, both directions. */
    long getPacketsRelayed();

    /** Packets dropped: remote not known yet, wrong source, not RTP, or not sendable. */
    long getPacketsDropped();

    /** Sessions whose Internet leg is SRTP now (counted against the licence's limit; K8: 250). @since 2.0 */
    int getSrtpSessionsActive();

    /** The most SRTP sessions open at once since start. @since 2.0 */
    int getSrtpSessionsMostUsed();

    /** SRTP negotiations refused at the licence's limit. @since 2.0 */
    long getSrtpSessionsRefused();

    /** The licence's SRTP session limit in force. @since 2.0 */
    int getSrtpSessionLimit();

    /**
     * One row per open session: Id, CallId, Instance, OutsideLocal, OutsideRemote, InsideLocal,
     * InsideRemote (ip/port, empty while unknown), PacketsFromOutside, PacketsToInside,
     * PacketsFromInside, PacketsToOutside, Dropped, Opened, LastPacket (ISO-8601, empty if none).
     */
    TabularData getSessions();

    /**
     * The text of {@code show uc-ime media-sessions [detail]}: with {@code detail}, the seed's per-leg blocks
     * with packet counters, SRTP counters and the RTP monitor's metrics.
     *
     * @since 2.0
     */
    String showMediaSessions(boolean detail);
}
