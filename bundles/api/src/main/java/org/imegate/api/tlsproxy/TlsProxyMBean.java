package org.imegate.api.tlsproxy;

import javax.management.openmbean.TabularData;

/**
 * {@code org.imegate:type=tls,name=proxy}: TLS proxy instances and session accounting over JMX. Operations
 * apply the same validation as the {@code tls-proxy} shell scope; a refusal reaches the client as an
 * IllegalArgumentException carrying the {@code ERROR: ...} message.
 */
public interface TlsProxyMBean {

    /** TLS proxy sessions now admitted. */
    int getActiveSessions();

    /** The limit in force (configured {@code maximum-sessions}, capped by the licence). */
    int getMaximumSessions();

    long getHandshakesCompleted();

    long getHandshakesFailed();

    /** Sessions refused because the licence limit was reached (or no IME licence is installed). */
    long getRefusedOverLimit();

    /** Handshake failures by reason: Reason, Count. */
    TabularData getHandshakeFailureReasons();

    /** The instances: Name, ServerTrustpoint, ClientTrustpoint, ClientCipherSuites. */
    TabularData getInstances();

    /** The sessions: Id, Instance, Role, Local, Remote, State, Protocol, CipherSuite, PeerDomain, Since. */
    TabularData getSessions();

    /** {@code tls-proxy maximum-sessions <n>}. */
    void maximumSessions(int sessions);

    /**
     * {@code tls-proxy <name>} with its sub-commands; empty or null arguments leave the field as it is
     * ({@code clientCipherSuites}: space-separated names).
     */
    void defineInstance(String name, String serverTrustpoint, String clientTrustpoint, String clientCipherSuites);

    /** {@code no tls-proxy <name>}. */
    void removeInstance(String name);

    /** {@code ssl encryption <suite> ...} (space-separated names); empty restores the defaults. */
    void sslEncryption(String suites);
}
