package org.imegate.tls.proxy;

import java.time.Clock;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.validation.ValidationException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS proxy of the appliance. Configuration: PID {@code org.imegate.tls} ({@code ssl.encryption},
 * {@code maximum.sessions}), PID {@code org.imegate.licence} (the licence descriptor) and one factory
 * configuration {@code org.imegate.tls.proxy} per instance. Alerts go to EventAdmin when it is there.
 */
@Component(service = {TlsProxies.class, TlsProxyService.class}, immediate = true,
        configurationPid = {ConfigAdminStore.GLOBAL_PID, ConfigAdminStore.LICENCE_PID})
public class TlsProxyComponent extends TlsProxyService {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProxyComponent.class);

    private final AlertPoster poster;
    private final ServiceRegistration<ManagedServiceFactory> factory;

    @Activate
    public TlsProxyComponent(@Reference PkiService pki, @Reference TrustpointSslContexts contexts,
            @Reference ConfigurationAdmin cm, BundleContext bundle, Map<String, Object> properties) {
        this(pki, contexts, cm, bundle, properties, new AlertPoster());
    }

    private TlsProxyComponent(PkiService pki, TrustpointSslContexts contexts, ConfigurationAdmin cm,
            BundleContext bundle, Map<String, Object> properties, AlertPoster poster) {
        super(pki, contexts, new ConfigAdminStore(cm), Clock.systemUTC(), poster);
        this.poster = poster;
        modified(properties);
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(Constants.SERVICE_PID, ConfigAdminStore.FACTORY_PID);
        this.factory = bundle.registerService(ManagedServiceFactory.class, new Instances(), p);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            applyGlobal(properties);
            LOG.info("TLS proxy: {} sessions at most ({} licence{}), ssl encryption {}", statistics().maximumSessions(),
                    terms().exportClass(), terms().imeLicensed() ? "" : ", no IME licence",
                    sslEncryption().isEmpty() ? "defaults" : String.join(" ", sslEncryption()));
        } catch (ValidationException e) {
            LOG.error("{} / {} refused, previous settings kept: {}", ConfigAdminStore.GLOBAL_PID,
                    ConfigAdminStore.LICENCE_PID, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        factory.unregister();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        poster.unbind(eventAdmin);
    }

    /** The instance configurations, one per {@code tls-proxy <name>}. */
    private final class Instances implements ManagedServiceFactory {
        private final Map<String, String> names = new ConcurrentHashMap<>();

        @Override
        public String getName() {
            return "imegate TLS proxy instances";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            Map<String, Object> p = new HashMap<>();
            for (String key : Collections.list(properties.keys())) {
                p.put(key, properties.get(key));
            }
            try {
                TlsProxyConfig c = TlsProxyRules.fromProperties(p);
                String previous = names.put(pid, c.name());
                if (previous != null && !previous.equals(c.name()) && !names.containsValue(previous)) {
                    dropInstance(previous);
                }
                applyInstance(c);
            } catch (ValidationException e) {
                LOG.error("{} ({}) refused: {}", ConfigAdminStore.FACTORY_PID, pid, e.getMessage());
            }
        }

        @Override
        public void deleted(String pid) {
            String name = names.remove(pid);
            if (name != null && !names.containsValue(name)) {
                dropInstance(name);
            }
        }
    }
}
