package org.imegate.api.ime;

/**
 * The validator's rules (IME-41..48, UND-07, UND-08, UND-09).
 *
 * @param bucketEntropy       bucket threshold: routes are passed on when a bucket's value exceeds it (0-255, default 23)
 * @param minIntervalMinutes  minimum time between validations of one called number (default 60)
 * @param maxDelaySeconds     a validation is attempted at random between 30 s (or less if this is lower) and this after the VCR
 * @param toleranceSeconds    time window within which both sides' start/stop times must fall (default 10)
 * @param retentionDays       how long terminating VCRs are kept to answer validations (default 7)
 * @param maxConcurrent       TLS validation sessions at once, per direction (TLSValidationThreshold, default 20)
 * @param maxPerSecond        new TLS validation sessions per second, per direction (default 5)
 */
public record ValidatorSettings(int bucketEntropy, int minIntervalMinutes, int maxDelaySeconds,
        int toleranceSeconds, int retentionDays, int maxConcurrent, int maxPerSecond) {

    /** The validations of value 8 it takes to exceed the threshold (the seed's "validations required"). */
    public int validationsRequired() {
        return bucketEntropy / 8 + 1;
    }
}
