package org.imegate.api.ime;

import java.util.Objects;

/**
 * The answer to one VCR submission.
 *
 * @param outcome what became of it
 * @param id      the stored record's id, 0 when it was not stored
 * @param reason  operator text (the rule that refused it), "" when accepted
 */
public record VcrResult(VcrOutcome outcome, long id, String reason) {

    public VcrResult {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    /** Whether the VCR is durably stored (now or before). */
    public boolean stored() {
        return outcome != VcrOutcome.REJECTED;
    }
}
