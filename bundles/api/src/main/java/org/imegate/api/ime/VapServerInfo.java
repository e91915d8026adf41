package org.imegate.api.ime;

/**
 * One VAP server instance (IME-10..13).
 *
 * @param name              the instance name
 * @param port              TCP port (default 5620)
 * @param mode              authenticated (TCP) or encrypted (TLS)
 * @param enabled           whether it listens
 * @param keepaliveInterval seconds between the keepalives expected from the call agent
 * @param maxConnections    most call agents connected at once
 * @param trustpoint        the trustpoint whose identity an encrypted instance presents
 * @param listening         whether it is listening now
 * @param clients           call agents connected now
 */
public record VapServerInfo(String name, int port, VapAuthMode mode, boolean enabled, int keepaliveInterval,
        int maxConnections, String trustpoint, boolean listening, int clients) {
}
