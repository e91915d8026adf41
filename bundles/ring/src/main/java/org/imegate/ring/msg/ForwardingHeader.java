package org.imegate.ring.msg;

import java.util.List;

/**
 * The RELOAD forwarding header (RFC 6940 §6.3.2): overlay hash, configuration sequence, TTL,
 * transaction ID, maximum response length, via list and destination list. The version is 1.0
 * (0x0a) and the fragment field always says "not fragmented, last fragment"; no forwarding options.
 */
public record ForwardingHeader(int overlay, int configurationSequence, int ttl, long transactionId,
        int maxResponseLength, List<Destination> via, List<Destination> destinations) {

    /** "RELO" with the high bit set (RFC 6940 §6.3.2). */
    public static final int RELO_TOKEN = 0xd2454c4f;
    public static final int VERSION = 0x0a;
    /** Unfragmented: high bit set, last-fragment bit set, offset 0. */
    public static final long FRAGMENT = 0xc0000000L;
    /** Initial TTL (RFC 6940 initial-ttl default 100). */
    public static final int INITIAL_TTL = 100;

    public ForwardingHeader {
        via = List.copyOf(via);
        destinations = List.copyOf(destinations);
    }
}
