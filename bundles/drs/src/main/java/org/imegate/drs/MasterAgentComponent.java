package org.imegate.drs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.config.EtcFiles;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Master Agent as a DS component, configured by {@code etc/org.imegate.drs.cfg}. Its clock is the system's,
 * unless a {@link Clock} service with {@code imegate.clock=drs} is registered (a site time source, or a test that
 * moves time); it is also the {@code drs} component of every backup.
 */
@Component(service = {MasterAgent.class, DrsComponent.class}, immediate = true, configurationPid = DrsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DrsConfig.class)
public final class MasterAgentComponent extends MasterAgentCore {
    /** Service property selecting the clock the DRS scheduler follows. */
    public static final String CLOCK_FILTER = "(imegate.clock=drs)";
    /** Manifest header with the product version an archive records and a restore compares. */
    public static final String VERSION_HEADER = "Imegate-Product-Version";

    private final Wiring wiring;
    private Path localDirectory;

    /** What the dynamic references bind, readable by the core through suppliers. */
    private static final class Wiring {
        final AlertPoster poster = new AlertPoster();
        volatile LocalAgent agent;
        volatile Clock clock;

        Clock clock() {
            Clock c = clock;
            return c != null ? c : Clock.systemDefaultZone();
        }
    }

    @Activate
    public MasterAgentComponent(@Reference ApplianceStore store, @Reference SecretBox box,
            @Reference ConfigurationAdmin cm, BundleContext context, DrsConfig config) {
        this(store, box, cm, context, config, new Wiring());
    }

    private MasterAgentComponent(ApplianceStore store, SecretBox box, ConfigurationAdmin cm, BundleContext context,
            DrsConfig config, Wiring wiring) {
        super(store.directory("drs"), LocalAgentComponent.localDirectory(config), logDirectory(), box,
                sealed -> save(cm, sealed), () -> wiring.agent, wiring::clock, new Alarms(wiring.poster, TRACE),
                version(context), Hostnames.local(), config.security_password(), NETWORK_TIMEOUT);
        this.wiring = wiring;
        this.localDirectory = LocalAgentComponent.localDirectory(config);
        startScheduler(config.scheduler_tick_seconds());
    }

    static String version(BundleContext context) {
        String v = context.getBundle().getHeaders().get(VERSION_HEADER);
        return v == null || v.isBlank() ? context.getBundle().getVersion().toString() : v;
    }

    static Path logDirectory() {
        String log = System.getProperty("karaf.log");
        Path base = log != null ? Paths.get(log) : Paths.get(System.getProperty("karaf.data", "data"), "log");
        return base.resolve("drf").resolve("log").toAbsolutePath();
    }

    private static void save(ConfigurationAdmin cm, String sealed) {
        try {
            Configuration cfg = cm.getConfiguration(DrsConfig.PID, null);
            Dictionary<String, Object> p = cfg.getProperties();
            if (p == null) {
                p = new Hashtable<>();
            }
            p.put(DrsConfig.SECURITY_PASSWORD, sealed);
            EtcFiles.save(cfg, DrsConfig.PID, null, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save " + DrsConfig.PID + ": " + e.getMessage(), e);
        }
    }

    @Modified
    void modified(DrsConfig config) {
        securityPasswordFromConfiguration(config.security_password());
        startScheduler(config.scheduler_tick_seconds());
        Path local = LocalAgentComponent.localDirectory(config);
        if (!local.equals(localDirectory)) {
            TRACE.warn("local.directory changed to {}: the Master Agent uses it after the next restart", local);
        }
    }

    @Deactivate
    void deactivate() {
        close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLocalAgent(LocalAgent agent) {
        wiring.agent = agent;
        TRACE.info("Master Agent connected to the Local Agent");
    }

    void unbindLocalAgent(LocalAgent agent) {
        if (wiring.agent == agent) {
            wiring.agent = null;
            localAgentGone(agent);
            TRACE.info("Master Agent lost the Local Agent");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = CLOCK_FILTER)
    void bindClock(Clock clock) {
        wiring.clock = clock;
        TRACE.info("scheduler follows clock {}", clock);
    }

    void unbindClock(Clock clock) {
        if (wiring.clock == clock) {
            wiring.clock = null;
            TRACE.info("scheduler follows the system clock");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        wiring.poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        wiring.poster.unbind(eventAdmin);
    }
}
