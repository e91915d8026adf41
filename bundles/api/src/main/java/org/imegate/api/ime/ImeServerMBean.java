package org.imegate.api.ime;

/**
 * {@code org.imegate:type=ime,name=server}: the IME server's counters under the seed's names
 * (catalogue §9.1 "IME Server") plus the intake and protocol counters, and the validator's threshold.
 */
public interface ImeServerMBean {

    long getClientsRegistered();

    int getIMEDistributedCacheHealth();

    int getIMEDistributedCacheNodeCount();

    long getIMEDistributedCacheQuota();

    long getIMEDistributedCacheQuotaUsed();

    long getIMEDistributedCacheReads();

    long getIMEDistributedCacheStoredData();

    long getIMEDistributedCacheStores();

    long getInternetBandwidthRecv();

    long getInternetBandwidthSend();

    long getTerminatingVCRs();

    long getOriginatingVCRs();

    long getValidationAttempts();

    long getValidationsAwaitingConfirmation();

    long getValidationsPending();

    long getValidationsBlocked();

    long getBlockedValidationOrigTLSLimit();

    long getBlockedValidationTermTLSLimit();

    long getValidationsSucceeded();

    long getValidationsFailed();

    long getValidatorProtocolErrors();

    long getRoutesLearned();

    long getNotifiesSent();

    /** VCRs offered (UploadVCR requests and inbox lines). */
    long getVCRUploadRequests();

    long getVCRsRejected();

    long getVCRsDuplicate();

    long getVCRsCorrelated();

    /** VAP messages that could not be parsed (answered 400 or dropped with the connection). */
    long getVAPMalformedMessages();

    /** VAP requests refused with 431 or 436. */
    long getVAPAuthenticationFailures();

    /** VAP error responses sent, all codes. */
    long getVAPErrorResponses();

    int getBucketEntropy();

    /** {@code set ime validator local bucketentropy}; a refusal is an IllegalArgumentException with the ERROR text. */
    void setBucketEntropy(int value);

    /** {@code show ime vapstatus summary} as text. */
    String getVapStatus();

    /** {@code show ime vservice details} as text. */
    String getVServiceDetails();
}
