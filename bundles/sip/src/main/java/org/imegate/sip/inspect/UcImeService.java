package org.imegate.sip.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.config.EtcFiles;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.sip.InspectionLock;
import org.imegate.api.sip.InviteAdmission;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.imegate.sip.config.InspectConfig;
import org.imegate.sip.config.InspectConfig.Direction;
import org.imegate.sip.config.MappingServiceConfig;
import org.imegate.sip.config.MappingSettings;
import org.imegate.sip.config.SipSettings;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.mapping.MappingServer;
import org.imegate.sip.mapping.MappingSession;
import org.imegate.sip.mapping.MappingTotals;
import org.imegate.sip.mapping.Mappings;
import org.imegate.sip.proxy.SessionView;
import org.imegate.sip.proxy.SipProxy;
import org.imegate.sip.proxy.FallbackNotifications;
import org.imegate.sip.proxy.Statistics;
import org.imegate.sip.transport.SipTransport;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UC-IME proxy: its configuration ({@code uc-ime}, {@code inspect sip}), the lock while it is
 * applied to SIP inspection (SIP-42, UND-19), and the running proxy and transport. Shell commands and
 * the MBean change it only through this service, which validates, writes ConfigAdmin and applies.
 */
@Component(service = {UcImeService.class, InspectionLock.class}, immediate = true,
        configurationPid = {SipSettings.PID, UcImeConfig.PID, InspectConfig.PID},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class UcImeService implements InspectionLock {
    private static final Logger LOG = LoggerFactory.getLogger(UcImeService.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    private final ConfigurationAdmin configAdmin;
    private final MediaTermination media;
    private final TlsProxies tls;
    private final NamedInterfaces interfaces;
    private final Statistics stats = new Statistics();
    private final FallbackNotifications fallbacks = new FallbackNotifications();
    private final MappingTotals mappingTotals = new MappingTotals();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InviteAdmission admission;

    private volatile SipSettings settings;
    private volatile MappingSettings mappingSettings;
    private volatile Optional<UcImeConfig> ucIme = Optional.empty();
    private volatile InspectConfig inspect = InspectConfig.none();
    private SipProxy proxy;
    private SipTransport transport;
    private SipTransport.Plan plan;
    private List<InetSocketAddress> proxyAddresses;
    private Mappings mappings;
    private MappingServer mappingServer;
    private MappingPlan mappingPlan;

    /** Where the mapping service listens, where mapped addresses are, and their settings. */
    private record MappingPlan(InetSocketAddress listen, InetAddress mapped, InetAddress source, MappingSettings settings) {
    }

    @Activate
    public UcImeService(@Reference ConfigurationAdmin configAdmin, @Reference MediaTermination media,
            @Reference TlsProxies tls, @Reference NamedInterfaces interfaces, Map<String, Object> properties) {
        this.configAdmin = configAdmin;
        this.media = media;
        this.tls = tls;
        this.interfaces = interfaces;
        load(properties);
        synchronized (this) {
            applyTransport();
        }
    }

    /**
     * A configuration changed (an operator edited etc/, or this service wrote it). ConfigAdmin delivers
     * these events asynchronously, so the properties handed in may already be stale when a later change
     * of this service has been stored; the stored configurations are read instead.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        synchronized (this) {
            load(stored(properties));
            applyTransport();
        }
    }

    /** Marks, in the merged properties, that the uc-ime configuration exists. */
    private static final String UC_IME_PRESENT = ".imegate.ucime.present";

    /** The stored configurations of the three PIDs, merged as DS merges them; {@code fallback} if unreadable. */
    private Map<String, Object> stored(Map<String, Object> fallback) {
        Map<String, Object> merged = new java.util.HashMap<>();
        try {
            for (String pid : List.of(SipSettings.PID, UcImeConfig.PID, InspectConfig.PID)) {
                Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
                if (found != null && found.length > 0 && found[0].getProperties() != null) {
                    Dictionary<String, Object> d = found[0].getProperties();
                    if (pid.equals(UcImeConfig.PID)) {
                        merged.put(UC_IME_PRESENT, Boolean.TRUE);
                    }
                    for (String k : java.util.Collections.list(d.keys())) {
                        merged.put(k, d.get(k));
                    }
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("cannot read the stored SIP configuration, using the event's: {}", e.toString());
            return fallback;
        }
        return merged;
    }

    @Deactivate
    synchronized void deactivate() {
        stopTransport();
    }

    private void load(Map<String, Object> p) {
        try {
            settings = SipSettings.from(p);
        } catch (ValidationException e) {
            LOG.error("{} refused, using defaults: {}", SipSettings.PID, e.getMessage());
            settings = SipSettings.from(Map.of());
        }
        try {
            mappingSettings = MappingSettings.from(p);
        } catch (ValidationException e) {
            LOG.error("{} mapping settings refused, using defaults: {}", SipSettings.PID, e.getMessage());
            mappingSettings = MappingSettings.from(Map.of());
        }
        try {
            Optional<UcImeConfig> read = UcImeConfig.fromProperties(p);
            if (read.isEmpty() && ucIme.isPresent() && p.containsKey(UC_IME_PRESENT)) {
                // the configuration exists but has no name: a file read while it was being rewritten; the
                // complete file follows with the next event, and calls in progress must not end meanwhile
                LOG.warn("{} read without its name; the uc-ime proxy {} is kept", UcImeConfig.PID, ucIme.get().name());
            } else {
                ucIme = read;
            }
        } catch (ValidationException e) {
            LOG.error("{} refused: {}", UcImeConfig.PID, e.getMessage());
        }
        inspect = InspectConfig.fromProperties(p);
    }

    // ------------------------------------------------------------------ configuration

    @Override
    public Optional<String> appliedUcIme() {
        return inspect.applied() ? ucIme.map(UcImeConfig::name) : Optional.empty();
    }

    public Optional<UcImeConfig> ucIme() {
        return ucIme;
    }

    public InspectConfig inspect() {
        return inspect;
    }

    public Statistics statistics() {
        return stats;
    }

    /** The fallback REFERs sent, per call-agent address ({@code show uc-ime fallback-notification statistics}). */
    public FallbackNotifications fallbackNotifications() {
        return fallbacks;
    }

    public synchronized List<SessionView> sessions() {
        return proxy == null ? List.of() : proxy.sessions();
    }

    /** The call agents connected to the mapping service; empty while it is not running. */
    public synchronized List<MappingSession> mappingSessions() {
        return mappingServer == null ? List.of() : mappingServer.sessions();
    }

    /** The active mappings; empty while the mapping service is not running. */
    public synchronized List<Mappings.View> mappings() {
        return mappings == null ? List.of() : mappings.mappings();
    }

    /** The mapping service's address while it runs. */
    public synchronized Optional<InetSocketAddress> mappingServiceAddress() {
        return mappingServer == null ? Optional.empty() : Optional.of(mappingServer.address());
    }

    public MappingTotals mappingTotals() {
        return mappingTotals;
    }

    public synchronized List<InetSocketAddress> listening() {
        return transport == null ? List.of() : transport.listening();
    }

    /**
     * Creates the uc-ime proxy {@code name} or changes it with {@code change}. Only one may exist, and
     * it is locked while applied to SIP inspection.
     */
    public synchronized UcImeConfig define(String name, UnaryOperator<UcImeConfig> change) {
        Validate.name("uc-ime", name, 64, UcImeConfig.NAME, UcImeConfig.NAME_RULE);
        Optional<UcImeConfig> current = ucIme;
        if (current.isPresent() && !current.get().name().equals(name)) {
            throw Validate.fail("uc-ime", name, "cannot be created: only one uc-ime proxy is allowed and "
                    + current.get().name() + " exists");
        }
        if (inspect.applied()) {
            throw Validate.locked("uc-ime", name);
        }
        UcImeConfig next = change.apply(current.orElse(UcImeConfig.named(name)));
        next.mediaTermination().ifPresent(this::requireMediaTermination);
        next.mappingService().ifPresent(m -> {
            interfaces.require("listening-interface", m.listeningInterface());
            interfaces.require("uc-ime-interface", m.ucImeInterface());
        });
        write(UcImeConfig.PID, next.toProperties());
        ucIme = Optional.of(next);
        AUDIT.info("uc-ime {}: configured (media-termination {}, ucm {}, fallback monitoring {} ms, hold-down {} s, "
                + "mapping-service {})", name, next.mediaTermination().orElse("-"),
                next.ucms().stream().map(u -> u.format()).toList(), next.monitoringTimerMs(), next.holdDownTimerS(),
                next.mappingService().map(MappingServiceConfig::format).orElse("-"));
        return next;
    }

    public synchronized void remove(String name) {
        UcImeConfig current = ucIme.filter(u -> u.name().equals(name)).orElseThrow(() -> Validate.unknown("uc-ime", name));
        if (inspect.applied()) {
            throw Validate.locked("uc-ime", current.name());
        }
        delete(UcImeConfig.PID);
        ucIme = Optional.empty();
        AUDIT.info("uc-ime {}: removed", name);
    }

    private void requireMediaTermination(String name) {
        if (media.instances().stream().map(MediaTerminationConfig::name).noneMatch(name::equals)) {
            throw Validate.unknown("media-termination", name);
        }
    }

    /** {@code inspect sip tls-proxy <tp> uc-ime <name>} for the inbound or outbound class. */
    public synchronized void applyInspection(Direction direction, String tlsProxy, String ucImeName) {
        UcImeConfig u = ucIme.filter(c -> c.name().equals(ucImeName)).orElseThrow(() -> Validate.unknown("uc-ime", ucImeName));
        if (tls.instance(tlsProxy).isEmpty()) {
            throw Validate.unknown("tls-proxy", tlsProxy);
        }
        if (u.ucms().isEmpty()) {
            throw Validate.fail("uc-ime", ucImeName, "has no ucm address; configure the call agent first");
        }
        if (u.mediaTermination().isEmpty()) {
            throw Validate.fail("uc-ime", ucImeName, "has no media-termination; configure it first");
        }
        requireMediaTermination(u.mediaTermination().get());
        InspectConfig previous = inspect;
        inspect = previous.with(direction, tlsProxy, ucImeName);
        try {
            applyTransport();
            if (plan == null) {
                throw new IllegalStateException("the SIP listeners could not be started; see the log");
            }
        } catch (RuntimeException e) {
            inspect = previous;
            applyTransport();
            throw e;
        }
        write(InspectConfig.PID, inspect.toProperties());
        AUDIT.info("inspect sip {}: tls-proxy {} uc-ime {} applied", direction.name().toLowerCase(), tlsProxy, ucImeName);
    }

    public synchronized void removeInspection(Direction direction) {
        boolean present = direction == Direction.INBOUND ? inspect.inboundTlsProxy().isPresent()
                : inspect.outboundTlsProxy().isPresent();
        if (!present) {
            throw Validate.fail("inspect sip", direction.name().toLowerCase(), "is not applied");
        }
        inspect = inspect.without(direction);
        applyTransport();
        if (inspect.applied()) {
            write(InspectConfig.PID, inspect.toProperties());
        } else {
            delete(InspectConfig.PID);
        }
        AUDIT.info("inspect sip {}: removed", direction.name().toLowerCase());
    }

    // ------------------------------------------------------------------ running

    /**
     * Opens and closes the listeners to match the configuration. The proxy and the connections in use
     * outlive changes of SIP inspection, so removing and re-applying it leaves calls in progress up
     * (SIP-42); only removing the uc-ime proxy, or moving its listen addresses, ends them.
     */
    private void applyTransport() {
        if (ucIme.isEmpty()) {
            stopTransport();
            return;
        }
        if (!inspect.applied()) {
            listenersDown();
            return;
        }
        SipSettings s = settings;
        InetSocketAddress outside;
        InetSocketAddress insideTcp;
        InetSocketAddress insideTls;
        MappingPlan nextMapping;
        try {
            outside = new InetSocketAddress(interfaces.require("outside.interface", s.outsideInterface()).address(),
                    s.outsidePort());
            insideTcp = new InetSocketAddress(interfaces.require("inside.interface", s.insideInterface()).address(),
                    s.insidePort());
            insideTls = new InetSocketAddress(insideTcp.getAddress(), s.insideTlsPort());
            nextMapping = mappingPlan();
        } catch (ValidationException e) {
            LOG.error("SIP listeners not started: {}", e.getMessage());
            listenersDown();
            return;
        }
        SipTransport.Plan next = new SipTransport.Plan(outside, insideTcp, insideTls, inspect.inboundTlsProxy(),
                inspect.outboundTlsProxy());
        if (transport != null && next.equals(plan) && Objects.equals(nextMapping, mappingPlan)) {
            return;
        }
        List<InetSocketAddress> addresses = List.of(outside, insideTcp, insideTls);
        if (proxy == null || !addresses.equals(proxyAddresses)) {
            if (proxy != null) {
                LOG.warn("SIP listen addresses changed from {} to {}: calls in progress end", proxyAddresses, addresses);
            }
            stopTransport();
            proxy = new SipProxy(() -> ucIme, media, () -> admission, stats, fallbacks, outside, insideTcp, insideTls);
            transport = new SipTransport(proxy, tls);
            proxyAddresses = addresses;
        }
        try {
            transport.apply(next);
            plan = next;
        } catch (RuntimeException e) {
            LOG.error("SIP listeners not started: {}", e.getMessage());
            throw e;
        }
        if (!Objects.equals(nextMapping, mappingPlan)) {
            stopMappingService();
            if (nextMapping != null) {
                startMappingService(nextMapping);
            }
        }
    }

    /** SIP inspection removed: no listener, no mapping service; calls in progress go on. */
    private void listenersDown() {
        stopMappingService();
        if (transport != null && plan != null) {
            transport.apply(null);
            LOG.info("SIP listeners closed; {} signaling session(s) in progress go on", proxy.sessions().size());
        }
        plan = null;
    }

    /** The mapping service to run: configured, and SIP inspection applied to the call agent's calls. */
    private MappingPlan mappingPlan() {
        Optional<MappingServiceConfig> m = ucIme.flatMap(UcImeConfig::mappingService);
        if (m.isEmpty() || inspect.outboundTlsProxy().isEmpty()) {
            return null;
        }
        InetAddress listening = interfaces.require("listening-interface", m.get().listeningInterface()).address();
        InetAddress source = interfaces.require("uc-ime-interface", m.get().ucImeInterface()).address();
        return new MappingPlan(new InetSocketAddress(listening, m.get().listeningPort()), listening, source,
                mappingSettings);
    }

    private void startMappingService(MappingPlan mp) {
        MappingSettings ms = mp.settings();
        Mappings m = new Mappings(mp.mapped(), mp.source(), ms.portMin(), ms.portMax(), ms.idle(), transport,
                mappingTotals);
        try {
            mappingServer = new MappingServer(mp.listen(), m, this::isCallAgent, ms.idle(), mappingTotals, m::sweep,
                    Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        mappings = m;
        mappingPlan = mp;
    }

    private boolean isCallAgent(InetAddress client) {
        return ucIme.map(u -> u.ucm(client.getHostAddress()).isPresent()).orElse(false);
    }

    private void stopMappingService() {
        if (mappingServer != null) {
            mappingServer.close();
        }
        if (mappings != null) {
            mappings.close();
        }
        mappingServer = null;
        mappings = null;
        mappingPlan = null;
    }

    private void stopTransport() {
        stopMappingService();
        if (proxy != null) {
            proxy.shutdown();
        }
        if (transport != null) {
            transport.close();
            LOG.info("SIP listeners stopped");
        }
        transport = null;
        proxy = null;
        plan = null;
        proxyAddresses = null;
    }

    // ------------------------------------------------------------------ ConfigAdmin

    private void write(String pid, Map<String, Object> values) {
        try {
            Configuration c = configAdmin.getConfiguration(pid, "?");
            Dictionary<String, Object> d = new Hashtable<>();
            Dictionary<String, Object> old = c.getProperties();
            if (old != null && SipSettings.PID.equals(pid)) {
                for (var keys = old.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    d.put(k, old.get(k));
                }
            }
            values.forEach(d::put);
            EtcFiles.save(c, pid, null, d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + pid, e);
        }
    }

    private void delete(String pid) {
        try {
            Configuration c = configAdmin.getConfiguration(pid, "?");
            if (c.getProperties() != null) {
                org.imegate.api.config.EtcFiles.delete(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pid, e);
        }
    }
}
