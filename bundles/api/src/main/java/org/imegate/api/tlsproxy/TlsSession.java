package org.imegate.api.tlsproxy;

import javax.net.ssl.SSLSession;

/** An admitted TLS session: the transport reports its handshake and closes it when the connection ends. */
public interface TlsSession extends AutoCloseable {

    /**
     * The handshake completed. Returns the peer's domain (SAN dNSName of the peer certificate, else its
     * CN), which is the calling domain of what arrives on this connection; empty string if the peer sent
     * no certificate.
     */
    String established(SSLSession session);

    /** The handshake failed; {@code reason} is counted (e.g. "untrusted certificate", "protocol"). */
    void failed(String reason);

    /** Releases the session from the licence count. Idempotent. */
    @Override
    void close();
}
