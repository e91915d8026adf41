package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.ops4j.pax.exam.util.Filter;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointSslContexts;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the built distribution and checks, inside the container, that the appliance came up whole:
 * features installed, bundles active, DS components satisfied, services registered, nothing refreshed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeaturesIT {

    /** What the appliance is made of today; every later imegate feature/bundle is checked too. */
    private static final Set<String> EXPECTED_FEATURES = Set.of("imegate", "imegate-api", "imegate-platform",
            "imegate-bouncycastle", "imegate-tls", "imegate-netty", "imegate-media", "imegate-sip", "imegate-ticket",
            "imegate-rtp-monitor", "imegate-fallback", "imegate-snmp4j", "imegate-snmp", "imegate-alerts", "imegate-camel",
            "imegate-mail", "imegate-routes", "imegate-drs", "imegate-jdbc", "imegate-ime-server");
    private static final Set<String> EXPECTED_BUNDLES = Set.of("org.imegate.api", "org.imegate.platform",
            "org.imegate.tls", "org.imegate.media", "org.imegate.sip", "org.imegate.ticket", "org.imegate.rtpmonitor",
            "org.imegate.fallback", "org.imegate.snmp", "org.imegate.alerts", "org.imegate.routes", "org.imegate.drs",
            "org.imegate.ime");

    @Rule
    public Timeout timeout = new Timeout(ImegateKarafSupport.TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);

    /** Registered by Karaf once every boot feature is installed and started. */
    @Inject
    @Filter(timeout = 120_000)
    BootFinished bootFinished;

    @Inject
    BundleContext bundleContext;

    @Inject
    FeaturesService featuresService;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return ImegateKarafSupport.options();
    }

    @Test
    public void everyImegateFeatureIsInstalled() throws Exception {
        Repository repository = Arrays.stream(featuresService.listRepositories())
                .filter(r -> r.getName() != null && r.getName().startsWith("imegate"))
                .findFirst().orElse(null);
        assertNotNull("no imegate features repository among "
                + Arrays.stream(featuresService.listRepositories()).map(Repository::getName)
                        .collect(Collectors.toList()), repository);
        Set<String> names = new TreeSet<>();
        List<String> notInstalled = new ArrayList<>();
        for (Feature f : repository.getFeatures()) {
            if (!f.getName().startsWith("imegate")) {
                continue;
            }
            names.add(f.getName());
            if (!featuresService.isInstalled(f)) {
                notInstalled.add(f.getName() + "/" + f.getVersion());
            }
        }
        assertTrue("repository " + repository.getName() + " lacks features: " + names,
                names.containsAll(EXPECTED_FEATURES));
        assertEquals("features of " + repository.getName() + " not installed", List.of(), notInstalled);
    }

    @Test
    public void everyImegateBundleIsActive() {
        Set<String> seen = new TreeSet<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle b : imegateBundles()) {
            seen.add(b.getSymbolicName());
            if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b));
            }
        }
        assertTrue("imegate bundles found: " + seen, seen.containsAll(EXPECTED_BUNDLES));
        assertEquals("imegate bundles not ACTIVE", List.of(), notActive);
    }

    @Test
    public void everyImegateComponentIsSatisfied() {
        List<Bundle> bundles = imegateBundles();
        List<String> problems = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundles.toArray(new Bundle[0]))) {
            String name = d.bundle.symbolicName + "/" + d.name;
            if (!scr.isComponentEnabled(d)) {
                problems.add(name + " is disabled");
                continue;
            }
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                problems.add(name + " has no configuration (configuration policy " + d.configurationPolicy + ")");
            }
            for (ComponentConfigurationDTO c : configs) {
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    good.add(name);
                    continue;
                }
                StringBuilder why = new StringBuilder(name + " is " + componentState(c.state));
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    why.append("; unsatisfied reference ").append(u.name).append(" target ").append(u.target);
                }
                if (c.failure != null) {
                    why.append("; failure: ").append(c.failure);
                }
                problems.add(why.toString());
            }
        }
        assertEquals("DS components of imegate bundles not satisfied", List.of(), problems);
        assertTrue("no DS component found in imegate bundles", good.size() >= 3);
    }

    @Test
    public void platformServicesAreRegistered() throws Exception {
        assertService(NamedInterfaces.class);
        assertService(SecretBox.class);
        assertService(ApplianceStore.class);
        NamedInterfaces interfaces = assertService(NamedInterfaces.class);
        assertEquals("127.0.0.2", interfaces.require("test", "inside").address().getHostAddress());
    }

    /** Fails until the PKI bundle (imegate-tls) provides its DS services. */
    @Test
    public void pkiServicesAreRegistered() throws Exception {
        assertService(PkiService.class);
        assertService(TrustpointSslContexts.class);
    }

    @Test
    public void nothingWasRefreshedAfterBoot() throws IOException {
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        assertTrue(log + " does not exist", Files.isRegularFile(log));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertTrue(log + " has no 'Adding features' line: the features service's INFO lines are not logged, run"
                + " with -Dimegate.itest.logLevel=INFO", lines.stream().anyMatch(l -> l.contains("Adding features")));
        List<String> refreshes = lines.stream().filter(l -> l.contains("Refreshing bundles"))
                .collect(Collectors.toList());
        assertEquals("bundles were refreshed (" + log + ")", List.of(), refreshes);

        List<String> wrong = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                wrong.add(b.getBundleId() + " " + b.getSymbolicName() + " is " + state(b));
            }
        }
        assertEquals("bundles not ACTIVE (fragments: RESOLVED)", List.of(), wrong);
    }

    private <T> T assertService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(10_000);
            assertNotNull(type.getName() + " is not registered", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    private List<Bundle> imegateBundles() {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.imegate"))
                .collect(Collectors.toList());
    }

    private static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            default: return "state " + b.getState();
        }
    }

    private static String componentState(int state) {
        switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED: return "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE: return "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return "FAILED_ACTIVATION";
            default: return "state " + state;
        }
    }
}
