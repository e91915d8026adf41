package org.imegate.fallback;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.fallback.FallbackSensitivity;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback sensitivity modules of the appliance: publishes Disable and levels 1-5 from
 * {@code etc/ime-fallback-sensitivity.fbs} as {@link FallbackSensitivity} services, and, as File Install's
 * {@link ArtifactInstaller}, applies the {@code .fbs} files dropped into {@code deploy/} (UND-04). Alerts go to
 * EventAdmin; those raised before it is bound are posted when it is.
 */
@Component(service = {ArtifactInstaller.class, FallbackModules.class}, immediate = true,
        configurationPid = FallbackModules.UC_IME_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FallbackModules implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackModules.class);
    /** Alerts kept while no EventAdmin is bound. */
    private static final int EARLY_ALERTS = 16;

    private final BundleContext bundle;
    private final AlertPoster poster = new AlertPoster();
    private final List<Alert> early = new ArrayList<>();
    private boolean eventAdminBound;
    private final ModuleRegistry registry;
    private final FbsDeployer deployer;

    /** The uc-ime proxy's configuration, which names the sensitivity file ({@value #SENSITIVITY_FILE_KEY}). */
    static final String UC_IME_PID = "org.imegate.sip.ucime";
    static final String SENSITIVITY_FILE_KEY = "fallback.sensitivity.file";

    /** The {@code fallback sensitivity-file} in force, or null for the built-in file. */
    private String sensitivityFile;

    @Activate
    public FallbackModules(BundleContext bundle, Map<String, Object> properties) throws IOException {
        this.bundle = bundle;
        this.registry = new ModuleRegistry(this::register);
        this.deployer = new FbsDeployer(registry, alerts());
        Path etc = etc(FbsDeployer.BUILTIN_FILE);
        InputStream bundled = FallbackModules.class.getResourceAsStream(FbsDeployer.BUILTIN_FILE);
        if (bundled == null) {
            throw new IllegalStateException(FbsDeployer.BUILTIN_FILE + " is missing from the bundle");
        }
        deployer.start(etc, bundled);
        modified(properties);
    }

    private static Path etc(String name) {
        return Paths.get(System.getProperty("karaf.etc", "etc"), name);
    }

    /**
     * The uc-ime configuration changed: when its {@code fallback sensitivity-file} changed, that file in
     * {@code etc/} becomes the base of levels 1-5 (without it, the built-in file does again).
     */
    @Modified
    synchronized void modified(Map<String, Object> properties) throws IOException {
        Object v = properties.get(SENSITIVITY_FILE_KEY);
        String wanted = v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).trim();
        if (java.util.Objects.equals(wanted, sensitivityFile)) {
            return;
        }
        if (wanted == null) {
            InputStream bundled = FallbackModules.class.getResourceAsStream(FbsDeployer.BUILTIN_FILE);
            deployer.start(etc(FbsDeployer.BUILTIN_FILE), bundled);
            sensitivityFile = null;
        } else if (!wanted.contains("/") && !wanted.contains("\\") && deployer.base(etc(wanted))) {
            sensitivityFile = wanted;
        }
    }

    /** The {@code fallback sensitivity-file} in force, empty for the built-in file. */
    public synchronized java.util.Optional<String> sensitivityFile() {
        return java.util.Optional.ofNullable(sensitivityFile);
    }

    @Deactivate
    void deactivate() {
        registry.stop();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
        List<Alert> pending;
        synchronized (early) {
            eventAdminBound = true;
            pending = new ArrayList<>(early);
            early.clear();
        }
        pending.forEach(poster);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        synchronized (early) {
            eventAdminBound = false;
        }
        poster.unbind(eventAdmin);
    }

    private Consumer<Alert> alerts() {
        return alert -> {
            synchronized (early) {
                if (!eventAdminBound) {
                    if (early.size() < EARLY_ALERTS) {
                        early.add(alert);
                    }
                    return;
                }
            }
            poster.accept(alert);
        };
    }

    private ModuleRegistry.Registration register(ThresholdModule module) {
        ServiceRegistration<FallbackSensitivity> r = bundle.registerService(FallbackSensitivity.class, module,
                module.serviceProperties());
        return r::unregister;
    }

    // File Install

    @Override
    public boolean canHandle(File artifact) {
        return deployer.canHandle(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        deployer.load(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        deployer.load(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        deployer.unload(artifact.toPath());
    }

    // the view of the shell and the MBean

    /**
     * Per level, the module in force in the service registry (this bundle's or another's, as OSGi ranks them),
     * the way the RTP monitor finds it.
     */
    public List<ModuleRow> inForce() {
        Collection<ServiceReference<FallbackSensitivity>> refs;
        try {
            refs = bundle.getServiceReferences(FallbackSensitivity.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        TreeMap<Integer, ServiceReference<FallbackSensitivity>> best = new TreeMap<>();
        TreeMap<Integer, ModuleRow> rows = new TreeMap<>();
        for (ServiceReference<FallbackSensitivity> ref : refs) {
            FallbackSensitivity s = bundle.getService(ref);
            if (s == null) {
                continue;
            }
            try {
                int level = s.level().value();
                ServiceReference<FallbackSensitivity> current = best.get(level);
                if (current == null || ref.compareTo(current) > 0) {
                    best.put(level, ref);
                    Object module = ref.getProperty(FallbackSensitivity.MODULE);
                    rows.put(level, new ModuleRow(level, s.name(), s.source(), module == null ? "" : module.toString(),
                            s.thresholds()));
                }
            } catch (RuntimeException e) {
                LOG.warn("fallback sensitivity service {} cannot be shown", ref.getProperty("service.id"), e);
            } finally {
                bundle.ungetService(ref);
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** The last refused file and why, or "". */
    public String lastRefusal() {
        return deployer.lastRefusal();
    }
}
