package org.imegate.api.ime.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduled validation of an originating VCR.
 *
 * @param id       its id
 * @param vcr      the VCR to validate
 * @param due      when it is to be attempted
 * @param attempts attempts made so far (peers unreachable, TLS limit reached)
 */
public record PendingValidation(long id, StoredVcr vcr, Instant due, int attempts) {
    public PendingValidation {
        Objects.requireNonNull(vcr, "vcr");
        Objects.requireNonNull(due, "due");
    }
}
