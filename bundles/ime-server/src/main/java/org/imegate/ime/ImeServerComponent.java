package org.imegate.ime;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.ImeServerMBean;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.ime.store.ImeStore;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.validation.ValidationException;
import org.imegate.ime.jmx.ImeServerMBeanImpl;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IME server of the appliance: builds an {@link ImeEngine} from the registry's services and the
 * configuration ({@code etc/org.imegate.ime.cfg}, {@code etc/org.imegate.ime.vapserver-<name>.cfg}),
 * and registers it as {@link ImeServer} and {@link VcrIntake}, with its MBeans
 * {@value ImeServerMBeanImpl#OBJECT_NAME} and {@code org.imegate:type=ring,name=cache}. Event alerts
 * (InvalidCredentials, InvalidCertificate) go to EventAdmin when it is there; the counter alerts
 * (ValidationsPendingExceeded, IMEDistributedCacheFailure) are raised by the alert engine from these MBeans.
 */
@Component(immediate = true, configurationPid = ImeSettings.PID)
public class ImeServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ImeServerComponent.class);

    private final AlertPoster poster = new AlertPoster();
    private final ImeEngine engine;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final ConfigurationAdmin cm;

    @Activate
    public ImeServerComponent(BundleContext context, @Reference ImeStore store,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) DistributedCache cache,
            @Reference TicketService tickets, @Reference SecretBox box, @Reference ConfigurationAdmin cm,
            @Reference NamedInterfaces interfaces, @Reference TrustpointSslContexts tls,
            Map<String, Object> properties) throws IOException, NotCompliantMBeanException {
        this.cm = cm;
        ConfigAdminImeStore config = new ConfigAdminImeStore(cm);
        Map<String, VapServerConfig> vap = new java.util.TreeMap<>();
        for (Configuration c : config.all()) {
            try {
                VapServerConfig v = VapServerConfig.of(map(c.getProperties()));
                vap.put(v.name(), v);
            } catch (ValidationException e) {
                LOG.error("VAP server configuration {} refused: {}", c.getPid(), e.getMessage());
            }
        }
        ImeEngine.Environment env = new ImeEngine.Environment(store, cache, tickets, box, config,
                name -> interfaces.require("interface", name).address(), tls::sslContext, poster, Clock.systemUTC());
        this.engine = new ImeEngine(env, settings(properties), new ArrayList<>(vap.values()));
        engine.start();
        registrations.add(context.registerService(new String[] {ImeServer.class.getName(), VcrIntake.class.getName()},
                engine, new Hashtable<>(Map.of("cache.backend", cache.backend()))));
        registrations.add(context.registerService(new String[] {ImeServerMBean.class.getName(),
            DynamicMBean.class.getName()}, new ImeServerMBeanImpl(engine),
                new Hashtable<>(Map.of("jmx.objectname", ImeServerMBeanImpl.OBJECT_NAME))));
        registrations.add(context.registerService(new String[] {
            org.imegate.api.ime.cache.DistributedCacheMBean.class.getName(), DynamicMBean.class.getName()},
                new org.imegate.ime.jmx.DistributedCacheMBeanImpl(engine),
                new Hashtable<>(Map.of("jmx.objectname", org.imegate.ime.jmx.DistributedCacheMBeanImpl.OBJECT_NAME))));
        LOG.info("IME server started: {} VAP server(s), store {}, distributed cache {}", vap.size(), store.backend(),
                cache.backend());
    }

    private static ImeSettings settings(Map<String, ?> properties) {
        try {
            return ImeSettings.of(properties);
        } catch (ValidationException e) {
            LOG.error("{} refused, defaults in force: {}", ImeSettings.PID, e.getMessage());
            return ImeSettings.defaults();
        }
    }

    private static Map<String, Object> map(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        if (d != null) {
            for (String k : Collections.list(d.keys())) {
                m.put(k, d.get(k));
            }
        }
        return m;
    }

    /**
     * A change of {@code etc/org.imegate.ime.cfg}. The configuration is read again from ConfigAdmin: the
     * event's copy may be older than what a command has saved since.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            Dictionary<String, Object> current = cm.getConfiguration(ImeSettings.PID, null).getProperties();
            engine.reload(ImeSettings.of(current == null ? properties : map(current)));
        } catch (IOException e) {
            LOG.error("{} cannot be read, settings in force kept: {}", ImeSettings.PID, e.getMessage());
        } catch (ValidationException e) {
            LOG.error("{} refused, settings in force kept: {}", ImeSettings.PID, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        poster.unbind(eventAdmin);
    }
}
