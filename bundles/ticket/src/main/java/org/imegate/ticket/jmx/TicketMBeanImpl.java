package org.imegate.ticket.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketMBean;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.validation.ValidationException;
import org.imegate.ticket.TicketCounters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code org.imegate:type=ticket,name=verifier}: epoch, counters and {@code configure} over JMX, with the
 * same validation as the shell (errors reach the client as IllegalArgumentException with the same message).
 */
@Component(service = {TicketMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=ticket,name=verifier")
public final class TicketMBeanImpl extends StandardMBean implements TicketMBean {

    private final TicketService tickets;
    private final TicketCounters counters;

    @Activate
    public TicketMBeanImpl(@Reference TicketService tickets, @Reference TicketCounters counters)
            throws NotCompliantMBeanException {
        super(TicketMBean.class);
        this.tickets = tickets;
        this.counters = counters;
    }

    @Override
    public int getEpoch() {
        return tickets.epoch().orElse(0);
    }

    @Override
    public boolean isConfigured() {
        return tickets.configured();
    }

    @Override
    public long getVerifications() {
        return counters.verifications();
    }

    @Override
    public long getValid() {
        return counters.valid();
    }

    @Override
    public long getTicketIntegrityCheckFailed() {
        return counters.failures(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED);
    }

    @Override
    public long getTicketDecodeFailed() {
        return counters.failures(TerminationCause.TICKET_DECODE_FAILED);
    }

    @Override
    public long getTicketEpochMismatch() {
        return counters.failures(TerminationCause.TICKET_EPOCH_MISMATCH);
    }

    @Override
    public long getTicketDIDMismatch() {
        return counters.failures(TerminationCause.TICKET_DID_MISMATCH);
    }

    @Override
    public long getTicketTimestampInvalid() {
        return counters.failures(TerminationCause.TICKET_TIMESTAMP_INVALID);
    }

    @Override
    public long getTicketDomainCheckFailed() {
        return counters.failures(TerminationCause.TICKET_DOMAIN_CHECK_FAILED);
    }

    @Override
    public long getTicketNotFound() {
        return counters.failures(TerminationCause.TICKET_NOT_FOUND);
    }

    @Override
    public long getRouteDomainNameCheckFailed() {
        return counters.failures(TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED);
    }

    @Override
    public void configure(int epoch, String password) {
        char[] chars = password == null ? new char[0] : password.toCharArray();
        try {
            tickets.configure(epoch, chars);
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }
}
