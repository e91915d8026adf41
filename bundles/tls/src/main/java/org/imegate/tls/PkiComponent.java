package org.imegate.tls;

import java.time.Clock;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The PKI service of the appliance: a {@link PkiStore} in the {@code tls} directory of the appliance
 * store, sealed with the master key, offered as {@link PkiService} and {@link TrustpointSslContexts}.
 */
@Component(service = {PkiService.class, TrustpointSslContexts.class})
public class PkiComponent extends PkiStore {

    @Activate
    public PkiComponent(@Reference ApplianceStore store, @Reference SecretBox box) {
        super(store.directory("tls"), box, Clock.systemUTC());
    }
}
