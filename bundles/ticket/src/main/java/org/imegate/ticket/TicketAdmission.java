package org.imegate.ticket;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.sip.Admission;
import org.imegate.api.sip.InboundInvite;
import org.imegate.api.sip.InviteAdmission;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.ticket.TicketVerdict;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket gate on initial inbound INVITEs (TKT-07, UND-01): builds the {@link TicketCheck} from the
 * INVITE (the {@code X-Cisco-UC-IME-Ticket} header, the Request-URI user part, the calling domain and
 * the hosts of From, Contact and Record-Route) and refuses it when the ticket is not valid, with
 * {@value TicketConfig#FAILURE_STATUS} (default 403 Forbidden) or, with
 * {@value TicketConfig#FAILURE_ACTION}{@code = drop}, silently as the seed's ASA does.
 */
@Component(service = InviteAdmission.class, configurationPid = TicketConfig.PID)
public class TicketAdmission implements InviteAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(TicketAdmission.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    static final int DEFAULT_STATUS = 403;

    /** What to do with an INVITE whose ticket is refused. */
    enum FailureAction { REJECT, DROP }

    private final TicketService tickets;
    private final Clock clock;
    private volatile int status = DEFAULT_STATUS;

    @Activate
    public TicketAdmission(@Reference TicketService tickets, Map<String, Object> properties) {
        this(tickets, Clock.systemUTC(), properties);
    }

    TicketAdmission(TicketService tickets, Clock clock, Map<String, ?> properties) {
        this.tickets = tickets;
        this.clock = clock;
        modified(properties);
    }

    @Modified
    void modified(Map<String, ?> properties) {
        try {
            Object a = properties.get(TicketConfig.FAILURE_ACTION);
            Object s = properties.get(TicketConfig.FAILURE_STATUS);
            FailureAction action = a == null ? FailureAction.REJECT
                    : Validate.oneOf(TicketConfig.FAILURE_ACTION, String.valueOf(a), FailureAction.class);
            int code = s == null ? DEFAULT_STATUS
                    : Validate.parseInt(TicketConfig.FAILURE_STATUS, String.valueOf(s), 400, 699);
            status = action == FailureAction.DROP ? 0 : code;
        } catch (ValidationException e) {
            LOG.error("{} refused, ticket failure action kept ({}): {}", TicketConfig.PID,
                    status == 0 ? "drop" : "reject " + status, e.getMessage());
        }
    }

    /** The response code of a refusal, 0 when refused INVITEs are dropped. */
    int status() {
        return status;
    }

    @Override
    public Admission admit(InboundInvite invite) {
        TicketVerdict v = tickets.verify(check(invite, clock));
        if (v.valid()) {
            return Admission.admit();
        }
        AUDIT.info("inbound INVITE {} from {} refused: {} ({})", TicketCodec.safe(invite.callId()),
                TicketCodec.safe(invite.callingDomain()), v.cause().label(), v.reason());
        return Admission.refuse(status, v.reason(), v.cause());
    }

    /** The ticket check of {@code invite}. */
    static TicketCheck check(InboundInvite invite, Clock clock) {
        List<String> hosts = new ArrayList<>();
        addHost(hosts, invite.fromUri());
        addHost(hosts, invite.contactUri());
        for (String rr : invite.recordRoutes()) {
            addHost(hosts, rr);
        }
        return new TicketCheck(header(invite.headers()), SipUris.user(invite.requestUri()), invite.callingDomain(),
                hosts, clock.instant());
    }

    private static void addHost(List<String> hosts, String uri) {
        if (uri == null || uri.isBlank()) {
            return;
        }
        String host = SipUris.host(uri);
        // an unparseable URI names no host in the calling domain: it fails the route check
        hosts.add(host.isEmpty() ? "(unparseable URI)" : host);
    }

    private static String header(Map<String, List<String>> headers) {
        List<String> values = headers.get("x-cisco-uc-ime-ticket");
        if (values == null) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(TicketService.HEADER)) {
                    values = e.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
