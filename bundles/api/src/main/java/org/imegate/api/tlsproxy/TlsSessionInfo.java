package org.imegate.api.tlsproxy;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One row of {@code show tls-proxy session}.
 *
 * @param id         session number
 * @param instance   TLS proxy instance
 * @param role       server (inbound) or client (outbound)
 * @param local      appliance address
 * @param remote     peer address
 * @param state      {@code handshaking}, {@code established}
 * @param protocol   negotiated protocol, e.g. TLSv1.3, or empty
 * @param cipherSuite negotiated suite, or empty
 * @param peerDomain peer certificate domain, or empty
 * @param since      when the session was admitted
 */
public record TlsSessionInfo(long id, String instance, TlsRole role, InetSocketAddress local, InetSocketAddress remote,
        String state, String protocol, String cipherSuite, String peerDomain, Instant since) {
}
