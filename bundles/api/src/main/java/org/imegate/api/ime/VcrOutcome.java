package org.imegate.api.ime;

/** What became of an uploaded VCR. */
public enum VcrOutcome {
    /** Stored durably; an originating VCR is scheduled for validation. */
    ACCEPTED,
    /** Stored durably, but not validated: another VCR to the same number is within the minimum interval (IME-43). */
    CORRELATED,
    /** Already stored: same direction, called and calling number and start time. */
    DUPLICATE,
    /** Refused and not stored (a number not in +E.164, stop before start, an unknown VService...). */
    REJECTED
}
