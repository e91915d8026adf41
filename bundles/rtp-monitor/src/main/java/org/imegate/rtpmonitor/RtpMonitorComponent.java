package org.imegate.rtpmonitor;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.rtpmonitor.FallbackListener;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.api.rtpmonitor.RtpMonitor;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
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
 * The appliance's {@link RtpMonitor}: one daemon timer thread ticks every open stream each
 * {@code fallback monitoring timer}; a second daemon thread calls the fallback listeners. The two timers are
 * settings of the uc-ime proxy: they are read from its configuration ({@value #UC_IME_PID},
 * {@value #MONITORING_KEY} and {@value #HOLD_DOWN_KEY}) and can be pushed with {@link #timers}. Every
 * {@link FallbackSensitivity} service is tracked (dynamic, greedy): a replaced module applies from the next tick.
 */
@Component(service = RtpMonitor.class, immediate = true, configurationPid = RtpMonitorComponent.UC_IME_PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RtpMonitorComponent implements RtpMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(RtpMonitorComponent.class);

    /** The uc-ime proxy's configuration, which holds the fallback timers. */
    static final String UC_IME_PID = "org.imegate.sip.ucime";
    static final String MONITORING_KEY = "fallback.monitoring.timer";
    static final String HOLD_DOWN_KEY = "fallback.holddown.timer";

    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService notifier;
    private final Monitor monitor;
    /** Deadline of the next tick, System.nanoTime(); timer thread only after activation. */
    private long deadline;

    @Activate
    public RtpMonitorComponent(Map<String, Object> properties) {
        timer = new ScheduledThreadPoolExecutor(1, daemon("imegate-rtp-monitor"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        notifier = Executors.newSingleThreadExecutor(daemon("imegate-rtp-monitor-fallback"));
        monitor = new Monitor(notifier);
        configure(properties);
        deadline = System.nanoTime();
        schedule();
        LOG.info("RTP monitor started: monitoring timer {} ms, hold-down timer {} s", monitor.monitoringTimerMs(),
                monitor.holdDownTimerS());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        notifier.shutdownNow();
        int open = monitor.openStreams();
        monitor.closeAll();
        LOG.info("RTP monitor stopped ({} streams were open)", open);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSensitivity(FallbackSensitivity module, Map<String, Object> properties) {
        monitor.addModule(module, properties);
    }

    void updatedSensitivity(FallbackSensitivity module, Map<String, Object> properties) {
        monitor.updateModule(module, properties);
    }

    void unbindSensitivity(FallbackSensitivity module, Map<String, Object> properties) {
        monitor.removeModule(module, properties);
    }

    @Override
    public MonitoredStream open(String callId, int sensitivity, int ptimeMs, int clockRate, FallbackListener listener) {
        return monitor.open(callId, sensitivity, ptimeMs, clockRate, listener);
    }

    @Override
    public void timers(int monitoringMs, int holdDownS) {
        monitor.timers(monitoringMs, holdDownS);
    }

    @Override
    public int monitoringTimerMs() {
        return monitor.monitoringTimerMs();
    }

    @Override
    public int holdDownTimerS() {
        return monitor.holdDownTimerS();
    }

    @Override
    public int openStreams() {
        return monitor.openStreams();
    }

    /** The uc-ime timers from its configuration; the defaults when it has none; a bad value keeps the timers. */
    private void configure(Map<String, Object> properties) {
        try {
            monitor.timers(value(properties, MONITORING_KEY, MONITORING_TIMER_DEFAULT_MS),
                    value(properties, HOLD_DOWN_KEY, HOLD_DOWN_TIMER_DEFAULT_S));
        } catch (ValidationException e) {
            LOG.error("{} refused, the fallback timers in force are kept: {}", UC_IME_PID, e.getMessage());
        }
    }

    private static int value(Map<String, Object> properties, String key, int dflt) {
        Object v = properties.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        return Validate.parseInt(key, String.valueOf(v), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            monitor.tick(now);
        } catch (RuntimeException e) {
            LOG.error("RTP monitoring tick failed", e);
        }
        schedule();
    }

    /** Schedules the next tick one monitoring timer after the previous deadline (ticks missed are skipped). */
    private void schedule() {
        long period = monitor.monitoringTimerMs() * 1_000_000L;
        long now = System.nanoTime();
        deadline += period;
        if (deadline - now < 0) {
            deadline = now + period;
        }
        try {
            timer.schedule(this::tick, deadline - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("RTP monitor stopping, no further tick");
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
