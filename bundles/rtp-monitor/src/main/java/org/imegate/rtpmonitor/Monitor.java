package org.imegate.rtpmonitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.rtpmonitor.FallbackListener;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.api.rtpmonitor.RtpMonitor;
import org.imegate.api.validation.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP monitor without its timer: {@link #tick(long)} is driven by the component's scheduler in the
 * appliance and by a fake clock in tests. Streams of sensitivity 0 are handed out but never ticked.
 */
public final class Monitor implements RtpMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** Call-IDs already notified, so a call re-opening its stream is not notified twice. */
    static final int NOTIFIED_MEMORY = 4096;

    private final SensitivityModules modules;
    private final Executor notifier;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> notified = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > NOTIFIED_MEMORY;
        }
    };
    private volatile long timers = pack(MONITORING_TIMER_DEFAULT_MS, HOLD_DOWN_TIMER_DEFAULT_S);
    /** The last module whose evaluation failed, to log each failing module once; timer thread only. */
    private FallbackSensitivity failing;

    /**
     * @param notifier runs the listeners' calls (a thread of their own in the appliance, so that a slow listener
     *                 never delays the ticks)
     */
    public Monitor(Executor notifier) {
        this.modules = new SensitivityModules();
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /** A sensitivity module service appeared ({@code properties}: its service properties). */
    public void addModule(FallbackSensitivity module, Map<String, ?> properties) {
        modules.add(module, properties);
    }

    /** The service properties of a sensitivity module changed. */
    public void updateModule(FallbackSensitivity module, Map<String, ?> properties) {
        modules.update(module, properties);
    }

    /** A sensitivity module service went away. */
    public void removeModule(FallbackSensitivity module, Map<String, ?> properties) {
        modules.remove(module, properties);
    }

    @Override
    public MonitoredStream open(String callId, int sensitivity, int ptimeMs, int clockRate, FallbackListener listener) {
        Validate.required("call-id", callId);
        SensitivityLevel level = SensitivityLevel.of(sensitivity);
        Validate.range("ptime", ptimeMs, 0, 1000);
        Validate.range("clock-rate", clockRate, 1, 1_000_000);
        Objects.requireNonNull(listener, "listener");
        Stream s = new Stream(this, callId, level, ptimeMs, clockRate, listener);
        if (s.monitored()) {
            streams.add(s);
        }
        LOG.debug("call {}: RTP monitoring {} (sensitivity {})", callId, s.monitored() ? "enabled" : "disabled",
                sensitivity);
        return s;
    }

    @Override
    public void timers(int monitoringMs, int holdDownS) {
        Validate.range("fallback monitoring timer", monitoringMs, MONITORING_TIMER_MIN_MS, MONITORING_TIMER_MAX_MS);
        Validate.range("fallback hold-down timer", holdDownS, HOLD_DOWN_TIMER_MIN_S, HOLD_DOWN_TIMER_MAX_S);
        long next = pack(monitoringMs, holdDownS);
        if (timers != next) {
            timers = next;
            LOG.info("RTP monitoring: fallback monitoring timer {} ms, hold-down timer {} s", monitoringMs, holdDownS);
        }
    }

    @Override
    public int monitoringTimerMs() {
        return (int) (timers >>> 32);
    }

    @Override
    public int holdDownTimerS() {
        return (int) timers;
    }

    @Override
    public int openStreams() {
        return streams.size();
    }

    /** One monitoring tick of every open stream, at {@code nowNanos} ({@link System#nanoTime()}). */
    public void tick(long nowNanos) {
        long holdDownNanos = holdDownTimerS() * 1_000_000_000L;
        for (Stream s : streams) {
            try {
                s.tick(nowNanos, holdDownNanos);
            } catch (RuntimeException e) {
                LOG.error("RTP monitoring tick of {} failed", s, e);
            }
        }
    }

    FallbackSensitivity module(SensitivityLevel level) {
        return modules.current(level);
    }

    boolean degraded(FallbackSensitivity module, MetricsSnapshot window) {
        try {
            boolean d = module.degraded(window);
            if (failing == module) {
                failing = null;
            }
            return d;
        } catch (RuntimeException e) {
            if (failing != module) {
                failing = module;
                LOG.error("fallback sensitivity module {} (level {}, {}) failed; its calls count as not degraded",
                        module.getClass().getName(), module.level(), module.source(), e);
            }
            return false;
        }
    }

    void degradedStarted(Stream s, FallbackSensitivity module, MetricsSnapshot window) {
        LOG.info("call {}: RTP degraded for sensitivity {} ({}, {}): {}; hold-down timer {} s started", s.callId,
                s.level.value(), module.name(), module.source(), module.thresholds().exceeded(window),
                holdDownTimerS());
    }

    void recovered(Stream s, long afterMs) {
        LOG.info("call {}: RTP recovered after {} ms, hold-down timer stopped", s.callId, afterMs);
    }

    void fallbackRequired(Stream s, MetricsSnapshot window) {
        synchronized (notified) {
            if (notified.putIfAbsent(s.callId, Boolean.TRUE) != null) {
                LOG.info("call {}: still degraded after the hold-down timer; fallback already requested", s.callId);
                return;
            }
        }
        LOG.info("call {}: still degraded after the {} s hold-down timer, fallback to PSTN required (sensitivity {})",
                s.callId, holdDownTimerS(), s.level.value());
        notifier.execute(() -> {
            if (s.closed()) {
                LOG.info("call {}: ended before its fallback could be requested", s.callId);
                return;
            }
            try {
                s.listener.fallbackRequired(s.callId, s.level.value(), window);
            } catch (RuntimeException e) {
                LOG.error("call {}: the fallback listener failed", s.callId, e);
            }
        });
    }

    void closed(Stream s) {
        streams.remove(s);
    }

    /** Stops monitoring every stream (deactivation). */
    void closeAll() {
        for (Stream s : streams) {
            s.close();
        }
    }

    private static long pack(int monitoringMs, int holdDownS) {
        return ((long) monitoringMs << 32) | (holdDownS & 0xFFFFFFFFL);
    }
}
