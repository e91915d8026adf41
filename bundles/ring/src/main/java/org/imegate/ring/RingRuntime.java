package org.imegate.ring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.api.ime.cache.DistributedCache;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Codes;
import org.imegate.ring.msg.StoredData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ring node as the IME server sees it: the {@link DistributedCache} backend {@code reload}.
 * Joins in the background, runs the stabilisation round every stabilise interval, refreshes this
 * node's own entries (re-stores them with their original expiry) every refresh interval so that copies
 * lost to churn come back, and counts reads and stores.
 */
public final class RingRuntime implements DistributedCache, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RingRuntime.class);

    private final ChordNode node;
    private final List<String> bootstraps;
    private final Clock clock;
    private final Duration refreshInterval;
    private final ScheduledExecutorService timer;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private final LongAdder reads = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final LongAdder failures = new LongAdder();

    private record Published(NodeId rid, String key, byte[] value, long storageTime, int lifetime) {
    }

    public RingRuntime(ChordNode node, List<String> bootstraps, Duration refreshInterval, Clock clock) {
        this.node = node;
        this.bootstraps = List.copyOf(bootstraps);
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ring-stabilize " + node.self().address());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts listening, joins (in the background, retried each round) and schedules maintenance. */
    public void start() throws IOException {
        node.start();
        long period = node.settings().stabilizeInterval().toMillis();
        timer.execute(() -> {
            try {
                node.join(bootstraps);
            } catch (IOException | RingSecurityException e) {
                LOG.warn("ring node {} could not join yet: {}", node.id(), e.getMessage());
            }
        });
        timer.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::refresh, refreshInterval.toMillis(), refreshInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            node.stabilize();
        } catch (RuntimeException e) {
            LOG.warn("ring stabilisation failed", e);
        }
    }

    /** Re-stores this node's unexpired entries (same storage time and lifetime). */
    public void refresh() {
        long now = clock.millis();
        for (var it = published.values().iterator(); it.hasNext();) {
            Published p = it.next();
            if (p.storageTime + p.lifetime * 1000L <= now) {
                it.remove();
                continue;
            }
            ChordNode.Answer a = node.store(p.rid, p.key, p.value, p.lifetime, p.storageTime);
            if (a.error()) {
                LOG.debug("refresh of {} failed: {}", p.key, a.errorAns().info());
            }
        }
    }

    public ChordNode node() {
        return node;
    }

    @Override
    public byte[] peerId() {
        return node.id().bytes();
    }

    @Override
    public void store(byte[] resourceId, String key, byte[] value, Duration lifetime) throws CacheUnavailableException {
        stores.increment();
        if (!node.joined()) {
            failures.increment();
            throw new CacheUnavailableException("the ring node is not joined", null);
        }
        NodeId rid = NodeId.of(resourceId);
        long now = clock.millis();
        int life = (int) Math.min(Integer.MAX_VALUE, Math.max(1, lifetime.toSeconds()));
        ChordNode.Answer a = node.store(rid, key, value, life, now);
        if (a.error()) {
            failures.increment();
            Bodies.ErrorAns e = a.errorAns();
            throw new CacheUnavailableException("ring store refused (error " + e.code() + "): " + e.info(), null);
        }
        published.put(rid.hex() + "/" + key, new Published(rid, key, value.clone(), now, life));
    }

    @Override
    public List<CacheEntry> fetch(byte[] resourceId) throws CacheUnavailableException {
        reads.increment();
        if (!node.joined()) {
            failures.increment();
            throw new CacheUnavailableException("the ring node is not joined", null);
        }
        ChordNode.Answer a = node.fetch(NodeId.of(resourceId));
        if (a.error()) {
            failures.increment();
            throw new CacheUnavailableException("ring fetch failed: " + a.errorAns().info(), null);
        }
        if (a.message().code() != Codes.FETCH_ANS) {
            throw new CacheUnavailableException("unexpected answer " + Codes.name(a.message().code()), null);
        }
        List<CacheEntry> out = new ArrayList<>();
        for (StoredData d : Bodies.FetchAns.decode(a.message().body()).values()) {
            out.add(new CacheEntry(d.key(), d.value(), Instant.ofEpochMilli(d.expiresAt())));
        }
        return out;
    }

    @Override
    public int health() {
        return node.health();
    }

    @Override
    public int nodeCount() {
        return node.joined() ? node.nodeCount() : 0;
    }

    @Override
    public long storedBytes() {
        return node.store().bytes();
    }

    @Override
    public String backend() {
        return "reload";
    }

    public long reads() {
        return reads.sum();
    }

    public long stores() {
        return stores.sum();
    }

    public long failures() {
        return failures.sum();
    }

    /** Entries this node publishes (its quota use). */
    public int published() {
        return published.size();
    }

    /** The {@code show ime dht summary} lines (seed format, catalogue §6.7). */
    public List<String> summary() {
        List<String> l = new ArrayList<>();
        long now = clock.millis();
        NodeId boot = node.bootstrapId();
        long last = node.lastBootstrapContact();
        OverlayConfig c = node.configuration();
        String health = switch (node.health()) {
            case 2 -> "GREEN";
            case 1 -> "YELLOW";
            default -> "RED";
        };
        l.add("Peer ID = " + node.id().hex());
        l.add("DHT Health....................... = " + health);
        l.add("BootStrap: " + (boot == null ? "" : boot.hex()));
        l.add("Last Contact (sec).................. = " + (last == 0 ? "" : Long.toString((now - last) / 1000)));
        l.add("Current Sequence.................... = " + (c == null ? 0 : c.sequence()));
        l.add("Num. Tokens Received................ = " + node.tokensReceived());
        l.add("Delay from BootStrap................ = " + (c == null ? ""
                : Long.toString(Math.max(0, (node.configReceivedMillis() - c.issuedMillis()) / 1000))));
        l.add("Peer Count Distance................. = " + node.routingTablePeers());
        return l;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.leave();
        node.close();
    }
}
