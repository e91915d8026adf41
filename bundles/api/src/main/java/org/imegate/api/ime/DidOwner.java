package org.imegate.api.ime;

import java.time.Instant;

/**
 * An IME server that published a number into the distributed cache ({@code utils ime fetch did}).
 *
 * @param peerId           its peer ID (hex)
 * @param vserviceId       the VService it published the number for
 * @param validatorAddress where its validator listens ({@code host:port})
 * @param expires          when the entry leaves the ring
 */
public record DidOwner(String peerId, long vserviceId, String validatorAddress, Instant expires) {
}
