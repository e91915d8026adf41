package org.imegate.ime.jmx;

import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.ImeServerMBean;
import org.imegate.api.validation.ValidationException;
import org.imegate.ime.ImeCounters;
import org.imegate.ime.ImeEngine;
import org.imegate.ime.ImeText;

/**
 * {@code org.imegate:type=ime,name=server}: the counters of catalogue §9.1 "IME Server" under the
 * seed's names, read from the engine, its store and the distributed cache. Registered by the IME
 * server component with the engine it runs.
 */
public final class ImeServerMBeanImpl extends StandardMBean implements ImeServerMBean {
    /** The MBean's ObjectName. */
    public static final String OBJECT_NAME = "org.imegate:type=ime,name=server";

    private final ImeEngine engine;
    private final ImeCounters c;

    public ImeServerMBeanImpl(ImeEngine engine) throws NotCompliantMBeanException {
        super(ImeServerMBean.class);
        this.engine = engine;
        this.c = engine.counters();
    }

    @Override
    public long getClientsRegistered() {
        return engine.registry().clientCount();
    }

    @Override
    public int getIMEDistributedCacheHealth() {
        return engine.environment().cache().health();
    }

    @Override
    public int getIMEDistributedCacheNodeCount() {
        return engine.environment().cache().nodeCount();
    }

    @Override
    public long getIMEDistributedCacheQuota() {
        return engine.quotaLimit();
    }

    @Override
    public long getIMEDistributedCacheQuotaUsed() {
        return engine.registry().quotaUsed();
    }

    @Override
    public long getIMEDistributedCacheReads() {
        return c.cacheReads.sum();
    }

    @Override
    public long getIMEDistributedCacheStoredData() {
        return engine.environment().cache().storedBytes();
    }

    @Override
    public long getIMEDistributedCacheStores() {
        return c.cacheStores.sum();
    }

    @Override
    public long getInternetBandwidthRecv() {
        return engine.bandwidthKbps(true);
    }

    @Override
    public long getInternetBandwidthSend() {
        return engine.bandwidthKbps(false);
    }

    @Override
    public long getTerminatingVCRs() {
        return engine.environment().store().countVcrs(CallDirection.RECEIVED);
    }

    @Override
    public long getOriginatingVCRs() {
        return engine.environment().store().countVcrs(CallDirection.SENT);
    }

    @Override
    public long getValidationAttempts() {
        return c.validationAttempts.sum();
    }

    @Override
    public long getValidationsAwaitingConfirmation() {
        return engine.environment().store().heldResults();
    }

    @Override
    public long getValidationsPending() {
        return engine.environment().store().pendingValidations();
    }

    @Override
    public long getValidationsBlocked() {
        return c.validationsBlocked.sum();
    }

    @Override
    public long getBlockedValidationOrigTLSLimit() {
        return c.blockedOrigTlsLimit.sum();
    }

    @Override
    public long getBlockedValidationTermTLSLimit() {
        return c.blockedTermTlsLimit.sum();
    }

    @Override
    public long getValidationsSucceeded() {
        return c.validationsSucceeded.sum();
    }

    @Override
    public long getValidationsFailed() {
        return c.validationsFailed.sum();
    }

    @Override
    public long getValidatorProtocolErrors() {
        return c.validatorProtocolErrors.sum();
    }

    @Override
    public long getRoutesLearned() {
        return engine.environment().store().learnedRoutes().size();
    }

    @Override
    public long getNotifiesSent() {
        return c.notifiesSent.sum();
    }

    @Override
    public long getVCRUploadRequests() {
        return c.vcrUploadRequests.sum();
    }

    @Override
    public long getVCRsRejected() {
        return c.vcrsRejected.sum();
    }

    @Override
    public long getVCRsDuplicate() {
        return c.vcrsDuplicate.sum();
    }

    @Override
    public long getVCRsCorrelated() {
        return c.vcrsCorrelated.sum();
    }

    @Override
    public long getVAPMalformedMessages() {
        return c.vapMalformed.sum();
    }

    @Override
    public long getVAPAuthenticationFailures() {
        return c.vapAuthFailures.sum();
    }

    @Override
    public long getVAPErrorResponses() {
        return c.vapErrorResponses.sum();
    }

    @Override
    public int getBucketEntropy() {
        return engine.validatorSettings().bucketEntropy();
    }

    @Override
    public void setBucketEntropy(int value) {
        try {
            engine.setValidator("bucketentropy", Integer.toString(value));
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String getVapStatus() {
        return ImeText.vapStatus(engine.clients());
    }

    @Override
    public String getVServiceDetails() {
        return ImeText.vservices(engine.vservices());
    }
}
