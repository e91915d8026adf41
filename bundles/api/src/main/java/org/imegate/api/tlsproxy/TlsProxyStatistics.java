package org.imegate.api.tlsproxy;

/**
 * TLS proxy counters since start.
 *
 * @param handshakesCompleted    handshakes that completed
 * @param handshakesFailed       handshakes that failed (bad certificate, protocol, cipher)
 * @param refusedOverLimit       sessions refused because the licence limit was reached
 * @param activeSessions         sessions now
 * @param maximumSessions        the limit in force
 */
public record TlsProxyStatistics(long handshakesCompleted, long handshakesFailed, long refusedOverLimit,
        int activeSessions, int maximumSessions) {
}
