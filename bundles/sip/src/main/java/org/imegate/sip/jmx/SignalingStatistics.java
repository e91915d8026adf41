package org.imegate.sip.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.sip.SignalingStatisticsMBean;
import org.imegate.api.sip.TerminationCause;
import org.imegate.sip.inspect.UcImeService;
import org.imegate.sip.proxy.Statistics;
import org.imegate.sip.shell.ShowTexts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=sip,name=uc-ime}: the signaling-session counters with the seed's names. */
@Component(service = {SignalingStatisticsMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=sip,name=uc-ime")
public final class SignalingStatistics extends StandardMBean implements SignalingStatisticsMBean {

    private final UcImeService service;

    @Activate
    public SignalingStatistics(@Reference UcImeService service) throws NotCompliantMBeanException {
        super(SignalingStatisticsMBean.class);
        this.service = service;
    }

    private Statistics s() {
        return service.statistics();
    }

    @Override
    public long getInUse() {
        return s().inUse();
    }

    @Override
    public long getMostUsed() {
        return s().mostUsed();
    }

    @Override
    public long getTerminated() {
        return s().terminated();
    }

    @Override
    public long getTicketIntegrityCheckFailed() {
        return s().count(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED);
    }

    @Override
    public long getTicketDecodeFailed() {
        return s().count(TerminationCause.TICKET_DECODE_FAILED);
    }

    @Override
    public long getTicketEpochMismatch() {
        return s().count(TerminationCause.TICKET_EPOCH_MISMATCH);
    }

    @Override
    public long getTicketDIDMismatch() {
        return s().count(TerminationCause.TICKET_DID_MISMATCH);
    }

    @Override
    public long getTicketTimestampInvalid() {
        return s().count(TerminationCause.TICKET_TIMESTAMP_INVALID);
    }

    @Override
    public long getTicketDomainCheckFailed() {
        return s().count(TerminationCause.TICKET_DOMAIN_CHECK_FAILED);
    }

    @Override
    public long getTicketNotFound() {
        return s().count(TerminationCause.TICKET_NOT_FOUND);
    }

    @Override
    public long getRouteDomainNameCheckFailed() {
        return s().count(TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED);
    }

    @Override
    public long getRTPOverUCIME() {
        return s().count(TerminationCause.RTP_OVER_UC_IME);
    }

    @Override
    public long getVerificationFailures() {
        return s().verificationFailures();
    }

    @Override
    public String showStatistics() {
        return s().show();
    }

    @Override
    public String showSessions() {
        return ShowTexts.signalingSessions(service);
    }
}
