package org.imegate.sip.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.imegate.sip.config.Ucm;

/**
 * Opens (or reuses) connections for the proxy core. Both return at once with a connection that queues
 * what is sent until it is established; when it cannot be established the core is told through
 * {@link SipProxy#connectionClosed(Connection, boolean)}.
 */
public interface Connector {

    /** A TLS connection to a remote enterprise, presenting the outbound TLS proxy's client trust-point. */
    Connection outside(InetSocketAddress peer);

    /** As {@link #outside(InetSocketAddress)}, from the local address {@code source}. */
    default Connection outside(InetSocketAddress peer, InetAddress source) {
        return outside(peer);
    }

    /** A TCP or TLS connection (per trunk security mode) to a call agent node. */
    Connection inside(Ucm ucm);
}
