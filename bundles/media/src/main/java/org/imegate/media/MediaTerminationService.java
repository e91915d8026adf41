package org.imegate.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.media.MediaUnavailableException;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
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
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.rtpmonitor.RtpMonitor;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media termination: the {@code media-termination} instances (factory configurations
 * {@code org.imegate.media.termination}, read through a ManagedServiceFactory so that a bad file is
 * refused with the previous instance kept) and the RTP relay that SIP inspection opens sessions on.
 * Relay settings come from {@code org.imegate.media} ({@code idle.timeout.seconds}).
 */
@Component(service = {MediaTermination.class, MediaAdmin.class}, configurationPid = MediaTerminationService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MediaSettings.class)
public final class MediaTerminationService implements MediaTermination, MediaAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTerminationService.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    /** Relay settings PID. */
    public static final String PID = "org.imegate.media";
    /** Key of the idle timeout. */
    public static final String IDLE_TIMEOUT = "idle.timeout.seconds";
    static final int DEFAULT_IDLE_SECONDS = 300;
    static final int RELAY_THREADS = 2;

    /** An instance and its port pools (one per local address), replaced whenever the instance changes. */
    private record Instance(MediaTerminationConfig config, Map<String, PortAllocator> pools) {
        Instance(MediaTerminationConfig config) {
            this(config, new ConcurrentHashMap<>());
        }

        PortAllocator pool(InetAddress address) {
            return pools.computeIfAbsent(address.getHostAddress(),
                    a -> new PortAllocator(a, config.rtpMinPort(), config.rtpMaxPort()));
        }
    }

    private final NamedInterfaces interfaces;
    private final ConfigStore store;
    private final RtpRelay relay;
    private final AlertPoster poster = new AlertPoster();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, String> pidToName = new HashMap<>();
    private ServiceRegistration<ManagedServiceFactory> factoryRegistration;

    @Activate
    public MediaTerminationService(BundleContext context, @Reference ConfigurationAdmin cm,
            @Reference NamedInterfaces interfaces, Map<String, Object> settings) {
        this(interfaces, new CmConfigStore(cm), Duration.ofSeconds(idleSeconds(settings, DEFAULT_IDLE_SECONDS)),
                Duration.ofSeconds(1));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, TerminationConfigs.FACTORY_PID);
        props.put(Constants.SERVICE_DESCRIPTION, "imegate media-termination instances");
        factoryRegistration = context.registerService(ManagedServiceFactory.class, new Factory(), props);
        LOG.info("media termination started: relay idle timeout {} s", relay.idleTimeout().toSeconds());
    }

    /** Without OSGi: instances persist in {@code store}. */
    MediaTerminationService(NamedInterfaces interfaces, ConfigStore store, Duration idleTimeout, Duration reapEvery) {
        this.interfaces = interfaces;
        this.store = store;
        this.relay = new RtpRelay(RELAY_THREADS, idleTimeout, reapEvery);
        relay.alerts(poster);
    }

    @Modified
    void modified(Map<String, Object> settings) {
        int seconds = idleSeconds(settings, (int) relay.idleTimeout().toSeconds());
        relay.idleTimeout(Duration.ofSeconds(seconds));
        LOG.info("media relay idle timeout {} s", seconds);
    }

    private static int idleSeconds(Map<String, Object> settings, int previous) {
        Object v = settings.get(IDLE_TIMEOUT);
        if (v == null) {
            return DEFAULT_IDLE_SECONDS;
        }
        try {
            return Validate.parseInt(IDLE_TIMEOUT, String.valueOf(v), 1, 86400);
        } catch (ValidationException e) {
            LOG.error("{} refused, keeping {} s: {}", PID, previous, e.getMessage());
            return previous;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin eventAdmin) {
        poster.bind(eventAdmin);
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        poster.unbind(eventAdmin);
    }

    /** The licence's SRTP session limit (K8: 250) comes with the TLS proxy service. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTlsProxies(TlsProxies tls) {
        int limit = tls.licence().srtpSessionLimit();
        relay.srtpLimit(limit);
        LOG.info("SRTP sessions limited to {} by the licence", limit);
    }

    void unbindTlsProxies(TlsProxies tls) {
        relay.srtpLimit(RtpRelay.DEFAULT_SRTP_LIMIT);
    }

    private RtpMonitor rtpMonitor;

    /**
     * The RTP monitor (catalogue §4): the Internet leg of every monitored session feeds it. When the
     * rtp-monitor bundle is updated or restarted, the sessions re-open their streams on the new service.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindRtpMonitor(RtpMonitor monitor) {
        rtpMonitor = monitor;
        relay.monitor(monitor);
    }

    synchronized void unbindRtpMonitor(RtpMonitor monitor) {
        if (rtpMonitor == monitor) {
            rtpMonitor = null;
            relay.monitor(null);
        }
    }

    @Deactivate
    void deactivate() {
        if (factoryRegistration != null) {
            factoryRegistration.unregister();
        }
        relay.close();
    }

    /** The relay (tests). */
    RtpRelay relayForTest() {
        return relay;
    }

    /** Closes the relay (tests). */
    void stop() {
        relay.close();
    }

    // ---- MediaTermination

    @Override
    public MediaSession open(String instance, String callId) throws MediaUnavailableException {
        Instance i = instances.get(Validate.required("media-termination", instance));
        if (i == null) {
            throw Validate.unknown("media-termination", instance);
        }
        Validate.required("call-id", callId);
        MediaTerminationConfig c = i.config();
        if (!TerminationConfigs.usable(c)) {
            throw TerminationConfigs.notUsable("media-termination", c);
        }
        InetAddress outside = address(c, NamedInterfaces.OUTSIDE);
        InetAddress inside = address(c, NamedInterfaces.INSIDE);
        return relay.open(c.name(), callId, outside, i.pool(outside), inside, i.pool(inside));
    }

    private static InetAddress address(MediaTerminationConfig c, String iface) {
        return TerminationConfigs.address("address", c.globalAddress().orElseGet(() -> c.addresses().get(iface)));
    }

    @Override
    public Optional<MediaSession> find(String sessionId) {
        return Optional.ofNullable(relay.find(sessionId));
    }

    @Override
    public List<MediaSessionInfo> sessions() {
        return openSessions().stream().map(RelaySession::info)
                .sorted(Comparator.comparing(MediaSessionInfo::opened).thenComparing(MediaSessionInfo::id)).toList();
    }

    @Override
    public List<MediaTerminationConfig> instances() {
        return instances.values().stream().map(Instance::config)
                .sorted(Comparator.comparing(MediaTerminationConfig::name)).toList();
    }

    // ---- MediaAdmin

    @Override
    public synchronized MediaTerminationConfig define(String name, String address, String iface, Integer rtpMinPort,
            Integer rtpMaxPort) {
        TerminationConfigs.name("media-termination", name);
        Instance old = instances.get(name);
        MediaTerminationConfig c = old == null ? TerminationConfigs.empty(name) : old.config();
        Optional<String> global = c.globalAddress();
        Map<String, String> addresses = new TreeMap<>(c.addresses());
        if (address != null) {
            if (iface == null) {
                global = Optional.of(address);
            } else {
                addresses.put(iface, address);
            }
        } else if (iface != null) {
            throw Validate.fail("interface", iface, "needs an address (address <ip> interface <name>)");
        }
        MediaTerminationConfig next = TerminationConfigs.validate(new MediaTerminationConfig(name, global, addresses,
                rtpMinPort == null ? c.rtpMinPort() : rtpMinPort, rtpMaxPort == null ? c.rtpMaxPort() : rtpMaxPort),
                interfaces, TerminationConfigs.Words.SHELL);
        save(next, old == null ? "created" : "changed");
        return next;
    }

    @Override
    public synchronized void remove(String name) {
        if (!instances.containsKey(name)) {
            throw Validate.unknown("media-termination", name);
        }
        long open = relay.countOpen(name);
        if (open > 0) {
            throw Validate.inUse("media-termination", name, open + " open media session(s)");
        }
        List<String> users = store.users(name);
        if (!users.isEmpty()) {
            throw Validate.inUse("media-termination", name, "configuration " + String.join(", ", users));
        }
        store.delete(name);
        instances.remove(name);
        pidToName.values().remove(name);
        LOG.info("media-termination {} removed", name);
        AUDIT.info("media-termination {} removed", name);
    }

    @Override
    public synchronized MediaTerminationConfig removeAddress(String name, String ip) {
        Instance i = instances.get(name);
        if (i == null) {
            throw Validate.unknown("media-termination", name);
        }
        MediaTerminationConfig c = i.config();
        Map<String, String> addresses = new TreeMap<>(c.addresses());
        Optional<String> global = c.globalAddress();
        if (global.isPresent() && global.get().equals(ip)) {
            global = Optional.empty();
        } else if (!addresses.values().removeIf(ip::equals)) {
            throw Validate.fail("address", ip, "is not an address of media-termination " + name);
        }
        MediaTerminationConfig next = new MediaTerminationConfig(name, global, addresses, c.rtpMinPort(), c.rtpMaxPort());
        save(next, "changed");
        return next;
    }

    private void save(MediaTerminationConfig c, String what) {
        String pid = store.save(c);
        pidToName.put(pid, c.name());
        apply(c);
        String line = TerminationConfigs.runningConfig(c).trim().replace("\n", ";");
        LOG.info("media-termination {} {}: {}", c.name(), what, line);
        AUDIT.info("media-termination {} {}: {}", c.name(), what, line);
    }

    private void apply(MediaTerminationConfig c) {
        Instance old = instances.get(c.name());
        if (old == null || !old.config().equals(c)) {
            instances.put(c.name(), new Instance(c));
        }
    }

    @Override
    public Optional<MediaTerminationConfig> instance(String name) {
        return Optional.ofNullable(instances.get(name)).map(Instance::config);
    }

    @Override
    public Collection<RelaySession> openSessions() {
        return relay.sessions();
    }

    @Override
    public RtpRelay.Stats stats() {
        return relay.stats();
    }

    // ---- configuration files

    /** A factory configuration arrived or changed: validated as a whole, refused with the previous state kept. */
    synchronized void updated(String pid, Dictionary<String, ?> properties) {
        Map<String, Object> map = new HashMap<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            map.put(k, properties.get(k));
        }
        final MediaTerminationConfig c;
        try {
            c = TerminationConfigs.fromProperties(map, interfaces);
            String owner = pidToName.entrySet().stream().filter(e -> e.getValue().equals(c.name()) && !e.getKey().equals(pid))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (owner != null) {
                throw Validate.duplicate(TerminationConfigs.NAME, c.name());
            }
        } catch (ValidationException e) {
            LOG.error("configuration {} refused, media-termination unchanged: {}", pid, e.getMessage());
            return;
        }
        String previous = pidToName.put(pid, c.name());
        if (previous != null && !previous.equals(c.name())) {
            instances.remove(previous);
            relay.closeInstance(previous);
        }
        Instance old = instances.get(c.name());
        if (old == null || !old.config().equals(c)) {
            apply(c);
            LOG.info("media-termination {} configured from {}", c.name(), pid);
        }
    }

    /** A factory configuration was deleted: the instance goes, with its sessions. */
    synchronized void deleted(String pid) {
        String name = pidToName.remove(pid);
        if (name != null && instances.remove(name) != null) {
            int closed = relay.closeInstance(name);
            LOG.info("media-termination {} removed with its configuration {} ({} session(s) closed)", name, pid, closed);
        }
    }

    private final class Factory implements ManagedServiceFactory {
        @Override
        public String getName() {
            return "imegate media-termination instances";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            MediaTerminationService.this.updated(pid, properties);
        }

        @Override
        public void deleted(String pid) {
            MediaTerminationService.this.deleted(pid);
        }
    }
}
