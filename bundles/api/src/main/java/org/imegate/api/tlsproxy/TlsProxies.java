package org.imegate.api.tlsproxy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * The TLS proxy instances ({@code tls-proxy <name>}), their TLS engines and the TLS session
 * accounting against the licence. The SIP transport asks for an engine for every TLS connection it
 * accepts or opens, admits the session before the handshake, and reports how the handshake ended.
 */
public interface TlsProxies {

    /** The configured instances, sorted by name. */
    List<TlsProxyConfig> instances();

    Optional<TlsProxyConfig> instance(String name);

    /**
     * A server-mode engine for a connection accepted for {@code instance}: presents the instance's
     * server trust-point, requires and verifies a client certificate against the authenticated CAs,
     * with the instance's protocols and cipher suites.
     *
     * @throws org.imegate.api.validation.ValidationException if the instance or its trust-point is not usable
     */
    SSLEngine serverEngine(String instance);

    /**
     * A client-mode engine for a connection {@code instance} opens to {@code peer}: presents the
     * client trust-point and verifies the server against the authenticated CAs.
     */
    SSLEngine clientEngine(String instance, InetSocketAddress peer);

    /**
     * Admits a new TLS session before its handshake. Empty when the licence limit is reached: the
     * refusal is counted and alarmed, and the caller closes the connection. Existing sessions are never
     * affected.
     */
    Optional<TlsSession> admit(String instance, TlsRole role, InetSocketAddress local, InetSocketAddress remote);

    /** Every admitted session that is not closed. */
    List<TlsSessionInfo> sessions();

    /** Counters since start. */
    TlsProxyStatistics statistics();

    /** The licence in force. */
    Licence licence();
}
