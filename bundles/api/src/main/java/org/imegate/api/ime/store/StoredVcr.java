package org.imegate.api.ime.store;

import java.time.Instant;
import java.util.Objects;
import org.imegate.api.ime.VoiceCallRecord;

/**
 * A VCR as stored.
 *
 * @param id       its id
 * @param vcr      the record
 * @param received when it was acknowledged
 * @param queued   whether a validation was scheduled for it
 */
public record StoredVcr(long id, VoiceCallRecord vcr, Instant received, boolean queued) {
    public StoredVcr {
        Objects.requireNonNull(vcr, "vcr");
        Objects.requireNonNull(received, "received");
    }
}
