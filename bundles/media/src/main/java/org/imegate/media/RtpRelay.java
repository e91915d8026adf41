package org.imegate.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.api.media.MediaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay engine: one NIO event-loop group shared by every session (two threads by default, the
 * appliance's core count), the open sessions, the counters, and the idle reaper that closes sessions
 * without a packet for the idle timeout (their ports go back to the pool; SIP notices on its next use
 * of the session).
 */
public final class RtpRelay implements AutoCloseable {
    /** The K8 licence's SRTP session limit (UND-18), until the TLS proxy's licence says otherwise. */
    public static final int DEFAULT_SRTP_LIMIT = 250;
    /** Raised when an SRTP session is refused at the licence's limit, cleared below 90 % of it. */
    public static final String SRTP_LIMIT_ALERT = "SrtpSessionLimitReached";
    private static final Logger LOG = LoggerFactory.getLogger(RtpRelay.class);

    private final EventLoopGroup group;
    private final Map<String, RelaySession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextInt() & 0xffffffL);
    final LongAdder relayed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();
    private final AtomicInteger mostUsed = new AtomicInteger();
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final AtomicInteger srtpActive = new AtomicInteger();
    private final AtomicInteger srtpMostUsed = new AtomicInteger();
    private final LongAdder srtpRefused = new LongAdder();
    private volatile int srtpLimit = DEFAULT_SRTP_LIMIT;
    private volatile java.util.function.Consumer<Alert> alerts = a -> { };
    private volatile boolean srtpLimitRaised;
    private volatile long idleNanos;
    private volatile org.imegate.api.rtpmonitor.RtpMonitor monitor;
    private final ScheduledFuture<?> reaper;

    /**
     * @param threads     event-loop threads
     * @param idleTimeout sessions without a packet for this long are closed
     * @param reapEvery   how often idle sessions are looked for
     */
    public RtpRelay(int threads, Duration idleTimeout, Duration reapEvery) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("imegate-media", true));
        idleTimeout(idleTimeout);
        long period = reapEvery.toMillis();
        this.reaper = group.next().scheduleAtFixedRate(this::reapIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Changes the idle timeout; applies to every open session at the next reaper run. */
    public void idleTimeout(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    public Duration idleTimeout() {
        return Duration.ofNanos(idleNanos);
    }

    /**
     * Opens a session: an even port on {@code outsideAddress} and one on {@code insideAddress} (the two
     * allocators may be the same one when a global address serves both legs).
     */
    public RelaySession open(String instance, String callId, InetAddress outsideAddress, PortAllocator outsidePorts,
            InetAddress insideAddress, PortAllocator insidePorts) throws MediaUnavailableException {
        EventLoop loop = group.next();
        RelaySession s = new RelaySession(this, String.format("%08x", sequence.incrementAndGet()), instance, callId, loop);
        try {
            s.attach(s.outside, outsidePorts.allocate(port -> bind(loop, outsideAddress, port, s, s.outside)), outsidePorts);
            s.attach(s.inside, insidePorts.allocate(port -> bind(loop, insideAddress, port, s, s.inside)), insidePorts);
        } catch (MediaUnavailableException e) {
            refused.increment();
            s.close("refused");
            throw e;
        }
        sessions.put(s.id(), s);
        opened.increment();
        mostUsed.accumulateAndGet(sessions.size(), Math::max);
        LOG.debug("media session {} of call {} on {}: outside {} inside {}", s.id(), callId, instance,
                s.outsideLocal(), s.insideLocal());
        return s;
    }

    private static Channel bind(EventLoop loop, InetAddress address, int port, RelaySession s, RelaySession.Leg leg)
            throws IOException {
        ChannelFuture f = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .handler(s.handler(leg))
                .bind(new InetSocketAddress(address, port));
        if (!f.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            f.cancel(false);
            throw new IOException("bind " + address.getHostAddress() + ":" + port + " timed out");
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
        return f.channel();
    }

    void closed(RelaySession s) {
        sessions.remove(s.id(), s);
    }

    private void reapIdle() {
        long now = System.nanoTime();
        long limit = idleNanos;
        for (RelaySession s : sessions.values()) {
            if (now - s.lastActivity() > limit) {
                idleClosed.increment();
                LOG.info("media session {} of call {} closed after {} s without a packet", s.id(), s.callId(),
                        TimeUnit.NANOSECONDS.toSeconds(limit));
                s.close("closed by the idle timeout");
            }
        }
    }

    public RelaySession find(String id) {
        return sessions.get(id);
    }

    public Collection<RelaySession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Closes every session of an instance (the instance was removed from etc/). */
    public int closeInstance(String instance) {
        int n = 0;
        for (RelaySession s : new ArrayList<>(sessions.values())) {
            if (s.instance().equals(instance)) {
                s.close("closed: media-termination " + instance + " removed");
                n++;
            }
        }
        return n;
    }

    public long countOpen(String instance) {
        return sessions.values().stream().filter(s -> s.instance().equals(instance)).count();
    }

    /** Counters now. */
    public Stats stats() {
        return new Stats(sessions.size(), mostUsed.get(), opened.sum(), refused.sum(), relayed.sum(), dropped.sum(),
                idleClosed.sum(), srtpActive.get(), srtpMostUsed.get(), srtpRefused.sum(), srtpLimit);
    }

    /**
     * Relay counters; {@code srtp*} count the sessions whose Internet leg is SRTP against the licence's SRTP
     * session limit (K8: 250, UND-18).
     */
    public record Stats(int active, int mostUsed, long opened, long refused, long relayed, long dropped, long idleClosed,
            int srtpActive, int srtpMostUsed, long srtpRefused, int srtpLimit) {
    }

    /**
     * The RTP monitor came or went (null): every session that asked for monitoring opens its stream on the
     * new monitor, or forgets the stream of the one that left.
     */
    public void monitor(org.imegate.api.rtpmonitor.RtpMonitor m) {
        monitor = m;
        for (RelaySession s : sessions.values()) {
            s.monitorChanged(m);
        }
    }

    /** The RTP monitor in service, or null. */
    org.imegate.api.rtpmonitor.RtpMonitor monitor() {
        return monitor;
    }

    /** SRTP sessions the licence allows (K8: 250). */
    public void srtpLimit(int limit) {
        this.srtpLimit = limit;
    }

    /** Where the SRTP-limit alert goes (EventAdmin through an AlertPoster). */
    public void alerts(java.util.function.Consumer<Alert> alerts) {
        this.alerts = alerts;
    }

    java.security.SecureRandom random() {
        return random;
    }

    /** Takes one SRTP session; over the licence's limit the negotiation is refused, counted and alerted. */
    void acquireSrtp() throws MediaNegotiationException {
        int limit = srtpLimit;
        for (int i = 0; i < 1000; i++) {
            int n = srtpActive.get();
            if (n >= limit) {
                srtpRefused.increment();
                if (!srtpLimitRaised) {
                    srtpLimitRaised = true;
                    alerts.accept(new Alert(SRTP_LIMIT_ALERT, AlertSeverity.WARNING, AlertState.RAISED, "media",
                            "SRTP session limit " + limit + " of the licence reached; new SRTP calls are refused",
                            java.util.Map.of("limit", Integer.toString(limit)), null));
                }
                LOG.warn("SRTP session refused: {} of {} in use", n, limit);
                throw new MediaNegotiationException("SRTP session limit " + limit + " reached");
            }
            if (srtpActive.compareAndSet(n, n + 1)) {
                srtpMostUsed.accumulateAndGet(n + 1, Math::max);
                return;
            }
        }
        throw new MediaNegotiationException("SRTP session accounting contended");
    }

    void releaseSrtp() {
        int n = srtpActive.decrementAndGet();
        if (srtpLimitRaised && n < srtpLimit * 9 / 10) {
            srtpLimitRaised = false;
            alerts.accept(new Alert(SRTP_LIMIT_ALERT, AlertSeverity.WARNING, AlertState.CLEARED, "media",
                    "SRTP sessions back under the licence's limit", java.util.Map.of("active", Integer.toString(n)),
                    null));
        }
    }

    @Override
    public void close() {
        reaper.cancel(false);
        for (RelaySession s : new ArrayList<>(sessions.values())) {
            s.close("closed: media termination stopping");
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
