package org.imegate.ticket;

import java.util.Map;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketService;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.imegate.api.sip.InspectionLock;
import org.imegate.api.validation.Validate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TicketService} of the appliance, configured by PID {@value TicketConfig#PID}
 * ({@code etc/org.imegate.ticket.cfg}); a change of the file is applied live, a bad file is refused
 * with an ERROR in the log and the keys in force are kept. Alerts go to EventAdmin when it is there.
 */
@Component(service = {TicketService.class, TicketCounters.class}, immediate = true,
        configurationPid = TicketConfig.PID)
public class TicketComponent extends TicketServiceImpl {
    private static final Logger LOG = LoggerFactory.getLogger(TicketComponent.class);

    private final AlertPoster poster;

    @Activate
    public TicketComponent(@Reference SecretBox box, @Reference ConfigurationAdmin cm, Map<String, Object> properties) {
        this(box, cm, properties, new AlertPoster());
    }

    private TicketComponent(SecretBox box, ConfigurationAdmin cm, Map<String, Object> properties, AlertPoster poster) {
        super(box, new TicketConfig(cm), poster);
        this.poster = poster;
        load(properties, false);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        load(properties, true);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile InspectionLock lock;

    /** Refused while the uc-ime proxy is applied to SIP inspection, as every uc-ime setting (UND-19). */
    @Override
    public synchronized void configure(int epoch, char[] password) {
        InspectionLock l = lock;
        if (l != null) {
            l.appliedUcIme().ifPresent(name -> {
                throw Validate.locked("uc-ime", name);
            });
        }
        super.configure(epoch, password);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        poster.unbind(eventAdmin);
    }

}
