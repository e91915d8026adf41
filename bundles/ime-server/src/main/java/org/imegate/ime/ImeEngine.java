package org.imegate.ime;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VServiceInfo;
import org.imegate.api.ime.ValidatorSettings;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.ime.VapClientStatus;
import org.imegate.api.ime.VapServerInfo;
import org.imegate.api.ime.VapServerSetting;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VcrResult;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.api.ime.store.ImeStore;
import org.imegate.api.ime.store.StoredVcr;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.imegate.ime.vap.ServiceIdentity;
import org.imegate.ime.vap.ServiceXml;
import org.imegate.ime.vap.VapAttr;
import org.imegate.ime.vap.VapCodec;
import org.imegate.ime.vap.VapContext;
import org.imegate.ime.vap.VapMethod;
import org.imegate.ime.vap.VapRegistry;
import org.imegate.ime.vap.VapServer;
import org.imegate.ime.vap.VapSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IME server without OSGi: VAP server instances, VCR intake, the learned-route notifications,
 * housekeeping, and its management ({@link ImeServer}). The DS component builds one from the services
 * of the registry; tests build them directly (two of them make two enterprises).
 */
public class ImeEngine implements ImeServer, VcrIntake, VapContext, org.imegate.ime.validator.Terminating,
        AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImeEngine.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    /** Ticket password alphabet of UND-02: 0x21-0x73. */
    private static final int PW_FIRST = 0x21;
    private static final int PW_LAST = 0x73;
    static final int TICKET_PASSWORD_LENGTH = 32;
    /** Learned routes and tickets are valid one year (IME-51, TKT-05). */
    public static final Duration ROUTE_LIFETIME = Duration.ofDays(365);
    /** A VCR may end at most this far in the future (clock skew, UND-24). */
    static final Duration SKEW = Duration.ofSeconds(300);
    /** The longest call a VCR may describe. */
    static final Duration LONGEST_CALL = Duration.ofDays(2);

    /** The environment an engine runs in. */
    public record Environment(ImeStore store, DistributedCache cache, TicketService tickets, SecretBox box,
            ImeConfigStore config, Function<String, InetAddress> interfaces, Function<String, SSLContext> tls,
            Consumer<Alert> alerts, Clock clock) {
    }

    private final Environment env;
    private final ImeCounters counters = new ImeCounters();
    private final VapRegistry registry = new VapRegistry();
    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, VapServerConfig> vapConfigs = new LinkedHashMap<>();
    private final Map<String, VapServer> vapServers = new LinkedHashMap<>();
    private volatile ImeSettings settings;
    private volatile Credentials credentials;
    private final AtomicInteger threads = new AtomicInteger();
    private final org.imegate.ime.validator.ValidatorLimits origLimits;
    private final org.imegate.ime.validator.ValidatorLimits termLimits;
    private final java.util.Set<Long> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object pools = new Object();
    private volatile org.imegate.ime.validator.ValidatorServer validator;

    public ImeEngine(Environment env, ImeSettings settings, List<VapServerConfig> vapServers) {
        this.env = env;
        this.settings = settings;
        this.credentials = credentialsOf(settings);
        vapServers.forEach(c -> vapConfigs.put(c.name(), c));
        this.origLimits = new org.imegate.ime.validator.ValidatorLimits(() -> this.settings.validator().maxConcurrent(),
                () -> this.settings.validator().maxPerSecond());
        this.termLimits = new org.imegate.ime.validator.ValidatorLimits(() -> this.settings.validator().maxConcurrent(),
                () -> this.settings.validator().maxPerSecond());
        this.group = new NioEventLoopGroup(2, (java.util.concurrent.ThreadFactory) r -> daemon(r, "ime-vap-io-"));
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "ime-worker-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ime-timer-"));
    }

    private Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** Starts the enabled VAP servers and the housekeeping. */
    public synchronized void start() {
        try {
            validator = new org.imegate.ime.validator.ValidatorServer(this, new InetSocketAddress(
                    env.interfaces().apply(settings.validatorInterface()), settings.validatorPort()), termLimits);
        } catch (RuntimeException e) {
            LOG.error("validator not started: {}", e.getMessage());
        }
        for (VapServerConfig c : vapConfigs.values()) {
            startVap(c);
        }
        timers.scheduleWithFixedDelay(this::runDueValidations, 1, VALIDATION_POLL.toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::housekeeping, 1, 30, TimeUnit.SECONDS);
    }

    private void startVap(VapServerConfig c) {
        if (!c.enabled()) {
            return;
        }
        try {
            InetAddress address = env.interfaces().apply(c.iface());
            SSLContext tls = null;
            if (c.mode() == VapAuthMode.ENCRYPTED) {
                try {
                    tls = env.tls().apply(c.trustpoint());
                } catch (ValidationException e) {
                    env.alerts().accept(new Alert("InvalidCertificate", AlertSeverity.ALERT, AlertState.RAISED, "ime",
                            "VAP server " + c.name() + " (encrypted) has no usable certificate: " + e.getMessage(),
                            Map.of("vapServer", c.name(), "trustpoint", c.trustpoint()), env.clock().instant()));
                    throw e;
                }
            }
            vapServers.put(c.name(), new VapServer(c.name(), new InetSocketAddress(address, c.port()), tls,
                    c.keepaliveInterval(), c.maxConnections(), this, group, workers));
        } catch (RuntimeException e) {
            LOG.error("VAP server {} not started: {}", c.name(), e.getMessage());
        }
    }

    private void stopVap(String name) {
        VapServer s = vapServers.remove(name);
        if (s != null) {
            s.close();
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(vapServers.keySet()).forEach(this::stopVap);
        if (validator != null) {
            validator.close();
        }
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public ImeCounters counters() {
        return counters;
    }

    public Environment environment() {
        return env;
    }

    public ImeSettings imeSettings() {
        return settings;
    }

    /** Applies a changed singleton configuration (an edit of etc/org.imegate.ime.cfg). */
    public synchronized void reload(ImeSettings s) {
        settings = s;
        credentials = credentialsOf(s);
    }

    /** The bound port of a VAP server instance (tests configure port 0... or a fixed port). */
    public synchronized Optional<Integer> vapPort(String name) {
        return Optional.ofNullable(vapServers.get(name)).map(VapServer::port);
    }

    /**
     * Bandwidth of the IME server's traffic (VAP and validation) over the last housekeeping period, Kbit/s.
     *
     * @param receive downlink (true) or uplink
     */
    public long bandwidthKbps(boolean receive) {
        return receive ? recvKbps : sendKbps;
    }

    private volatile long recvKbps;
    private volatile long sendKbps;
    private long lastBytesIn;
    private long lastBytesOut;
    private Instant lastSample;

    private synchronized void sampleBandwidth(Instant now) {
        long in = counters.bytesReceived.sum();
        long out = counters.bytesSent.sum();
        if (lastSample != null) {
            long ms = Math.max(1, Duration.between(lastSample, now).toMillis());
            recvKbps = (in - lastBytesIn) * 8 / ms;
            sendKbps = (out - lastBytesOut) * 8 / ms;
        }
        lastBytesIn = in;
        lastBytesOut = out;
        lastSample = now;
    }

    // ------------------------------------------------------------------ VapContext

    private Credentials credentialsOf(ImeSettings s) {
        if (s.vapUsername().isEmpty() || s.vapPassword().isEmpty()) {
            return null;
        }
        byte[] pw = env.box().open(s.vapPassword());
        try {
            return new Credentials(s.vapUsername(), VapCodec.key(s.vapUsername(), VapAttr.REALM_VALUE, pw));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public VapRegistry registry() {
        return registry;
    }

    @Override
    public VcrIntake intake() {
        return this;
    }

    @Override
    public void publishNumber(long vserviceId, String number) throws CacheUnavailableException {
        byte[] peer = env.cache().peerId();
        byte[] value = RingRecords.seal(number, peer, validatorAddress());
        Duration lifetime = Duration.ofSeconds(settings.dhtLifetime());
        String key = RingRecords.key(peer, vserviceId);
        for (byte[] rid : RingRecords.resourceIds(number)) {
            counters.cacheStores.increment();
            env.cache().store(rid, key, value, lifetime);
        }
    }

    /** Where this server's validator is reached ({@code host:port}), as published in the ring. */
    public String validatorAddress() {
        ImeSettings s = settings;
        if (!s.validatorPublicAddress().isEmpty()) {
            return s.validatorPublicAddress();
        }
        org.imegate.ime.validator.ValidatorServer v = validator;
        return env.interfaces().apply(s.validatorInterface()).getHostAddress() + ":"
                + (v != null ? v.port() : s.validatorPort());
    }

    // ------------------------------------------------------------------ validation, originating side

    /** How often due validations are looked for. */
    static final Duration VALIDATION_POLL = Duration.ofMillis(500);
    /** Attempts of a validation whose peer cannot be reached or cannot answer, before it is given up. */
    static final int MAX_ATTEMPTS = 6;

    private void runDueValidations() {
        try {
            for (org.imegate.api.ime.store.PendingValidation p : env.store().dueValidations(env.clock().instant(), 32)) {
                if (inFlight.add(p.id())) {
                    try {
                        workers.execute(() -> {
                            try {
                                validate(p);
                            } catch (RuntimeException e) {
                                LOG.error("validation of VCR {} failed", p.vcr().id(), e);
                            } finally {
                                inFlight.remove(p.id());
                            }
                        });
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        inFlight.remove(p.id());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("due validations cannot be read: {}", e.getMessage());
        }
    }

    private void retry(org.imegate.api.ime.store.PendingValidation p, String why) {
        int attempts = p.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
            LOG.info("validation of {} given up after {} attempts: {}", p.vcr().vcr().calledNumber(), attempts, why);
            env.store().completeValidation(p.id());
            return;
        }
        long backoff = Math.min(3600, 15L << attempts);
        env.store().reschedule(p.id(), env.clock().instant().plusSeconds(backoff), attempts);
        LOG.info("validation of {} retried in {} s: {}", p.vcr().vcr().calledNumber(), backoff, why);
    }

    /** One scheduled validation (VAP §9.8.1): look the number up in the ring and validate with each owner. */
    void validate(org.imegate.api.ime.store.PendingValidation p) {
        VoiceCallRecord v = p.vcr().vcr();
        Optional<VServiceInfo> own = registry.vservice(v.vserviceId());
        if (own.isEmpty()) {
            retry(p, "VService " + ServiceIdentity.hex(v.vserviceId()) + " is not published now");
            return;
        }
        List<org.imegate.api.ime.cache.CacheEntry> entries;
        counters.cacheReads.increment();
        try {
            entries = env.cache().fetch(RingRecords.resourceId(v.calledNumber()));
        } catch (CacheUnavailableException e) {
            retry(p, e.getMessage());
            return;
        }
        String self = java.util.HexFormat.of().formatHex(env.cache().peerId());
        Map<String, RingRecords.Record> peers = new LinkedHashMap<>();
        for (org.imegate.api.ime.cache.CacheEntry e : entries) {
            // a VService never validates its own numbers; another VService of this server (another
            // enterprise served by it, IME-05) is validated like any peer, through the validator port
            boolean ownService = RingRecords.vserviceId(e.key()).map(id -> id == v.vserviceId()).orElse(false);
            RingRecords.open(v.calledNumber(), e.value()).ifPresent(r -> {
                String peer = java.util.HexFormat.of().formatHex(r.peerId());
                if (!(peer.equals(self) && ownService)) {
                    peers.putIfAbsent(peer, r);
                }
            });
        }
        if (peers.isEmpty()) {
            LOG.info("validation of {}: the number is not in the ring", v.calledNumber());
            env.store().completeValidation(p.id());
            return;
        }
        boolean definitive = false;
        String pendingWhy = null;
        Duration tolerance = Duration.ofSeconds(settings.validator().toleranceSeconds());
        for (Map.Entry<String, RingRecords.Record> peer : peers.entrySet()) {
            if (!origLimits.tryAcquire()) {
                counters.blockedOrigTlsLimit.increment();
                pendingWhy = "TLSValidationThreshold reached";
                continue;
            }
            org.imegate.ime.validator.ValidatorClient.Result r;
            try {
                counters.validationAttempts.increment();
                r = org.imegate.ime.validator.ValidatorClient.validate(v, peer.getValue().validatorAddress(),
                        own.get().domain(), tolerance);
            } finally {
                origLimits.release();
            }
            switch (r.status()) {
                case OK -> {
                    definitive = true;
                    succeeded(peer.getKey(), v, own.get(), r);
                }
                case FAILED -> {
                    definitive = true;
                    failed(peer.getKey(), v, r.detail());
                }
                case BLOCKED, EXCLUDED -> {
                    definitive = true;
                    LOG.info("validation of {} with peer {}: {}", v.calledNumber(), peer.getKey(), r.status());
                }
                default -> pendingWhy = r.status() + " " + r.detail();
            }
        }
        if (!definitive && pendingWhy != null) {
            retry(p, pendingWhy);
        } else {
            env.store().completeValidation(p.id());
        }
    }

    private void succeeded(String peer, VoiceCallRecord v, VServiceInfo own,
            org.imegate.ime.validator.ValidatorClient.Result r) {
        Instant now = env.clock().instant();
        String domain = r.valInfo().sipUris().isEmpty() ? "" : hostOf(r.valInfo().sipUris().get(0));
        if (!domain.isEmpty() && (settings.blockedDomains().contains(domain.toLowerCase(Locale.ROOT))
                || !own.trusts(domain))) {
            counters.validationsBlocked.increment();
            LOG.info("route to {} learned from {} not passed on: domain {} is not trusted by VService {}",
                    v.calledNumber(), peer, domain, ServiceIdentity.hex(v.vserviceId()));
            return;
        }
        LearnedRoute route = new LearnedRoute(v.calledNumber(), domain, r.valInfo().sipUris(), r.valInfo().ticket(),
                v.vserviceId(), peer, now, now.plus(ROUTE_LIFETIME));
        List<LearnedRoute> emitted;
        synchronized (pools) {
            org.imegate.ime.validator.Pools.Outcome o = org.imegate.ime.validator.Pools.success(
                    env.store().pool(peer), v.calledNumber(), r.method(), route, settings.validator().bucketEntropy());
            env.store().savePool(o.pool(), o.emitted());
            emitted = o.emitted();
            // counted with the pool it filled: a Notify that follows never runs ahead of the count
            counters.validationsSucceeded.increment();
        }
        LOG.info("validation of {} with peer {} succeeded (value {}){}", v.calledNumber(), peer, r.method(),
                emitted.isEmpty() ? ", awaiting confirmation" : "; " + emitted.size() + " route(s) learned");
        Map<Long, List<LearnedRoute>> byService = new LinkedHashMap<>();
        emitted.forEach(x -> byService.computeIfAbsent(x.vserviceId(), k -> new ArrayList<>()).add(x));
        byService.forEach(this::notifyRoutes);
    }

    private void failed(String peer, VoiceCallRecord v, String detail) {
        synchronized (pools) {
            env.store().savePool(org.imegate.ime.validator.Pools.failure(env.store().pool(peer), v.calledNumber()).pool(),
                    List.of());
        }
        counters.validationsFailed.increment();
        LOG.warn("validation of {} with peer {} failed ({}): the peer's pool is emptied and the number put in the"
                + " penalty box", v.calledNumber(), peer, detail);
    }

    /** The host of a SIP URI ({@code sip:user@host:port;params}). */
    static String hostOf(String uri) {
        String u = uri.replaceFirst("^sips?:", "");
        int at = u.indexOf('@');
        u = at >= 0 ? u.substring(at + 1) : u;
        int end = u.length();
        for (char c : new char[] {':', ';', '?', '>'}) {
            int i = u.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return u.substring(0, end);
    }

    // ------------------------------------------------------------------ validation, terminating side

    @Override
    public ValidatorSettings settings() {
        return settings.validator();
    }

    @Override
    public List<StoredVcr> candidates(String calledKey, Instant from, Instant to) {
        return env.store().terminatingVcrsByKey(calledKey, from, to);
    }

    @Override
    public Optional<VServiceInfo> vservice(long vserviceId) {
        return registry.vservice(vserviceId);
    }

    @Override
    public String issueTicket(String issuerDomain, String callingDomain, String number) {
        return env.tickets().issue(new org.imegate.api.ticket.TicketRequest(issuerDomain, callingDomain,
                List.of(number), env.clock().instant()));
    }

    /** The validator's bound port, empty when it is not listening. */
    public Optional<Integer> validatorPort() {
        org.imegate.ime.validator.ValidatorServer v = validator;
        return v == null ? Optional.empty() : Optional.of(v.port());
    }

    @Override
    public long quotaLimit() {
        return settings.quotaLimit();
    }

    @Override
    public long dhtLifetimeSeconds() {
        return settings.dhtLifetime();
    }

    @Override
    public void invalidCredentials(String vapServer, String clientAddress, String username, int code) {
        LOG.warn("VAP server {}: request from {} as user {} refused with {}", vapServer, clientAddress, username, code);
        AUDIT.warn("VAP authentication failure on {} from {} as user {} ({})", vapServer, clientAddress, username,
                code == 431 ? "integrity check failure" : "unknown username");
        env.alerts().accept(new Alert("InvalidCredentials", AlertSeverity.ERROR, AlertState.RAISED, "ime",
                "Invalid or mismatched credentials: call agent " + clientAddress + " on VAP server " + vapServer
                        + " as user " + username + " (" + code + ")",
                Map.of("vapServer", vapServer, "clientAddress", clientAddress, "username", username,
                        "code", Integer.toString(code)), env.clock().instant()));
    }

    // ------------------------------------------------------------------ VcrIntake

    @Override
    public void refuse(String source, String reason) {
        counters.vcrUploadRequests.increment();
        counters.vcrsRejected.increment();
        LOG.info("VCR from {} refused: {}", source, reason);
    }

    @Override
    public synchronized VcrResult submit(VoiceCallRecord vcr, String source) {
        if (!source.startsWith("vap:")) {
            counters.vcrUploadRequests.increment();
        }
        String refusal = check(vcr);
        if (refusal != null) {
            counters.vcrsRejected.increment();
            LOG.info("VCR from {} refused: {}", source, refusal);
            return new VcrResult(VcrOutcome.REJECTED, 0, refusal);
        }
        Instant now = env.clock().instant();
        ValidatorSettings v = settings.validator();
        Optional<Instant> due = Optional.empty();
        boolean correlated = false;
        if (vcr.direction() == CallDirection.SENT) {
            correlated = v.minIntervalMinutes() > 0 && env.store().validationScheduledNear(vcr.calledNumber(),
                    vcr.start(), Duration.ofMinutes(v.minIntervalMinutes()));
            if (!correlated) {
                int max = v.maxDelaySeconds();
                int min = Math.min(30, max);
                due = Optional.of(now.plusSeconds(min + (max > min ? ThreadLocalRandom.current().nextInt(max - min + 1) : 0)));
            }
        }
        Optional<StoredVcr> stored = env.store().insertVcr(vcr, now, due);
        if (stored.isEmpty()) {
            counters.vcrsDuplicate.increment();
            return new VcrResult(VcrOutcome.DUPLICATE, 0, "already stored");
        }
        if (correlated) {
            counters.vcrsCorrelated.increment();
            return new VcrResult(VcrOutcome.CORRELATED, stored.get().id(), "another VCR to " + vcr.calledNumber()
                    + " is within " + v.minIntervalMinutes() + " minutes; not validated");
        }
        return new VcrResult(VcrOutcome.ACCEPTED, stored.get().id(), "");
    }

    private String check(VoiceCallRecord vcr) {
        if (!VoiceCallRecord.isE164(vcr.calledNumber())) {
            return "CalledNum " + shorten(vcr.calledNumber()) + " is not +E.164";
        }
        if (!vcr.callingNumber().isEmpty() && !VoiceCallRecord.isE164(vcr.callingNumber())) {
            return "CallingNum " + shorten(vcr.callingNumber()) + " is not +E.164";
        }
        if (vcr.stop().isBefore(vcr.start())) {
            return "StopTime is before StartTime";
        }
        if (Duration.between(vcr.start(), vcr.stop()).compareTo(LONGEST_CALL) > 0) {
            return "the call lasts more than " + LONGEST_CALL.toHours() + " hours";
        }
        if (vcr.stop().isAfter(env.clock().instant().plus(SKEW))) {
            return "StopTime is in the future";
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 32 ? s.substring(0, 29) + "..." : s;
    }

    // ------------------------------------------------------------------ learned routes

    /** Sends each route to every subscriber of {@code vserviceId} in a Notify (§9.8.1, §9.9); returns how many were sent. */
    public int notifyRoutes(long vserviceId, List<LearnedRoute> routes) {
        int sent = 0;
        for (VapRegistry.Subscriber s : registry.subscribers(vserviceId)) {
            VapSession session = s.client().session();
            if (session == null) {
                continue;
            }
            for (LearnedRoute r : routes) {
                byte[] xml = ServiceXml.valInfo(new ServiceXml.ValInfo(r.number(), r.ticket(), r.sipUris()));
                boolean ok = session.sendRequest(VapMethod.NOTIFY, s.subscriptionId(), b -> b
                        .u32(VapAttr.SUBSCRIPTION_ID, s.subscriptionId())
                        .serviceIdentity(new ServiceIdentity(VapAttr.SERVICE_ID_ALT, VapAttr.SUBSERVICE_NUMBERS,
                                vserviceId, VapAttr.ALL_ONES))
                        .add(VapAttr.SERVICE_CONTENT, xml));
                if (ok) {
                    sent++;
                    counters.notifiesSent.increment();
                }
            }
        }
        LOG.info("learned routes {} for VService {} sent in {} Notify", routes.stream().map(LearnedRoute::number).toList(),
                ServiceIdentity.hex(vserviceId), sent);
        return sent;
    }

    /** Revokes every published VService (its DHT is unavailable): PublishRevoke to its instances' clients. */
    public int revokeVServices(String reason) {
        int sent = 0;
        for (VServiceInfo v : registry.vservices()) {
            for (VServiceInfo.Instance i : v.instances()) {
                Optional<VapRegistry.Client> c = registry.client(i.clientHandle());
                if (c.isPresent() && c.get().session() != null && c.get().session().sendRequest(
                        VapMethod.PUBLISH_REVOKE, 0, b -> b.serviceIdentity(new ServiceIdentity(VapAttr.SERVICE_ID,
                                VapAttr.SUBSERVICE_VSERVICE, v.vserviceId(), i.instance())))) {
                    sent++;
                }
                registry.unpublish(v.vserviceId(), i.instance());
            }
        }
        LOG.warn("{} VService instance(s) revoked: {}", sent, reason);
        return sent;
    }

    // ------------------------------------------------------------------ housekeeping

    void housekeeping() {
        try {
            Instant now = env.clock().instant();
            ValidatorSettings v = settings.validator();
            int vcrs = env.store().purgeVcrs(CallDirection.RECEIVED, now.minus(Duration.ofDays(v.retentionDays())));
            int orig = env.store().purgeVcrs(CallDirection.SENT, now.minus(Duration.ofDays(v.retentionDays())));
            int routes = env.store().purgeRoutes(now);
            int cache = env.store().cachePurge(now);
            if (vcrs + orig + routes + cache > 0) {
                LOG.info("housekeeping: {} terminating and {} originating VCRs, {} routes, {} cache entries expired",
                        vcrs, orig, routes, cache);
            }
            sampleBandwidth(now);
            checkRing();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.getMessage());
        }
    }

    private volatile int ringHealth = 2;

    /** When the ring becomes unavailable (health 0), the VServices publishing into it are revoked (VAP §9.10). */
    public void checkRing() {
        int health = env.cache().health();
        if (health == 0 && ringHealth > 0) {
            revokeVServices("the distributed cache is unavailable");
        }
        ringHealth = health;
    }

    // ------------------------------------------------------------------ ImeServer

    @Override
    public synchronized List<VapServerInfo> vapServers() {
        return vapConfigs.values().stream().map(this::info).toList();
    }

    private VapServerInfo info(VapServerConfig c) {
        VapServer s = vapServers.get(c.name());
        return new VapServerInfo(c.name(), c.port(), c.mode(), c.enabled(), c.keepaliveInterval(), c.maxConnections(),
                c.trustpoint(), s != null, s == null ? 0 : s.sessions().size());
    }

    @Override
    public synchronized Optional<VapServerInfo> vapServer(String name) {
        return Optional.ofNullable(vapConfigs.get(name)).map(this::info);
    }

    @Override
    public synchronized VapServerInfo addVapServer(String name, int port, VapAuthMode mode) {
        VapServerConfig c = VapServerConfig.create(name, port, mode);
        if (vapConfigs.containsKey(c.name())) {
            throw Validate.duplicate("vapservername", c.name());
        }
        portFree(c.name(), c.port());
        env.config().saveVapServer(c.name(), c.toMap());
        vapConfigs.put(c.name(), c);
        AUDIT.info("VAP server {} added: port {}, {}", c.name(), c.port(), mode.name().toLowerCase(Locale.ROOT));
        startVap(c);
        return info(c);
    }

    private void portFree(String name, int port) {
        for (VapServerConfig o : vapConfigs.values()) {
            if (!o.name().equals(name) && o.port() == port) {
                throw Validate.inUse("port", port, "VAP server " + o.name());
            }
        }
    }

    @Override
    public synchronized VapServerInfo setVapServer(String name, VapServerSetting setting, String value) {
        VapServerConfig c = vapConfigs.get(name);
        if (c == null) {
            throw Validate.unknown("vapservername", name);
        }
        Map<String, String> p = c.toMap();
        String key = switch (setting) {
            case AUTHENTICATIONMODE -> VapServerConfig.MODE;
            case ENABLED -> VapServerConfig.ENABLED;
            case KEEPALIVEINTERVAL -> VapServerConfig.KEEPALIVE;
            case MAXCONNECTIONSALLOWED -> VapServerConfig.MAX_CONNECTIONS;
            case PORT -> VapServerConfig.PORT;
            case TRUSTPOINT -> VapServerConfig.TRUSTPOINT;
        };
        p.put(key, Validate.required(key, value));
        VapServerConfig n = VapServerConfig.of(p);
        portFree(n.name(), n.port());
        env.config().saveVapServer(n.name(), n.toMap());
        vapConfigs.put(n.name(), n);
        AUDIT.info("VAP server {}: {} set to {}", name, key, value);
        stopVap(name);
        startVap(n);
        return info(n);
    }

    @Override
    public synchronized void removeVapServer(String name) {
        if (!vapConfigs.containsKey(name)) {
            throw Validate.unknown("vapservername", name);
        }
        env.config().deleteVapServer(name);
        vapConfigs.remove(name);
        stopVap(name);
        AUDIT.info("VAP server {} removed", name);
    }

    @Override
    public synchronized void setVapCredentials(String username, char[] password) {
        ImeSettings.username(username);
        if (password == null || password.length < 1 || password.length > 128) {
            throw Validate.fail("password", SecretBox.MASK, "must be 1 to 128 characters");
        }
        byte[] octets = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            String sealed = env.box().seal(octets);
            ImeSettings n = settings.withCredentials(username, sealed);
            env.config().saveGlobal(n.toMap());
            settings = n;
            credentials = new Credentials(username, VapCodec.key(username, VapAttr.REALM_VALUE, octets));
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
        AUDIT.info("VAP user credentials set for user {}", username);
    }

    @Override
    public Optional<String> vapUsername() {
        String u = settings.vapUsername();
        return u.isEmpty() ? Optional.empty() : Optional.of(u);
    }

    @Override
    public synchronized List<VapClientStatus> clients() {
        List<VapClientStatus> out = new ArrayList<>();
        for (VapServer s : vapServers.values()) {
            s.sessions().forEach(x -> out.add(x.status()));
        }
        out.sort(Comparator.comparing(VapClientStatus::vapServer).thenComparing(VapClientStatus::clientHandle));
        return out;
    }

    @Override
    public List<VServiceInfo> vservices() {
        return registry.vservices();
    }

    @Override
    public ValidatorSettings validatorSettings() {
        return settings.validator();
    }

    @Override
    public synchronized ValidatorSettings setValidator(String setting, String value) {
        ValidatorSettings v = settings.validator();
        String s = Validate.required("setting", setting).toLowerCase(Locale.ROOT);
        ValidatorSettings n = switch (s) {
            case "bucketentropy" -> new ValidatorSettings(Validate.parseInt(s, value, 0, 255), v.minIntervalMinutes(),
                    v.maxDelaySeconds(), v.toleranceSeconds(), v.retentionDays(), v.maxConcurrent(), v.maxPerSecond());
            case "validationsrequired" -> new ValidatorSettings(8 * Validate.parseInt(s, value, 1, 10) - 1,
                    v.minIntervalMinutes(), v.maxDelaySeconds(), v.toleranceSeconds(), v.retentionDays(),
                    v.maxConcurrent(), v.maxPerSecond());
            case "mininterval" -> new ValidatorSettings(v.bucketEntropy(), Validate.parseInt(s, value, 0, 10080),
                    v.maxDelaySeconds(), v.toleranceSeconds(), v.retentionDays(), v.maxConcurrent(), v.maxPerSecond());
            case "maxdelay" -> new ValidatorSettings(v.bucketEntropy(), v.minIntervalMinutes(),
                    Validate.parseInt(s, value, 0, 86400), v.toleranceSeconds(), v.retentionDays(), v.maxConcurrent(),
                    v.maxPerSecond());
            case "tolerance" -> new ValidatorSettings(v.bucketEntropy(), v.minIntervalMinutes(), v.maxDelaySeconds(),
                    Validate.parseInt(s, value, 1, 300), v.retentionDays(), v.maxConcurrent(), v.maxPerSecond());
            case "retention" -> new ValidatorSettings(v.bucketEntropy(), v.minIntervalMinutes(), v.maxDelaySeconds(),
                    v.toleranceSeconds(), Validate.parseInt(s, value, 1, 365), v.maxConcurrent(), v.maxPerSecond());
            case "tlsconcurrent" -> new ValidatorSettings(v.bucketEntropy(), v.minIntervalMinutes(),
                    v.maxDelaySeconds(), v.toleranceSeconds(), v.retentionDays(), Validate.parseInt(s, value, 1, 1000),
                    v.maxPerSecond());
            case "tlsrate" -> new ValidatorSettings(v.bucketEntropy(), v.minIntervalMinutes(), v.maxDelaySeconds(),
                    v.toleranceSeconds(), v.retentionDays(), v.maxConcurrent(), Validate.parseInt(s, value, 1, 10000));
            default -> throw Validate.fail("setting", setting, "must be one of bucketentropy, validationsrequired,"
                    + " mininterval, maxdelay, tolerance, retention, tlsconcurrent, tlsrate");
        };
        ImeSettings ns = settings.withValidator(n);
        env.config().saveGlobal(ns.toMap());
        settings = ns;
        AUDIT.info("ime validator local {} set to {}", s, value);
        return n;
    }

    @Override
    public List<String> blockedDomains() {
        return settings.blockedDomains();
    }

    @Override
    public synchronized void blockDomain(String domain, boolean blocked) {
        String d = ImeSettings.domain(domain);
        List<String> list = new ArrayList<>(settings.blockedDomains());
        list.remove(d);
        if (blocked) {
            list.add(d);
        }
        ImeSettings n = settings.withTrust(list, settings.excludedNumbers());
        env.config().saveGlobal(n.toMap());
        settings = n;
        AUDIT.info("domain {} {} for validations and tickets", d, blocked ? "blocked" : "no longer blocked");
    }

    @Override
    public List<String> excludedNumbers() {
        return settings.excludedNumbers();
    }

    @Override
    public synchronized void excludeNumber(String number, boolean excluded) {
        String n0 = ImeSettings.number(number);
        List<String> list = new ArrayList<>(settings.excludedNumbers());
        list.remove(n0);
        if (excluded) {
            list.add(n0);
        }
        ImeSettings n = settings.withTrust(settings.blockedDomains(), list);
        env.config().saveGlobal(n.toMap());
        settings = n;
        AUDIT.info("number {} {} from validation", n0, excluded ? "excluded" : "no longer excluded");
    }

    @Override
    public List<LearnedRoute> learnedRoutes() {
        return env.store().learnedRoutes();
    }

    @Override
    public char[] generateTicketPassword(int epoch) {
        Validate.range("epoch", epoch, 1, 255);
        SecureRandom random = new SecureRandom();
        char[] pw = new char[TICKET_PASSWORD_LENGTH];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = (char) (PW_FIRST + random.nextInt(PW_LAST - PW_FIRST + 1));
        }
        env.tickets().configure(epoch, pw);
        AUDIT.info("ticket password generated for epoch {}", epoch);
        return pw;
    }

    @Override
    public List<org.imegate.api.ime.DidOwner> fetchDid(String number) {
        String n = ImeSettings.number(number);
        List<org.imegate.api.ime.DidOwner> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        counters.cacheReads.increment();
        try {
            for (byte[] rid : RingRecords.resourceIds(n)) {
                for (org.imegate.api.ime.cache.CacheEntry e : env.cache().fetch(rid)) {
                    Optional<RingRecords.Record> r = RingRecords.open(n, e.value());
                    if (r.isPresent() && seen.add(e.key())) {
                        out.add(new org.imegate.api.ime.DidOwner(java.util.HexFormat.of().formatHex(r.get().peerId()),
                                RingRecords.vserviceId(e.key()).orElse(0L), r.get().validatorAddress(), e.expires()));
                    }
                }
            }
        } catch (CacheUnavailableException e) {
            throw Validate.fail("number", n, "cannot be looked up: " + e.getMessage());
        }
        return out;
    }

    @Override
    public String peerId() {
        return java.util.HexFormat.of().formatHex(env.cache().peerId());
    }

    /** The ring port of the appliance (IME-63); the ring overlay listens there. */
    static final int DHT_PORT = 6084;

    @Override
    public org.imegate.api.ime.Addressing addressing() {
        String address = validatorAddress();
        String privateAddress = env.interfaces().apply(settings.validatorInterface()).getHostAddress();
        org.imegate.ime.validator.ValidatorServer v = validator;
        int port = v != null ? v.port() : settings.validatorPort();
        String publicAddress = address.substring(0, address.lastIndexOf(':'));
        return new org.imegate.api.ime.Addressing(publicAddress, privateAddress, DHT_PORT, port);
    }

    @Override
    public synchronized org.imegate.api.ime.Addressing setPublicAddress(String ipv4) {
        Validate.name("publicipaddrv4", ipv4, 15, java.util.regex.Pattern.compile(
                "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"),
                "an IPv4 address in dotted decimal");
        org.imegate.ime.validator.ValidatorServer v = validator;
        int port = v != null ? v.port() : settings.validatorPort();
        Map<String, String> m = new LinkedHashMap<>(settings.toMap());
        m.put(ImeSettings.VALIDATOR_PUBLIC, ipv4 + ":" + port);
        ImeSettings n = ImeSettings.of(m);
        env.config().saveGlobal(n.toMap());
        settings = n;
        AUDIT.info("ime addressing publicipaddrv4 set to {}", ipv4);
        return addressing();
    }
}
