package org.imegate.sip.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where requests received on a mapped address of the off-path mapping service go: the remote
 * enterprise's global address the call agent asked to map, reached over TLS from {@code source} (the
 * address of the mapping service's uc-ime interface).
 */
public record MappedTarget(InetSocketAddress remote, InetAddress source) {
}
