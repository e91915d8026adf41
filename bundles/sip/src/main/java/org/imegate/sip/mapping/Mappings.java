package org.imegate.sip.mapping;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.imegate.sip.proxy.MappedTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic mappings of the off-path mapping service (IME-91): each remote enterprise's global address
 * gets a mapped address ({@code mappedAddress} with a port of the configured range) with its own SIP
 * listener. A mapping lives while a connection on its mapped address is open, and for the idle timer
 * after the last one closed or the last request asked for it; asking again for the same remote address
 * returns the same mapping.
 */
public final class Mappings implements MappingServer.Mapper {
    private static final Logger LOG = LoggerFactory.getLogger(Mappings.class);
    /** Ports tried for one request when some of the range is taken by other programs. */
    static final int BIND_ATTEMPTS = 8;

    private final InetAddress mappedAddress;
    private final InetAddress source;
    private final int portMin;
    private final int portMax;
    private final long idleNanos;
    private final MappedListeners listeners;
    private final MappingTotals totals;
    private final Map<InetSocketAddress, Mapping> byRemote = new LinkedHashMap<>();
    private final Set<Integer> ports = new HashSet<>();
    private int cursor;
    private boolean closed;

    /** One mapping; its counters change under the {@link Mappings} monitor. */
    final class Mapping implements MappedListeners.Usage {
        final InetSocketAddress remote;
        final CompletableFuture<InetSocketAddress> ready = new CompletableFuture<>();
        InetSocketAddress mapped;
        AutoCloseable handle;
        int connections;
        long lastUsed = System.nanoTime();

        Mapping(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public void opened() {
            synchronized (Mappings.this) {
                connections++;
                lastUsed = System.nanoTime();
            }
        }

        @Override
        public void closed() {
            synchronized (Mappings.this) {
                connections--;
                lastUsed = System.nanoTime();
            }
        }
    }

    /** A mapping as {@code show} lists it. */
    public record View(InetSocketAddress mapped, InetSocketAddress remote, int connections, Duration idle) {
    }

    public Mappings(InetAddress mappedAddress, InetAddress source, int portMin, int portMax, Duration idle,
            MappedListeners listeners, MappingTotals totals) {
        this.mappedAddress = mappedAddress;
        this.source = source;
        this.portMin = portMin;
        this.portMax = portMax;
        this.idleNanos = idle.toNanos();
        this.listeners = listeners;
        this.totals = totals;
        this.cursor = portMin;
    }

    @Override
    public synchronized CompletionStage<InetSocketAddress> map(InetSocketAddress remote) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the mapping service is stopping"));
        }
        Mapping m = byRemote.get(remote);
        if (m != null) {
            m.lastUsed = System.nanoTime();
            return m.ready;
        }
        m = new Mapping(remote);
        byRemote.put(remote, m);
        bind(m, new HashSet<>());
        return m.ready;
    }

    /** Binds a free port for {@code m}, skipping the ports this request already {@code tried}. */
    private void bind(Mapping m, Set<Integer> tried) {
        int port = freePort(tried);
        if (port < 0) {
            byRemote.remove(m.remote, m);
            m.ready.completeExceptionally(new IllegalStateException("no free mapped port in " + portMin + "-" + portMax
                    + " (" + byRemote.size() + " mappings active)"));
            return;
        }
        ports.add(port);
        tried.add(port);
        InetSocketAddress at = new InetSocketAddress(mappedAddress, port);
        m.mapped = at;
        listeners.listen(at, new MappedTarget(m.remote, source), m).whenComplete((handle, error) -> {
            synchronized (this) {
                if (error == null && !closed && byRemote.get(m.remote) == m) {
                    m.handle = handle;
                    m.lastUsed = System.nanoTime();
                    totals.mappings.incrementAndGet();
                    LOG.info("mapping {} -> {}:{} created", hostPort(at), m.remote.getAddress().getHostAddress(),
                            m.remote.getPort());
                    m.ready.complete(at);
                    return;
                }
                ports.remove(port);
                if (error == null) {
                    closeQuietly(handle);
                    m.ready.completeExceptionally(new IllegalStateException("the mapping service is stopping"));
                } else if (tried.size() < BIND_ATTEMPTS && !closed) {
                    LOG.warn("mapped address {} cannot be bound ({}); trying the next port", hostPort(at), error.toString());
                    bind(m, tried);
                } else {
                    byRemote.remove(m.remote, m);
                    m.ready.completeExceptionally(new IllegalStateException("no mapped address could be bound"));
                    LOG.error("mapping for {} failed: {}", m.remote, error.toString());
                }
            }
        });
    }

    private int freePort(Set<Integer> tried) {
        int span = portMax - portMin + 1;
        for (int i = 0; i < span; i++) {
            int p = portMin + (cursor - portMin + i) % span;
            if (!ports.contains(p) && !tried.contains(p)) {
                cursor = p == portMax ? portMin : p + 1;
                return p;
            }
        }
        return -1;
    }

    /** Releases mappings without connections whose idle timer ran out. */
    public void sweep() {
        List<AutoCloseable> release = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (var it = byRemote.values().iterator(); it.hasNext();) {
                Mapping m = it.next();
                if (m.handle != null && m.connections <= 0 && now - m.lastUsed > idleNanos) {
                    it.remove();
                    ports.remove(m.mapped.getPort());
                    release.add(m.handle);
                    LOG.info("mapping {} -> {} released after its idle timer", hostPort(m.mapped), hostPort(m.remote));
                }
            }
        }
        release.forEach(Mappings::closeQuietly);
    }

    public synchronized List<View> mappings() {
        long now = System.nanoTime();
        List<View> out = new ArrayList<>();
        for (Mapping m : byRemote.values()) {
            if (m.handle != null) {
                out.add(new View(m.mapped, m.remote, m.connections, Duration.ofNanos(now - m.lastUsed)));
            }
        }
        out.sort(Comparator.comparingInt(v -> v.mapped().getPort()));
        return out;
    }

    /** Stops every mapped listener (connections already accepted stay with their calls). */
    public void close() {
        List<AutoCloseable> release = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Mapping m : byRemote.values()) {
                if (m.handle != null) {
                    release.add(m.handle);
                }
            }
            byRemote.clear();
            ports.clear();
        }
        release.forEach(Mappings::closeQuietly);
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a mapped listener failed: {}", e.toString());
        }
    }
}
