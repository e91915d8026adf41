package org.imegate.api.media;

import java.util.Map;
import java.util.Optional;

/**
 * A {@code media-termination <name>} instance.
 *
 * @param name          1-64 characters of {@code [A-Za-z0-9_.-]}
 * @param globalAddress the one address used on every interface, if configured that way
 * @param addresses     per named interface (at least outside and inside) when not global
 * @param rtpMinPort    lowest RTP port, 1024-65535 (default 16384)
 * @param rtpMaxPort    highest RTP port, above rtpMinPort (default 32767)
 */
public record MediaTerminationConfig(String name, Optional<String> globalAddress, Map<String, String> addresses,
        int rtpMinPort, int rtpMaxPort) {
    public MediaTerminationConfig {
        addresses = Map.copyOf(addresses);
    }
}
