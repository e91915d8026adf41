package org.imegate.sip.proxy;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.imegate.sip.message.SipMessage;

/** A SIP connection of the transport, as the proxy core sees it. */
public interface Connection {

    Leg leg();

    /** The appliance's end. */
    InetSocketAddress local();

    /** The peer's end (for a connection being opened: where it is going). */
    InetSocketAddress remote();

    /** {@code TCP} or {@code TLS}. */
    String transport();

    /** The TLS peer certificate's domain (SAN dNSName, else CN); empty for TCP or before the handshake. */
    String peerDomain();

    /** Whether the connection is open or still being opened. */
    boolean isOpen();

    /** Queues a message; messages are written in the order they were sent. */
    void send(SipMessage message);

    void close();

    /**
     * For a connection accepted on a mapped address of the off-path mapping service: the remote enterprise
     * its requests go to, whatever their Request-URI says. Empty for every other connection.
     */
    default Optional<MappedTarget> mapped() {
        return Optional.empty();
    }
}
