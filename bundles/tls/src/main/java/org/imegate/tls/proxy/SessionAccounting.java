package org.imegate.tls.proxy;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.tlsproxy.TlsProxyStatistics;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSession;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS proxy sessions counted against the limit in force (catalogue TLS-10, UND-18). A session takes a
 * slot when admitted, before its handshake, and gives it back once, on failure or close. When a
 * session is refused for want of a slot the alert {@value #ALERT} is raised; it is cleared when the
 * sessions fall below 90% of the limit.
 */
public final class SessionAccounting {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAccounting.class);

    public static final String ALERT = "TLSProxySessionLimitReached";
    static final String MODULE = "tls";
    static final String HANDSHAKING = "handshaking";
    static final String ESTABLISHED = "established";

    private final Clock clock;
    private final Consumer<Alert> alerts;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Long, Session> sessions = new ConcurrentSkipListMap<>();
    private final AtomicBoolean alarmed = new AtomicBoolean();
    private volatile int limit;
    private volatile boolean licensed = true;

    public SessionAccounting(int limit, Clock clock, Consumer<Alert> alerts) {
        this.limit = limit;
        this.clock = clock;
        this.alerts = alerts;
    }

    /** Changes the limit; sessions above a lowered limit stay, new ones wait until the count falls. */
    public void limit(int newLimit, boolean imeLicensed) {
        this.limit = newLimit;
        this.licensed = imeLicensed;
        maybeClear();
    }

    public int limit() {
        return limit;
    }

    public Optional<TlsSession> admit(String instance, TlsRole role, InetSocketAddress local, InetSocketAddress remote) {
        int max = limit;
        while (true) {
            int now = active.get();
            if (now >= max) {
                refuse(instance, remote, now, max);
                return Optional.empty();
            }
            if (active.compareAndSet(now, now + 1)) {
                break;
            }
        }
        Session s = new Session(ids.incrementAndGet(), instance, role, local, remote);
        sessions.put(s.id, s);
        return Optional.of(s);
    }

    private void refuse(String instance, InetSocketAddress remote, int now, int max) {
        long count = refused.incrementAndGet();
        String why = licensed ? "the TLS proxy session limit " + max + " is reached (" + now + " active)"
                : "no Intercompany Media Engine licence is installed";
        LOG.warn("TLS proxy {} refused a session from {}: {} ({} refused since start)", instance, remote, why, count);
        if (alarmed.compareAndSet(false, true)) {
            alerts.accept(new Alert(ALERT, AlertSeverity.WARNING, AlertState.RAISED, MODULE,
                    "TLS proxy session refused: " + why,
                    Map.of("activeSessions", Integer.toString(now), "maximumSessions", Integer.toString(max)),
                    clock.instant()));
        }
    }

    private void maybeClear() {
        int max = limit;
        int now = active.get();
        if (alarmed.get() && max > 0 && now * 10L < max * 9L && alarmed.compareAndSet(true, false)) {
            LOG.info("TLS proxy sessions back to {} of {}", now, max);
            alerts.accept(new Alert(ALERT, AlertSeverity.WARNING, AlertState.CLEARED, MODULE,
                    "TLS proxy sessions below 90% of the limit again",
                    Map.of("activeSessions", Integer.toString(now), "maximumSessions", Integer.toString(max)),
                    clock.instant()));
        }
    }

    public List<TlsSessionInfo> sessions() {
        return sessions.values().stream().map(Session::info).toList();
    }

    public TlsProxyStatistics statistics() {
        return new TlsProxyStatistics(completed.get(), failed.get(), refused.get(), active.get(), limit);
    }

    /** Handshake failures by reason, sorted by reason. */
    public Map<String, Long> failureReasons() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private final class Session implements TlsSession {
        final long id;
        final String instance;
        final TlsRole role;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        final java.time.Instant since = clock.instant();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile String state = HANDSHAKING;
        volatile String protocol = "";
        volatile String cipherSuite = "";
        volatile String peerDomain = "";

        Session(long id, String instance, TlsRole role, InetSocketAddress local, InetSocketAddress remote) {
            this.id = id;
            this.instance = instance;
            this.role = role;
            this.local = local;
            this.remote = remote;
        }

        TlsSessionInfo info() {
            return new TlsSessionInfo(id, instance, role, local, remote, state, protocol, cipherSuite, peerDomain,
                    since);
        }

        @Override
        public String established(SSLSession session) {
            String domain = PeerDomain.of(session);
            if (ended.compareAndSet(false, true)) {
                protocol = session.getProtocol();
                cipherSuite = session.getCipherSuite();
                peerDomain = domain;
                state = ESTABLISHED;
                completed.incrementAndGet();
                LOG.debug("TLS proxy {} session {} with {} ({}) established: {} {}", instance, id, remote, domain,
                        protocol, cipherSuite);
            }
            return domain;
        }

        @Override
        public void failed(String reason) {
            if (ended.compareAndSet(false, true)) {
                String r = reason == null || reason.isBlank() ? "unknown" : reason.strip();
                failed.incrementAndGet();
                failures.computeIfAbsent(r, k -> new AtomicLong()).incrementAndGet();
                LOG.info("TLS proxy {} handshake with {} failed: {}", instance, remote, r);
            }
            close();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                sessions.remove(id);
                active.decrementAndGet();
                maybeClear();
            }
        }
    }
}
