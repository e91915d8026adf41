package org.imegate.routes.vcr;

import java.util.Map;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.secret.ApplianceStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the route {@code vcr-upload} ({@link VcrUploadRoute}) on the appliance store's {@code ime-inbox}
 * directory while the IME server's {@link VcrIntake} is there: without it the files wait in the inbox.
 * {@code etc/org.imegate.routes.vcr.cfg}: {@code poll.ms}, how often the inbox is looked at (100-60000,
 * default 2000).
 */
@Component(immediate = true, configurationPid = VcrUploadComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
public final class VcrUploadComponent {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VcrUploadComponent.class);
    public static final String PID = "org.imegate.routes.vcr";
    /** The inbox directory under the appliance store. */
    public static final String INBOX = "ime-inbox";

    private final VcrUploadRoute route;

    @Activate
    public VcrUploadComponent(BundleContext context, @Reference VcrIntake intake, @Reference ApplianceStore store,
            @Reference(target = "(component=file)") ComponentResolver file, Map<String, Object> properties)
            throws Exception {
        OsgiDefaultCamelContext camel = new OsgiDefaultCamelContext(context);
        camel.getCamelContextExtension().setName("imegate-vcr-upload");
        this.route = new VcrUploadRoute(camel, store.directory(INBOX), intake, pollMillis(properties));
        route.start();
    }

    static long pollMillis(Map<String, Object> properties) {
        Object v = properties.get("poll.ms");
        if (v == null) {
            return 2000;
        }
        try {
            return org.imegate.api.validation.Validate.parseInt("poll.ms", v.toString().strip(), 100, 60000);
        } catch (org.imegate.api.validation.ValidationException e) {
            LOG.error("{} refused, the inbox is looked at every 2000 ms: {}", PID, e.getMessage());
            return 2000;
        }
    }

    @Deactivate
    void deactivate() {
        route.stop();
    }
}
