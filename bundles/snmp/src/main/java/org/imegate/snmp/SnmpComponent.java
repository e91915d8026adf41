package org.imegate.snmp;

import javax.management.MBeanServer;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.snmp.SnmpNotifier;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The appliance's SNMP agent (catalogue §8, UND-14), configured by {@code etc/org.imegate.snmp.cfg} and the
 * {@code org.imegate.snmp.user/community/destination} factory configurations the {@code snmp} commands write.
 * It starts with the appliance; a listener that cannot bind is reported by {@code snmp:show-config} and the log.
 */
@Component(service = {SnmpService.class, SnmpNotifier.class}, immediate = true)
public class SnmpComponent extends SnmpService {

    @Activate
    public SnmpComponent(@Reference SecretBox box, @Reference ConfigurationAdmin cm, @Reference MBeanServer mbeans,
            @Reference NamedInterfaces interfaces, @Reference ApplianceStore applianceStore) {
        super(new CmSnmpStore(cm), box, mbeans, interfaces, applianceStore);
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
