package org.imegate.ring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Bodies.NodeInfo;
import org.imegate.ring.msg.Codec;
import org.imegate.ring.msg.Codes;
import org.imegate.ring.msg.Destination;
import org.imegate.ring.msg.ForwardingHeader;
import org.imegate.ring.msg.MalformedMessageException;
import org.imegate.ring.msg.Message;
import org.imegate.ring.msg.SecurityBlock;
import org.imegate.ring.msg.StoredData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer of the overlay: CHORD-RELOAD routing (successors, predecessors, finger table, stabilisation),
 * the Join/Leave/Update/Ping/Store/Fetch/Stat/ConfigUpdate methods of RFC 6940 for the IME dictionary
 * kind, replication to successors, access control, quota and rate limits. See docs/ring.md for the
 * simplifications of RFC 6940.
 */
public final class ChordNode implements UnaryOperator<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ChordNode.class);
    /** The wildcard Node-ID: a request to it is processed by the first peer that receives it. */
    public static final NodeId WILDCARD = new NodeId(-1L, -1L);
    private static final int ROUTE_ATTEMPTS = 16;

    private final NodeId id;
    private final NodeInfo self;
    private final Identity identity;
    private final Verifier verifier;
    private final Transport transport;
    private final RingSettings settings;
    private final Clock clock;
    private final int overlayHash;
    private final DataStore store = new DataStore();
    private final RateLimiter storeLimiter;
    private final RateLimiter fetchLimiter;
    private final Object table = new Object();
    private volatile List<NodeInfo> predecessors = List.of();
    private volatile List<NodeInfo> successors = List.of();
    private final NodeInfo[] fingers = new NodeInfo[128];
    private final Map<NodeId, Long> dead = new ConcurrentHashMap<>();
    private final Map<NodeId, List<NodeId>> replicatedTo = new ConcurrentHashMap<>();
    private final Map<NodeId, NodeId> pushedTo = new ConcurrentHashMap<>();
    private final Map<NodeId, NodeId> verifiedCertificates = new ConcurrentHashMap<>();
    private final long started;
    private volatile Consumer<RingEvent> events = e -> { };
    private volatile byte[] signedConfig = new byte[0];
    private volatile OverlayConfig config;
    private volatile long configReceivedMillis;
    private volatile boolean joined;
    private volatile boolean banned;
    private volatile List<String> bootstrapAddresses = List.of();
    private volatile NodeId bootstrapId;
    private volatile long lastBootstrapContact;
    private final AtomicLong tokensReceived = new AtomicLong();
    private final AtomicLong storesServed = new AtomicLong();
    private final AtomicLong fetchesServed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastHops = new AtomicLong();
    private final AtomicLong joinFailures = new AtomicLong();
    private volatile String lastJoinFailure = "";

    public ChordNode(Identity identity, Verifier verifier, Transport transport, RingSettings settings, Clock clock) {
        this.identity = identity;
        this.id = identity.nodeId();
        this.verifier = verifier;
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
        this.self = new NodeInfo(id, transport.localAddress());
        this.overlayHash = overlayHash(settings.overlayName());
        this.storeLimiter = new RateLimiter(settings.storeRatePerSecond(), settings.storeRatePerSecond() * 4.0,
                System::nanoTime);
        this.fetchLimiter = new RateLimiter(settings.fetchRatePerSecond(), settings.fetchRatePerSecond() * 4.0,
                System::nanoTime);
        this.started = clock.millis();
    }

    /** The forwarding header's overlay field: the low 32 bits of SHA-1 of the overlay name (RFC 6940 §6.3.2). */
    public static int overlayHash(String overlayName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(overlayName.getBytes(StandardCharsets.UTF_8));
            return ((h[16] & 0xff) << 24) | ((h[17] & 0xff) << 16) | ((h[18] & 0xff) << 8) | (h[19] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void onEvent(Consumer<RingEvent> listener) {
        this.events = listener;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the transport (this node answers from now on). */
    public void start() throws IOException {
        transport.start(this);
    }

    /**
     * Joins the overlay through the first reachable bootstrap address (RFC 6940 §11.5: JoinReq routed
     * to the joining node's own Node-ID reaches the admitting peer, its successor). A bootstrap node
     * that reaches none forms the ring alone.
     *
     * @throws IOException when no bootstrap answers (and this is not a bootstrap node)
     * @throws RingSecurityException when the overlay refuses this node (banned, certificate)
     */
    public void join(List<String> bootstraps) throws IOException, RingSecurityException {
        try {
            joinOnce(bootstraps);
        } catch (IOException | RingSecurityException e) {
            joinFailures.incrementAndGet();
            lastJoinFailure = e.getMessage();
            throw e;
        }
    }

    /** Join attempts that failed so far. */
    public long joinFailures() {
        return joinFailures.get();
    }

    /** Why the last join attempt failed (empty if none did). */
    public String lastJoinFailure() {
        return lastJoinFailure;
    }

    private void joinOnce(List<String> bootstraps) throws IOException, RingSecurityException {
        List<String> others = bootstraps.stream().filter(a -> !a.equals(self.address())).toList();
        this.bootstrapAddresses = List.copyOf(bootstraps);
        IOException last = null;
        for (String addr : others) {
            Message req = request(Codes.JOIN_REQ, new Bodies.JoinReq(self).encode(), Destination.resource(id));
            Message ans;
            try {
                ans = send(addr, req);
            } catch (IOException e) {
                last = e;
                continue;
            }
            if (ans.code() == Codes.ERROR) {
                Bodies.ErrorAns err = Bodies.ErrorAns.decode(ans.body());
                if (err.code() == Codes.ERROR_FORBIDDEN) {
                    if (err.info().contains("banned")) {
                        markBanned(err.info());
                    }
                    throw new RingSecurityException("join refused: " + err.info());
                }
                last = new IOException("join refused: " + err.info());
                continue;
            }
            Bodies.JoinAns ja = Bodies.JoinAns.decode(ans.body());
            adoptConfiguration(ja.configuration());
            if (banned) {
                throw new RingSecurityException("this node is banned from the overlay");
            }
            for (NodeInfo n : ja.successors()) {
                learn(n, true);
            }
            for (NodeInfo n : ja.predecessors()) {
                learn(n, false);
            }
            joined = true;
            LOG.info("ring node {} joined overlay {} through {}", id, settings.overlayName(), addr);
            exchangeUpdates();
            fixFingers();
            pingBootstrap();
            return;
        }
        if (settings.bootstrap()) {
            joined = true;
            LOG.info("ring node {} formed overlay {} as bootstrap", id, settings.overlayName());
            return;
        }
        throw last != null ? last : new IOException("no bootstrap address configured");
    }

    /** Leaves the overlay (RFC 6940 §6.4.2.3): tells the neighbours and hands the data it is responsible for to its successor. */
    public void leave() {
        if (!joined) {
            return;
        }
        List<NodeInfo> succ = successors;
        if (!succ.isEmpty()) {
            for (NodeId rid : store.resources()) {
                if (responsible(rid)) {
                    sendCopy(succ.get(0), rid, 1);
                }
            }
        }
        byte[] body = new Bodies.LeaveReq(self, predecessors, successors).encode();
        for (NodeInfo n : neighbours()) {
            try {
                send(n.address(), request(Codes.LEAVE_REQ, body, Destination.node(n.id())));
            } catch (IOException e) {
                LOG.debug("leave to {} failed: {}", n.address(), e.getMessage());
            }
        }
        joined = false;
    }

    /** Stops answering. */
    public void close() {
        transport.close();
    }

    // ------------------------------------------------------------------ client operations

    /** Outcome of a client operation. */
    public record Answer(Message message, int hops) {
        public boolean error() {
            return message.code() == Codes.ERROR;
        }

        public Bodies.ErrorAns errorAns() {
            return Bodies.ErrorAns.decode(message.body());
        }
    }

    /** Signs and stores {@code value} under {@code key} of {@code resourceId}, routed to the responsible peer. */
    public Answer store(NodeId resourceId, String key, byte[] value, int lifetimeSeconds, long storageTime) {
        byte[] sig = identity.sign(StoredData.signedBytes(resourceId, Codes.KIND_IME_DICTIONARY, storageTime,
                lifetimeSeconds, key, value));
        StoredData d = new StoredData(storageTime, lifetimeSeconds, key, value, identity.certificate(), sig);
        return storeSigned(resourceId, List.of(d));
    }

    /** Stores already signed entries (a writer's refresh, or a test's forged request). */
    public Answer storeSigned(NodeId resourceId, List<StoredData> values) {
        byte[] body = new Bodies.StoreReq(resourceId, 0, Codes.KIND_IME_DICTIONARY, 0, values).encode();
        return route(request(Codes.STORE_REQ, body, Destination.resource(resourceId)));
    }

    public Answer fetch(NodeId resourceId) {
        byte[] body = new Bodies.FetchReq(resourceId, Codes.KIND_IME_DICTIONARY).encode();
        return route(request(Codes.FETCH_REQ, body, Destination.resource(resourceId)));
    }

    public Answer stat(NodeId resourceId) {
        byte[] body = new Bodies.FetchReq(resourceId, Codes.KIND_IME_DICTIONARY).encode();
        return route(request(Codes.STAT_REQ, body, Destination.resource(resourceId)));
    }

    /** Pings the peer responsible for {@code target} (a finger lookup). */
    public Answer lookup(NodeId target) {
        return route(request(Codes.PING_REQ, new byte[0], Destination.resource(target)));
    }

    private Answer route(Message m) {
        Message ans = dispatch(m);
        int hops = ans.header().destinations().size();
        lastHops.set(hops);
        return new Answer(ans, hops);
    }

    // ------------------------------------------------------------------ message handling

    @Override
    public byte[] apply(byte[] bytes) {
        Message m;
        try {
            m = Codec.decode(bytes);
        } catch (MalformedMessageException e) {
            return Codec.encode(new Message(new ForwardingHeader(overlayHash, 0, ForwardingHeader.INITIAL_TTL, 0,
                    0, List.of(), List.of()), Codes.ERROR,
                    new Bodies.ErrorAns(Codes.ERROR_INVALID_MESSAGE, e.getMessage()).encode(), SecurityBlock.NONE));
        }
        return Codec.encode(dispatch(m));
    }

    Message dispatch(Message m) {
        ForwardingHeader h = m.header();
        if (h.overlay() != overlayHash) {
            return error(m, Codes.ERROR_INCOMPATIBLE_WITH_OVERLAY, "another overlay");
        }
        if (!Codes.isRequest(m.code())) {
            return error(m, Codes.ERROR_INVALID_MESSAGE, "not a request");
        }
        if (h.destinations().isEmpty()) {
            return error(m, Codes.ERROR_INVALID_MESSAGE, "empty destination list");
        }
        Destination d = h.destinations().get(0);
        if (d.type() == Destination.NODE && (d.id().equals(id) || d.id().equals(WILDCARD))) {
            return processLocal(m);
        }
        if (h.ttl() <= 0) {
            return error(m, Codes.ERROR_TTL_EXCEEDED, "TTL exceeded");
        }
        NodeId target = d.id();
        if (d.type() == Destination.NODE) {
            NodeInfo direct = known(target);
            if (direct != null) {
                try {
                    return forward(direct, m);
                } catch (IOException e) {
                    markDead(direct);
                    return error(m, Codes.ERROR_NOT_FOUND, "node " + target + " unreachable");
                }
            }
        }
        if (!h.via().isEmpty()) {
            // the target lies between the previous hop and us: it sent the request to us as its successor
            // (Chord's find_successor), so any predecessor of ours in between has failed; we are responsible
            NodeId prev = h.via().get(h.via().size() - 1).id();
            if (target.inHalfOpen(prev, id)) {
                return processLocal(m);
            }
        }
        for (int attempt = 0; attempt < ROUTE_ATTEMPTS; attempt++) {
            if (responsible(target)) {
                return processLocal(m);
            }
            NodeInfo next = nextHop(target);
            if (next == null) {
                return processLocal(m);
            }
            try {
                return forward(next, m);
            } catch (IOException e) {
                markDead(next);
            }
        }
        return error(m, Codes.ERROR_REQUEST_TIMEOUT, "no route to " + target);
    }

    private Message forward(NodeInfo next, Message m) throws IOException {
        ForwardingHeader h = m.header();
        List<Destination> via = new ArrayList<>(h.via());
        via.add(Destination.node(id));
        Message out = new Message(new ForwardingHeader(h.overlay(), h.configurationSequence(), h.ttl() - 1,
                h.transactionId(), h.maxResponseLength(), via, h.destinations()), m.code(), m.body(), m.security());
        return send(next.address(), out);
    }

    private Message send(String address, Message m) throws IOException {
        byte[] ans = transport.request(address, Codec.encode(m));
        try {
            return Codec.decode(ans);
        } catch (MalformedMessageException e) {
            throw new IOException("bad answer from " + address + ": " + e.getMessage(), e);
        }
    }

    private Message processLocal(Message m) {
        try {
            return switch (m.code()) {
                case Codes.JOIN_REQ -> onJoin(m);
                case Codes.UPDATE_REQ -> onUpdate(m);
                case Codes.LEAVE_REQ -> onLeave(m);
                case Codes.PING_REQ -> answer(m, Codes.PING_ANS, new Bodies.PingAns(
                        ThreadLocalRandom.current().nextLong(), clock.millis(), self, configSequence(),
                        settings.bootstrap()).encode());
                case Codes.STORE_REQ -> onStore(m);
                case Codes.FETCH_REQ -> onFetch(m);
                case Codes.STAT_REQ -> onStat(m);
                case Codes.CONFIG_UPDATE_REQ -> {
                    adoptConfiguration(Bodies.ConfigUpdateReq.decode(m.body()).configuration());
                    yield answer(m, Codes.CONFIG_UPDATE_ANS, new byte[0]);
                }
                default -> error(m, Codes.ERROR_INVALID_MESSAGE, "unsupported method " + Codes.name(m.code()));
            };
        } catch (RingSecurityException e) {
            refused.incrementAndGet();
            return error(m, Codes.ERROR_FORBIDDEN, e.getMessage());
        } catch (MalformedMessageException e) {
            return error(m, Codes.ERROR_INVALID_MESSAGE, e.getMessage());
        }
    }

    private Message onJoin(Message m) throws RingSecurityException {
        Bodies.JoinReq r = Bodies.JoinReq.decode(m.body());
        NodeId signer = verifyRequest(m);
        if (!signer.equals(r.joining().id())) {
            throw new RingSecurityException("JoinReq for " + r.joining().id() + " signed by " + signer);
        }
        NodeId from = predecessors.isEmpty() ? id : predecessors.get(0).id();
        NodeId joining = r.joining().id();
        learn(r.joining(), true);
        if (from.equals(id) || joining.inOpen(from, id)) {
            // the joining node takes over (from, joining]: hand it the entries there (this node keeps a copy)
            for (NodeId rid : store.resources()) {
                if (rid.inHalfOpen(from, joining)) {
                    sendCopy(r.joining(), rid, 1);
                }
            }
        }
        List<NodeInfo> succ = new ArrayList<>();
        succ.add(self);
        succ.addAll(successors);
        return answer(m, Codes.JOIN_ANS, new Bodies.JoinAns(predecessors.stream()
                .filter(n -> !n.id().equals(r.joining().id())).toList(),
                succ.subList(0, Math.min(succ.size(), settings.neighbours())), signedConfig).encode());
    }

    private Message onUpdate(Message m) throws RingSecurityException {
        Bodies.Update u = Bodies.Update.decode(m.body());
        NodeId signer = verifyRequest(m);
        if (!signer.equals(u.sender().id())) {
            throw new RingSecurityException("UpdateReq for " + u.sender().id() + " signed by " + signer);
        }
        absorb(u);
        return answer(m, Codes.UPDATE_ANS, myUpdate().encode());
    }

    private Message onLeave(Message m) throws RingSecurityException {
        Bodies.LeaveReq l = Bodies.LeaveReq.decode(m.body());
        NodeId signer = verifyRequest(m);
        if (!signer.equals(l.leaving().id())) {
            throw new RingSecurityException("LeaveReq for " + l.leaving().id() + " signed by " + signer);
        }
        markDead(l.leaving());
        l.predecessors().forEach(n -> learn(n, false));
        l.successors().forEach(n -> learn(n, false));
        return answer(m, Codes.LEAVE_ANS, new byte[0]);
    }

    private Message onStore(Message m) throws RingSecurityException {
        Bodies.StoreReq r = Bodies.StoreReq.decode(m.body());
        NodeId signer = verifyRequest(m);
        if (r.kind() != Codes.KIND_IME_DICTIONARY) {
            return error(m, Codes.ERROR_UNKNOWN_KIND, "unknown kind " + Integer.toHexString(r.kind()));
        }
        long now = clock.millis();
        if (r.replicaNumber() > 0) {
            // a copy from a peer: every entry carries its writer's signature
            for (StoredData d : r.values()) {
                verifyEntry(r.resourceId(), d);
                if (d.expiresAt() > now && store.totalEntries() < settings.capacityEntries()) {
                    store.put(r.resourceId(), d);
                }
            }
            return answer(m, Codes.STORE_ANS, new Bodies.StoreAns(r.kind(), 0, List.of()).encode());
        }
        if (!storeLimiter.tryAcquire(signer)) {
            refused.incrementAndGet();
            return error(m, Codes.ERROR_RATE_LIMITED, "store rate limit of " + settings.storeRatePerSecond()
                    + "/s exceeded for " + signer);
        }
        String prefix = signer.hex() + "+";
        int added = 0;
        for (StoredData d : r.values()) {
            NodeId writer = verifyEntry(r.resourceId(), d);
            if (!writer.equals(signer)) {
                throw new RingSecurityException("entry " + d.key() + " is signed by " + writer + ", not by the requester "
                        + signer);
            }
            if (d.value().length > settings.maxValueBytes()) {
                return error(m, Codes.ERROR_DATA_TOO_LARGE, "value of " + d.value().length + " bytes exceeds "
                        + settings.maxValueBytes());
            }
            if (!store.has(r.resourceId(), d.key())) {
                added++;
            }
        }
        if (store.entries(r.resourceId()) + added > settings.maxEntriesPerResource()) {
            return error(m, Codes.ERROR_DATA_TOO_LARGE, "dictionary full (" + settings.maxEntriesPerResource()
                    + " entries)");
        }
        int quota = storageQuota();
        if (added > 0 && store.countByPrefix(prefix) + added > quota) {
            refused.incrementAndGet();
            return error(m, Codes.ERROR_QUOTA_EXCEEDED, "storage quota of " + quota + " entries reached for " + signer);
        }
        if (added > 0 && store.totalEntries() + added > settings.capacityEntries()) {
            return error(m, Codes.ERROR_QUOTA_EXCEEDED, "storing node full");
        }
        for (StoredData d : r.values()) {
            if (store.put(r.resourceId(), d) == DataStore.PutResult.OLDER) {
                return error(m, Codes.ERROR_GENERATION_COUNTER_TOO_LOW, "a later value is stored for " + d.key());
            }
        }
        storesServed.incrementAndGet();
        List<NodeId> replicas = replicate(r.resourceId(), r.values());
        return answer(m, Codes.STORE_ANS, new Bodies.StoreAns(r.kind(), now, replicas).encode());
    }

    private Message onFetch(Message m) throws RingSecurityException {
        Bodies.FetchReq r = Bodies.FetchReq.decode(m.body());
        NodeId signer = verifyRequest(m);
        if (r.kind() != Codes.KIND_IME_DICTIONARY) {
            return error(m, Codes.ERROR_UNKNOWN_KIND, "unknown kind " + Integer.toHexString(r.kind()));
        }
        if (!fetchLimiter.tryAcquire(signer)) {
            refused.incrementAndGet();
            return error(m, Codes.ERROR_RATE_LIMITED, "fetch rate limit of " + settings.fetchRatePerSecond()
                    + "/s exceeded for " + signer);
        }
        fetchesServed.incrementAndGet();
        return answer(m, Codes.FETCH_ANS, new Bodies.FetchAns(r.kind(), 0, store.get(r.resourceId(), clock.millis()))
                .encode());
    }

    private Message onStat(Message m) throws RingSecurityException {
        Bodies.FetchReq r = Bodies.FetchReq.decode(m.body());
        verifyRequest(m);
        List<StoredData> v = store.get(r.resourceId(), clock.millis());
        return answer(m, Codes.STAT_ANS, new Bodies.StatAns(r.kind(), v.size(),
                v.stream().mapToLong(StoredData::size).sum()).encode());
    }

    // ------------------------------------------------------------------ security

    private NodeId certificateNodeId(byte[] cert) throws RingSecurityException {
        NodeId key = NodeId.of(sha256(cert, 16));
        NodeId known = verifiedCertificates.get(key);
        if (known == null) {
            known = verifier.nodeIdOf(cert);
            if (verifiedCertificates.size() > 10_000) {
                verifiedCertificates.clear();
            }
            verifiedCertificates.put(key, known);
        }
        return known;
    }

    private NodeId verifyRequest(Message m) throws RingSecurityException {
        SecurityBlock s = m.security();
        if (!s.signed()) {
            throw new RingSecurityException("unsigned request");
        }
        byte[] cert = s.certificates().get(0);
        NodeId signer = certificateNodeId(cert);
        if (!verifier.verify(cert, m.signedBytes(), s.signature())) {
            throw new RingSecurityException("bad signature from " + signer);
        }
        checkNotBanned(signer);
        return signer;
    }

    private NodeId verifyEntry(NodeId rid, StoredData d) throws RingSecurityException {
        NodeId writer = certificateNodeId(d.signerCertificate());
        if (!verifier.verify(d.signerCertificate(), StoredData.signedBytes(rid, Codes.KIND_IME_DICTIONARY,
                d.storageTime(), d.lifetime(), d.key(), d.value()), d.signature())) {
            throw new RingSecurityException("bad signature on entry " + d.key());
        }
        if (!d.key().startsWith(writer.hex() + "+")) {
            throw new RingSecurityException("key " + d.key() + " does not belong to writer " + writer
                    + ": a node can only write keys that start with its own peer ID");
        }
        checkNotBanned(writer);
        return writer;
    }

    private void checkNotBanned(NodeId n) throws RingSecurityException {
        OverlayConfig c = config;
        if (c != null && c.banned().contains(n.hex())) {
            throw new RingSecurityException("node " + n + " is banned from the overlay");
        }
    }

    private static byte[] sha256(byte[] data, int n) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(data);
            return java.util.Arrays.copyOf(h, n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ messages

    private Message request(int code, byte[] body, Destination dest) {
        long tid = ThreadLocalRandom.current().nextLong();
        byte[] signed = Message.signedBytes(overlayHash, tid, code, body);
        byte[] cert = identity.certificate();
        SecurityBlock sb = new SecurityBlock(List.of(cert), 4, identity.signatureAlgorithm(), sha256(cert, 32),
                identity.sign(signed));
        return new Message(new ForwardingHeader(overlayHash, (int) configSequence(), ForwardingHeader.INITIAL_TTL,
                tid, 0, List.of(), List.of(dest)), code, body, sb);
    }

    private Message answer(Message req, int code, byte[] body) {
        List<Destination> back = new ArrayList<>(req.header().via());
        java.util.Collections.reverse(back);
        return new Message(new ForwardingHeader(overlayHash, (int) configSequence(), ForwardingHeader.INITIAL_TTL,
                req.header().transactionId(), 0, List.of(), back), code, body, SecurityBlock.NONE);
    }

    private Message error(Message req, int code, String info) {
        return answer(req, Codes.ERROR, new Bodies.ErrorAns(code, info).encode());
    }

    // ------------------------------------------------------------------ routing table

    /** Whether this node is responsible for {@code target}: it lies in (predecessor, self]. */
    public boolean responsible(NodeId target) {
        List<NodeInfo> p = predecessors;
        if (p.isEmpty()) {
            List<NodeInfo> s = successors;
            return s.isEmpty() || s.get(0).id().equals(id);
        }
        return target.inHalfOpen(p.get(0).id(), id);
    }

    private NodeInfo nextHop(NodeId target) {
        NodeInfo best = null;
        NodeId bestDist = null;
        List<NodeInfo> cand = new ArrayList<>(successors);
        cand.addAll(predecessors);
        synchronized (fingers) {
            for (NodeInfo f : fingers) {
                if (f != null) {
                    cand.add(f);
                }
            }
        }
        for (NodeInfo c : cand) {
            if (c.id().inOpen(id, target)) {
                NodeId dist = id.distanceTo(c.id());
                if (bestDist == null || dist.compareTo(bestDist) > 0) {
                    best = c;
                    bestDist = dist;
                }
            }
        }
        if (best != null) {
            return best;
        }
        List<NodeInfo> s = successors;
        return s.isEmpty() ? null : s.get(0);
    }

    private NodeInfo known(NodeId n) {
        for (NodeInfo c : neighbours()) {
            if (c.id().equals(n)) {
                return c;
            }
        }
        synchronized (fingers) {
            for (NodeInfo f : fingers) {
                if (f != null && f.id().equals(n)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Successors and predecessors, without duplicates. */
    public List<NodeInfo> neighbours() {
        Map<NodeId, NodeInfo> m = new LinkedHashMap<>();
        successors.forEach(n -> m.putIfAbsent(n.id(), n));
        predecessors.forEach(n -> m.putIfAbsent(n.id(), n));
        return List.copyOf(m.values());
    }

    /** Adds {@code n} to the neighbour table; a node reported dead is only re-learnt from itself. */
    void learn(NodeInfo n, boolean direct) {
        if (n.id().equals(id) || n.id().equals(WILDCARD)) {
            return;
        }
        OverlayConfig c = config;
        if (c != null && c.banned().contains(n.id().hex())) {
            return;
        }
        if (direct) {
            dead.remove(n.id());
        } else {
            Long t = dead.get(n.id());
            if (t != null && clock.millis() - t < 6 * settings.stabilizeInterval().toMillis()) {
                return;
            }
        }
        synchronized (table) {
            Map<NodeId, NodeInfo> all = new HashMap<>();
            successors.forEach(x -> all.put(x.id(), x));
            predecessors.forEach(x -> all.put(x.id(), x));
            all.put(n.id(), n);
            List<NodeInfo> nodes = new ArrayList<>(all.values());
            nodes.sort(Comparator.comparing((NodeInfo x) -> id.distanceTo(x.id())));
            successors = List.copyOf(nodes.subList(0, Math.min(settings.neighbours(), nodes.size())));
            nodes.sort(Comparator.comparing((NodeInfo x) -> x.id().distanceTo(id)));
            predecessors = List.copyOf(nodes.subList(0, Math.min(settings.neighbours(), nodes.size())));
        }
    }

    void markDead(NodeInfo n) {
        dead.put(n.id(), clock.millis());
        synchronized (table) {
            successors = successors.stream().filter(x -> !x.id().equals(n.id())).toList();
            predecessors = predecessors.stream().filter(x -> !x.id().equals(n.id())).toList();
        }
        synchronized (fingers) {
            for (int i = 0; i < fingers.length; i++) {
                if (fingers[i] != null && fingers[i].id().equals(n.id())) {
                    fingers[i] = null;
                }
            }
        }
    }

    private Bodies.Update myUpdate() {
        return new Bodies.Update(self, (clock.millis() - started) / 1000, predecessors, successors, signedConfig);
    }

    private void absorb(Bodies.Update u) {
        adoptConfiguration(u.configuration());
        learn(u.sender(), true);
        u.predecessors().forEach(n -> learn(n, false));
        u.successors().forEach(n -> learn(n, false));
    }

    // ------------------------------------------------------------------ stabilisation

    /**
     * One CHORD-RELOAD maintenance round (RFC 6940 §10.7.4): Update exchange with every neighbour, finger
     * refresh, replication of the Resource-IDs this node is responsible for, expiry, bootstrap ping.
     * A node that lost every neighbour or is not yet joined tries to (re)join.
     */
    public void stabilize() {
        if (banned) {
            return;
        }
        if (!joined) {
            try {
                join(bootstrapAddresses);
            } catch (IOException | RingSecurityException e) {
                LOG.debug("ring node {} cannot join yet: {}", id, e.getMessage());
            }
            return;
        }
        exchangeUpdates();
        if (neighbours().isEmpty() && !bootstrapAddresses.stream().allMatch(a -> a.equals(self.address()))) {
            if (!settings.bootstrap()) {
                joined = false;
                return;
            }
            // a bootstrap alone: try the other bootstraps to merge back
            try {
                join(bootstrapAddresses);
            } catch (IOException | RingSecurityException e) {
                LOG.debug("bootstrap {} stays alone: {}", id, e.getMessage());
            }
        }
        checkPosition();
        fixFingers();
        replicateAll();
        store.expire(clock.millis());
        pingBootstrap();
    }

    /**
     * Asks the overlay, through a bootstrap node (or a finger on a bootstrap), who is responsible for
     * this node's own Node-ID. When that is another peer, the neighbour tables around us skip this
     * node (a join through a stale route, or failures around it): learning that peer and exchanging
     * Updates with it puts this node back between its true neighbours.
     */
    private void checkPosition() {
        String via = null;
        for (String a : bootstrapAddresses) {
            if (!a.equals(self.address())) {
                via = a;
                break;
            }
        }
        if (via == null) {
            NodeInfo f = fingers[127];
            if (f == null) {
                return;
            }
            via = f.address();
        }
        try {
            Message a = send(via, request(Codes.PING_REQ, new byte[0], Destination.resource(id)));
            if (a.code() == Codes.PING_ANS) {
                NodeInfo r = Bodies.PingAns.decode(a.body()).responder();
                if (!r.id().equals(id)) {
                    learn(r, true);
                    exchangeUpdates();
                }
            }
        } catch (IOException | MalformedMessageException e) {
            LOG.debug("position check through {} failed: {}", via, e.getMessage());
        }
    }

    /** Update exchange with every neighbour; unreachable neighbours are dropped. */
    public void exchangeUpdates() {
        for (NodeInfo n : neighbours()) {
            try {
                Message ans = send(n.address(), request(Codes.UPDATE_REQ, myUpdate().encode(), Destination.node(n.id())));
                if (ans.code() == Codes.UPDATE_ANS) {
                    absorb(Bodies.Update.decode(ans.body()));
                } else if (ans.code() == Codes.ERROR) {
                    Bodies.ErrorAns e = Bodies.ErrorAns.decode(ans.body());
                    if (e.code() == Codes.ERROR_FORBIDDEN && e.info().contains(id.hex()) && e.info().contains("banned")) {
                        markBanned(e.info());
                        return;
                    }
                    markDead(n);
                }
            } catch (IOException | MalformedMessageException e) {
                markDead(n);
            }
        }
    }

    /** Refreshes the finger table: finger i is the peer responsible for self + 2^i. */
    public void fixFingers() {
        List<NodeInfo> s = successors;
        if (s.isEmpty()) {
            return;
        }
        NodeInfo succ = s.get(0);
        for (int i = 127; i >= 0; i--) {
            NodeId target = id.plusPowerOfTwo(i);
            if (target.inHalfOpen(id, succ.id())) {
                synchronized (fingers) {
                    for (int j = i; j >= 0; j--) {
                        fingers[j] = succ;
                    }
                }
                return;
            }
            Answer a = lookup(target);
            if (!a.error() && a.message().code() == Codes.PING_ANS) {
                NodeInfo f = Bodies.PingAns.decode(a.message().body()).responder();
                synchronized (fingers) {
                    fingers[i] = f.id().equals(id) ? null : f;
                }
            }
        }
    }

    private void replicateAll() {
        for (NodeId rid : store.resources()) {
            if (responsible(rid)) {
                List<NodeInfo> targets = replicaTargets();
                List<NodeId> ids = targets.stream().map(NodeInfo::id).toList();
                if (!ids.equals(replicatedTo.get(rid))) {
                    replicate(rid, store.get(rid, clock.millis()));
                }
            } else {
                replicatedTo.remove(rid);
                pushToResponsible(rid);
            }
        }
    }

    /**
     * A copy held for a Resource-ID one of our predecessors is responsible for: make sure that peer has
     * it (it may have joined, or taken over the range, without receiving the entries).
     */
    private void pushToResponsible(NodeId rid) {
        List<NodeInfo> p = predecessors;
        for (int i = 0; i + 1 < p.size() && i < settings.copies() - 1; i++) {
            if (rid.inHalfOpen(p.get(i + 1).id(), p.get(i).id())) {
                NodeId target = p.get(i).id();
                if (!target.equals(pushedTo.get(rid)) && sendCopy(p.get(i), rid, 1)) {
                    pushedTo.put(rid, target);
                }
                return;
            }
        }
    }

    private List<NodeInfo> replicaTargets() {
        List<NodeInfo> s = successors;
        return s.subList(0, Math.min(s.size(), settings.copies() - 1));
    }

    private List<NodeId> replicate(NodeId rid, List<StoredData> values) {
        List<NodeId> done = new ArrayList<>();
        List<NodeInfo> targets = replicaTargets();
        int i = 1;
        for (NodeInfo t : targets) {
            if (sendCopy(t, rid, i++, values)) {
                done.add(t.id());
            }
        }
        replicatedTo.put(rid, targets.stream().map(NodeInfo::id).toList());
        return done;
    }

    private boolean sendCopy(NodeInfo to, NodeId rid, int replica) {
        return sendCopy(to, rid, replica, store.get(rid, clock.millis()));
    }

    private boolean sendCopy(NodeInfo to, NodeId rid, int replica, List<StoredData> values) {
        if (values.isEmpty() || to.id().equals(id)) {
            return false;
        }
        byte[] body = new Bodies.StoreReq(rid, replica, Codes.KIND_IME_DICTIONARY, 0, values).encode();
        try {
            Message a = send(to.address(), request(Codes.STORE_REQ, body, Destination.node(to.id())));
            return a.code() == Codes.STORE_ANS;
        } catch (IOException e) {
            markDead(to);
            return false;
        }
    }

    private void pingBootstrap() {
        if (settings.bootstrap()) {
            lastBootstrapContact = clock.millis();
            bootstrapId = id;
            return;
        }
        for (String addr : bootstrapAddresses) {
            try {
                Message a = send(addr, request(Codes.PING_REQ, new byte[0], Destination.node(WILDCARD)));
                if (a.code() == Codes.PING_ANS) {
                    Bodies.PingAns p = Bodies.PingAns.decode(a.body());
                    bootstrapId = p.responder().id();
                    lastBootstrapContact = clock.millis();
                    return;
                }
            } catch (IOException | MalformedMessageException e) {
                LOG.debug("bootstrap {} unreachable: {}", addr, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ configuration

    /** Adopts a signed configuration document if it verifies and is newer than the current one. */
    public boolean adoptConfiguration(byte[] signed) {
        if (signed == null || signed.length == 0) {
            return false;
        }
        OverlayConfig c;
        try {
            byte[][] parts = OverlayConfig.split(signed);
            if (!verifier.verifyConfiguration(parts[0], parts[1])) {
                LOG.warn("overlay configuration with a bad signature ignored");
                return false;
            }
            c = OverlayConfig.parse(parts[0]);
        } catch (MalformedMessageException e) {
            LOG.warn("overlay configuration ignored: {}", e.getMessage());
            return false;
        }
        synchronized (this) {
            OverlayConfig old = config;
            if (!c.overlayName().equals(settings.overlayName()) || old != null && c.sequence() <= old.sequence()) {
                return false;
            }
            config = c;
            signedConfig = signed;
            configReceivedMillis = clock.millis();
            tokensReceived.incrementAndGet();
            LOG.info("overlay configuration sequence {} adopted", c.sequence());
            events.accept(new RingEvent(RingEvent.Type.CONFIGURATION, Long.toString(c.sequence())));
            if (!c.motd().isEmpty() && (old == null || !c.motd().equals(old.motd()))) {
                events.accept(new RingEvent(RingEvent.Type.MESSAGE_OF_THE_DAY, c.motd()));
            }
            if (softwareUpdateRequired()) {
                events.accept(new RingEvent(RingEvent.Type.SOFTWARE_UPDATE_REQUIRED, "minimum version "
                        + c.minimumVersion() + ", this node runs " + settings.softwareVersion()));
            }
        }
        if (c.banned().contains(id.hex())) {
            markBanned("node " + id + " is banned from the overlay");
        }
        for (NodeInfo n : neighbours()) {
            if (c.banned().contains(n.id().hex())) {
                markDead(n);
            }
        }
        return true;
    }

    /**
     * On a bootstrap node: installs a configuration this node signed and pushes it to the neighbours
     * (ConfigUpdateReq); the Update exchanges carry it on around the ring.
     */
    public void publishConfiguration(byte[] signed) {
        if (adoptConfiguration(signed)) {
            byte[] body = new Bodies.ConfigUpdateReq(signed).encode();
            for (NodeInfo n : neighbours()) {
                try {
                    send(n.address(), request(Codes.CONFIG_UPDATE_REQ, body, Destination.node(n.id())));
                } catch (IOException e) {
                    markDead(n);
                }
            }
        }
    }

    private void markBanned(String why) {
        if (!banned) {
            banned = true;
            joined = false;
            LOG.warn("ring node {} banned: {}", id, why);
            events.accept(new RingEvent(RingEvent.Type.BANNED, why));
        }
    }

    public boolean softwareUpdateRequired() {
        OverlayConfig c = config;
        return c != null && OverlayConfig.compareVersions(settings.softwareVersion(), c.minimumVersion()) < 0;
    }

    // ------------------------------------------------------------------ state

    public NodeId id() {
        return id;
    }

    public NodeInfo self() {
        return self;
    }

    public boolean joined() {
        return joined;
    }

    public boolean banned() {
        return banned;
    }

    public List<NodeInfo> successors() {
        return successors;
    }

    public List<NodeInfo> predecessors() {
        return predecessors;
    }

    /** Distinct peers in the routing table (neighbours and fingers). */
    public int routingTablePeers() {
        Set<NodeId> s = new LinkedHashSet<>();
        neighbours().forEach(n -> s.add(n.id()));
        synchronized (fingers) {
            for (NodeInfo f : fingers) {
                if (f != null) {
                    s.add(f.id());
                }
            }
        }
        return s.size();
    }

    public DataStore store() {
        return store;
    }

    public RingSettings settings() {
        return settings;
    }

    public OverlayConfig configuration() {
        return config;
    }

    public long configSequence() {
        OverlayConfig c = config;
        return c == null ? 0 : c.sequence();
    }

    public long configReceivedMillis() {
        return configReceivedMillis;
    }

    public long tokensReceived() {
        return tokensReceived.get();
    }

    /** Entries one writer may keep per storing node: the configuration's storage quota, or 10,000 without one. */
    public int storageQuota() {
        OverlayConfig c = config;
        return c == null ? 10_000 : c.storageQuota();
    }

    public NodeId bootstrapId() {
        return bootstrapId;
    }

    public long lastBootstrapContact() {
        return lastBootstrapContact;
    }

    public long refused() {
        return refused.get();
    }

    public long storesServed() {
        return storesServed.get();
    }

    public long fetchesServed() {
        return fetchesServed.get();
    }

    /**
     * {@code IMEDistributedCacheHealth}: 0 red (not joined, banned, or no neighbour), 1 yellow (the bootstrap
     * not heard from for three rounds, or a software update required), 2 green.
     */
    public int health() {
        if (banned || !joined) {
            return 0;
        }
        boolean alone = successors.isEmpty() && predecessors.isEmpty();
        if (alone) {
            return settings.bootstrap() ? 2 : 0;
        }
        long silence = clock.millis() - lastBootstrapContact;
        if (silence > 3 * settings.stabilizeInterval().toMillis() + 1000 || softwareUpdateRequired()) {
            return 1;
        }
        return 2;
    }

    /**
     * {@code IMEDistributedCacheNodeCount}: exact while the ring is small enough that the neighbour table
     * wraps around it, otherwise 2^128 times the neighbours counted over the id span they cover.
     */
    public int nodeCount() {
        List<NodeInfo> s = successors;
        List<NodeInfo> p = predecessors;
        Set<NodeId> all = new LinkedHashSet<>();
        s.forEach(n -> all.add(n.id()));
        int overlap = 0;
        for (NodeInfo n : p) {
            if (!all.add(n.id())) {
                overlap++;
            }
        }
        if (overlap > 0 || s.size() < settings.neighbours() || p.size() < settings.neighbours()) {
            return all.size() + 1;
        }
        double span = p.get(p.size() - 1).id().distanceTo(s.get(s.size() - 1).id()).asDouble();
        return (int) Math.min(Integer.MAX_VALUE, Math.round(0x1p128 * (s.size() + p.size()) / span));
    }

    @Override
    public String toString() {
        return "ChordNode " + id + "@" + self.address();
    }

    /** The unexpired entries this node holds for {@code rid}, raw as stored (tests, diagnostics). */
    public List<StoredData> raw(NodeId rid) {
        return store.get(rid, clock.millis());
    }

}
