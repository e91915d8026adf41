package org.imegate.api.tlsproxy;

import java.util.List;
import java.util.Optional;

/**
 * A {@code tls-proxy <name>} instance.
 *
 * @param name             1-64 characters of {@code [A-Za-z0-9_.-]}
 * @param serverTrustpoint identity presented when the peer connects ({@code server trust-point})
 * @param clientTrustpoint identity presented when the appliance connects ({@code client trust-point})
 * @param clientCipherSuites seed names ({@code aes128-sha1}, ...) of {@code client cipher-suite}, in order;
 *                         empty means the {@code ssl encryption} list / modern defaults
 */
public record TlsProxyConfig(String name, Optional<String> serverTrustpoint, Optional<String> clientTrustpoint,
        List<String> clientCipherSuites) {
    public TlsProxyConfig {
        clientCipherSuites = List.copyOf(clientCipherSuites);
    }
}
