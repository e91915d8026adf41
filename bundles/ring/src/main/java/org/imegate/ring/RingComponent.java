package org.imegate.ring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.validation.Validate;
import org.imegate.ring.net.CertificateIssuer;
import org.imegate.ring.net.TlsNode;
import org.imegate.ring.net.X509Security;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring node of this appliance (PID {@value #PID}, keys in etc/org.imegate.ring.cfg). When enabled it
 * loads its identity from a PKI trustpoint, listens with TLS on the ring port, joins through the
 * bootstrap list and registers the {@link DistributedCache} with {@code service.ranking} 0 and
 * {@code backend=reload}, which the IME server then prefers to the embedded backend (ranking -100).
 * Ring events become alerts (BannedFromNetwork, MessageOfTheDay, SWUpdateRequired,
 * IMEDistributedCacheCertificateExpiring).
 */
@Component(service = RingControl.class, configurationPid = RingComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = RingComponent.Config.class)
public class RingComponent implements RingControl {
    public static final String PID = "org.imegate.ring";
    private static final Logger LOG = LoggerFactory.getLogger(RingComponent.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "imegate distributed cache ring", description = "RELOAD/CHORD-RELOAD ring node")
    public @interface Config {
        @AttributeDefinition(description = "Run the ring node and use it as the distributed cache (false: the embedded backend)")
        boolean enabled() default false;

        @AttributeDefinition(name = "listen.interface", description = "Named interface the ring listens on (rebind)")
        String listen_interface() default "outside";

        @AttributeDefinition(name = "listen.address", description = "IPv4 address to listen on; overrides listen.interface (rebind)")
        String listen_address() default "";

        @AttributeDefinition(description = "TLS port of the ring (rebind)", min = "1", max = "65535")
        int port() default 6084;

        @AttributeDefinition(description = "Bootstrap nodes, host:port separated by commas")
        String bootstrap() default "";

        @AttributeDefinition(name = "bootstrap.node", description = "This node is a bootstrap node: it may form the ring alone and signs the overlay configuration with the enrollment CA key")
        boolean bootstrap_node() default false;

        @AttributeDefinition(description = "Trustpoint holding this node's key pair and certificate from the enrollment CA")
        String trustpoint() default "RING";

        @AttributeDefinition(name = "enrollment.trustpoint", description = "Trustpoint holding the enrollment CA certificate (and, on a bootstrap node, its key)")
        String enrollment_trustpoint() default "RING-CA";

        @AttributeDefinition(description = "Overlay name")
        String overlay() default RingSettings.OVERLAY;

        @AttributeDefinition(name = "stabilize.interval", description = "Seconds between stabilisation rounds", min = "1", max = "300")
        int stabilize_interval() default 5;

        @AttributeDefinition(name = "refresh.interval", description = "Seconds between refreshes of this node's own entries", min = "10", max = "86400")
        int refresh_interval() default 600;

        @AttributeDefinition(name = "store.rate", description = "Stores accepted per writer and second", min = "1", max = "100000")
        int store_rate() default 50;

        @AttributeDefinition(name = "fetch.rate", description = "Fetches accepted per requester and second", min = "1", max = "100000")
        int fetch_rate() default 200;

        @AttributeDefinition(name = "storage.quota", description = "Bootstrap only: entries one writer may keep per storing node", min = "1", max = "100000000")
        int storage_quota() default 10000;

        @AttributeDefinition(description = "Bootstrap only: message of the day")
        String motd() default "";

        @AttributeDefinition(name = "minimum.version", description = "Bootstrap only: minimum software version of the ring")
        String minimum_version() default "0";

        @AttributeDefinition(description = "Bootstrap only: banned peer IDs (32 hex digits), separated by commas")
        String banned() default "";
    }

    /** The software version this node reports against the configuration's minimum. */
    public static final String SOFTWARE_VERSION = "1.0.0";

    private final PkiService pki;
    private final NamedInterfaces interfaces;
    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;
    private volatile Config config;
    private final AlertPoster alerts = new AlertPoster();
    private final ScheduledExecutorService checks;
    private volatile RingRuntime runtime;
    private volatile OverlayConfig overlay;
    private volatile X509Certificate identityCertificate;
    private ServiceRegistration<DistributedCache> registration;

    @Activate
    public RingComponent(BundleContext context, Config config, @Reference PkiService pki,
            @Reference NamedInterfaces interfaces, @Reference ConfigurationAdmin configAdmin) {
        this.pki = pki;
        this.interfaces = interfaces;
        this.configAdmin = configAdmin;
        this.context = context;
        this.config = config;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ring-checks");
            t.setDaemon(true);
            return t;
        });
        this.overlay = new OverlayConfig(config.overlay(), System.currentTimeMillis() / 1000, System.currentTimeMillis(),
                parseBanned(config.banned()), config.motd(), config.minimum_version(), config.storage_quota());
        checks.scheduleWithFixedDelay(this::checkCertificate, 1, 24 * 60, TimeUnit.MINUTES);
        checks.scheduleWithFixedDelay(this::checkSoftware, 60, 60, TimeUnit.MINUTES);
        if (!config.enabled()) {
            LOG.info("ring disabled ({} enabled = false): the distributed cache stays embedded", PID);
            return;
        }
        tryStart();
    }

    /**
     * Starts the node; when its trustpoints are not usable yet (not enrolled, CA not authenticated),
     * raises InvalidCertificate and tries again every minute.
     */
    private void tryStart() {
        try {
            start(context);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.error("ring node not started (trying again in a minute): {}", e.getMessage());
            alerts.accept(new Alert("InvalidCertificate", AlertSeverity.ALERT, AlertState.RAISED, "ime",
                    "ring node not started: " + e.getMessage(), Map.of("trustpoint", config.trustpoint()), null));
            Config c = config;
            checks.schedule(() -> {
                if (runtime == null && config == c && c.enabled()) {
                    tryStart();
                }
            }, 1, TimeUnit.MINUTES);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin e) {
        alerts.bind(e);
    }

    void unbindEventAdmin(EventAdmin e) {
        alerts.unbind(e);
    }

    private synchronized void start(BundleContext context) throws IOException, GeneralSecurityException {
        KeyMaterial own = keyMaterial(config.trustpoint());
        X509Certificate ca = enrollmentCa(config.enrollment_trustpoint());
        Optional<PrivateKey> caKey = Optional.empty();
        if (config.bootstrap_node()) {
            caKey = Optional.of(keyMaterial(config.enrollment_trustpoint()).key());
        }
        InetAddress address = config.listen_address().isBlank()
                ? interfaces.require("listen.interface", config.listen_interface()).address()
                : InetAddress.getByName(config.listen_address());
        RingSettings settings = RingSettings.defaults(config.bootstrap_node())
                .withStabilizeInterval(Duration.ofSeconds(config.stabilize_interval()))
                .withRates(config.store_rate(), config.fetch_rate()).withSoftwareVersion(SOFTWARE_VERSION);
        settings = new RingSettings(config.overlay(), settings.softwareVersion(), settings.bootstrap(),
                settings.neighbours(), settings.copies(), settings.maxValueBytes(), settings.maxEntriesPerResource(),
                settings.storeRatePerSecond(), settings.fetchRatePerSecond(), settings.capacityEntries(),
                settings.stabilizeInterval());
        identityCertificate = own.chain()[0];
        RingRuntime rt = TlsNode.start(own.key(), own.chain(), ca, address, config.port(), bootstrapAddresses(),
                settings, Duration.ofSeconds(config.refresh_interval()), caKey,
                config.bootstrap_node() ? Optional.of(overlay) : Optional.empty(), Clock.systemUTC());
        rt.node().onEvent(this::onEvent);
        runtime = rt;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.ranking", 0);
        props.put("backend", "reload");
        registration = context.registerService(DistributedCache.class, rt, props);
        LOG.info("ring node {} on {}:{} (bootstrap node: {}), bootstrap list {}", rt.node().id(),
                address.getHostAddress(), config.port(), config.bootstrap_node(), bootstrapAddresses());
    }

    private record KeyMaterial(PrivateKey key, X509Certificate[] chain) {
    }

    private KeyMaterial keyMaterial(String trustpoint) throws GeneralSecurityException, IOException {
        if (pki.trustpoint(trustpoint).flatMap(TrustpointInfo::identity).isEmpty()) {
            throw Validate.fail("trustpoint", trustpoint, "has no identity certificate (enroll it first)");
        }
        char[] pw = new char[24];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = (char) ('a' + RANDOM.nextInt(26));
        }
        byte[] p12 = pki.exportPkcs12(trustpoint, pw);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(p12), pw);
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                Certificate[] chain = ks.getCertificateChain(alias);
                X509Certificate[] x = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
                PrivateKey k = (PrivateKey) ks.getKey(alias, pw);
                Arrays.fill(pw, '\0');
                return new KeyMaterial(k, x);
            }
        }
        throw Validate.fail("trustpoint", trustpoint, "holds no key pair");
    }

    private X509Certificate enrollmentCa(String trustpoint) throws GeneralSecurityException {
        TrustpointInfo tp = pki.trustpoint(trustpoint).orElseThrow(() -> Validate.unknown("trustpoint", trustpoint));
        String pem = !tp.caCertificates().isEmpty() ? tp.caCertificates().get(0).pem()
                : tp.identity().orElseThrow(() -> Validate.fail("trustpoint", trustpoint,
                        "holds no CA certificate (crypto ca authenticate it)")).pem();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private void onEvent(RingEvent e) {
        switch (e.type()) {
            case BANNED -> alerts.accept(new Alert("BannedFromNetwork", AlertSeverity.ALERT, AlertState.RAISED, "ime",
                    "Cisco IME service banned from network: " + e.text(), Map.of(), null));
            case MESSAGE_OF_THE_DAY -> alerts.accept(new Alert("MessageOfTheDay", AlertSeverity.NOTICE,
                    AlertState.RAISED, "ime", "Message from network administrators: " + e.text(), Map.of(), null));
            case SOFTWARE_UPDATE_REQUIRED -> alerts.accept(new Alert("SWUpdateRequired", AlertSeverity.WARNING,
                    AlertState.RAISED, "ime", "Software update required: " + e.text(), Map.of(), null));
            case CONFIGURATION -> LOG.debug("overlay configuration {}", e.text());
        }
    }

    private void checkSoftware() {
        RingRuntime rt = runtime;
        if (rt != null && rt.node().softwareUpdateRequired()) {
            onEvent(new RingEvent(RingEvent.Type.SOFTWARE_UPDATE_REQUIRED, "minimum version "
                    + rt.node().configuration().minimumVersion() + ", this node runs " + SOFTWARE_VERSION));
        }
    }

    private void checkCertificate() {
        X509Certificate c = identityCertificate;
        if (c == null) {
            return;
        }
        long days = Duration.between(java.time.Instant.now(), c.getNotAfter().toInstant()).toDays();
        if (days < 14) {
            alerts.accept(new Alert("IMEDistributedCacheCertificateExpiring", AlertSeverity.WARNING,
                    AlertState.RAISED, "ime", "Cisco IME distributed cache certificate about to expire. " + days
                    + " days.", Map.of("trustpoint", config.trustpoint(), "days", Long.toString(days)), null));
        }
    }

    static Set<String> parseBanned(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : s.split(",")) {
            String t = p.trim().toLowerCase(java.util.Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public Optional<RingRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    @Override
    public boolean bootstrapNode() {
        return config.bootstrap_node();
    }

    @Override
    public List<String> bootstrapAddresses() {
        List<String> l = new ArrayList<>();
        for (String p : config.bootstrap().split(",")) {
            if (!p.isBlank()) {
                l.add(p.trim());
            }
        }
        return l;
    }

    @Override
    public OverlayConfig overlayConfiguration() {
        return overlay;
    }

    @Override
    public void setOverlayValue(String key, String value) {
        if (!config.bootstrap_node()) {
            throw new IllegalStateException("This command is only allowed to be run on a bootstrap server.");
        }
        Object v = switch (key) {
            case "storage.quota" -> Validate.parseInt("storagequota", value, 1, 100_000_000);
            case "motd" -> Validate.name("motd", value, 512, java.util.regex.Pattern.compile("[\\x20-\\x7e]*"),
                    "printable ASCII, at most 512 characters");
            case "minimum.version" -> Validate.name("minimumversion", value, 32,
                    java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+){0,3}"), "digits and dots, e.g. 1.2.0");
            case "banned" -> {
                for (String id : parseBanned(value)) {
                    if (!id.matches("[0-9a-f]{32}")) {
                        throw Validate.fail("peerid", id, "must be 32 hex digits");
                    }
                }
                yield String.join(",", parseBanned(value));
            }
            default -> throw Validate.unknown("key", key);
        };
        try {
            Configuration c = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) {
                props = new Hashtable<>();
            }
            props.put(key, v);
            // the file in etc/ first, then the configuration (File Install does not write files here)
            org.imegate.api.config.EtcFiles.save(c, PID, null, props);
            AUDIT.info("ring overlay configuration {} set to {}", key, v);
        } catch (IOException e) {
            throw new IllegalStateException("cannot persist " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String issueCertificate(String caTrustpoint, String csrPem, int days) {
        Validate.range("days", days, 1, 3650);
        try {
            KeyMaterial ca = keyMaterial(caTrustpoint);
            String pem = CertificateIssuer.issue(csrPem, ca.key(), ca.chain()[0], config.overlay(),
                    Duration.ofDays(days));
            AUDIT.info("ring node certificate issued by enrollment CA trustpoint {}", caTrustpoint);
            return pem;
        } catch (GeneralSecurityException | IOException e) {
            throw Validate.fail("request", "PKCS#10", "cannot be issued: " + e.getMessage());
        }
    }

    /**
     * A change of the overlay values only (storage.quota, motd, minimum.version, banned) on a running
     * bootstrap node is signed and distributed at once; any other change restarts the node.
     */
    @org.osgi.service.component.annotations.Modified
    void modified(Config c) {
        Config old = config;
        config = c;
        OverlayConfig next = new OverlayConfig(c.overlay(), Math.max(overlay.sequence() + 1,
                System.currentTimeMillis() / 1000), System.currentTimeMillis(), parseBanned(c.banned()), c.motd(),
                c.minimum_version(), c.storage_quota());
        RingRuntime rt = runtime;
        if (rt != null && sameLink(old, c)) {
            overlay = next;
            if (c.bootstrap_node()) {
                try {
                    PrivateKey caKey = keyMaterial(c.enrollment_trustpoint()).key();
                    rt.node().publishConfiguration(X509Security.signConfiguration(next.document(), caKey,
                            enrollmentCa(c.enrollment_trustpoint())));
                    LOG.info("overlay configuration sequence {} signed and distributed", next.sequence());
                } catch (GeneralSecurityException | IOException | RuntimeException e) {
                    LOG.error("overlay configuration not distributed: {}", e.getMessage(), e);
                }
            }
            return;
        }
        overlay = next;
        stop();
        if (c.enabled()) {
            tryStart();
        }
    }

    private static boolean sameLink(Config a, Config b) {
        return a.enabled() == b.enabled() && a.listen_interface().equals(b.listen_interface())
                && a.listen_address().equals(b.listen_address()) && a.port() == b.port()
                && a.bootstrap().equals(b.bootstrap()) && a.bootstrap_node() == b.bootstrap_node()
                && a.trustpoint().equals(b.trustpoint()) && a.enrollment_trustpoint().equals(b.enrollment_trustpoint())
                && a.overlay().equals(b.overlay()) && a.stabilize_interval() == b.stabilize_interval()
                && a.refresh_interval() == b.refresh_interval() && a.store_rate() == b.store_rate()
                && a.fetch_rate() == b.fetch_rate();
    }

    private synchronized void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("already unregistered", e);
            }
            registration = null;
        }
        RingRuntime rt = runtime;
        runtime = null;
        if (rt != null) {
            rt.close();
        }
    }

    @Deactivate
    void deactivate() {
        checks.shutdownNow();
        stop();
    }

}
