package org.imegate.rtpmonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * The per-call fallback state machine (catalogue §4.7, UND-03) on a fake clock: 20 ms packets, a tick every
 * 100 ms (the default monitoring timer), hold-down 20 s (the default), listener calls run inline.
 */
class MonitorTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 7_000_000_000L;

    /** A module whose verdict the test sets, counting its evaluations. */
    static final class Switch implements FallbackSensitivity {
        final SensitivityLevel level;
        final AtomicBoolean degraded = new AtomicBoolean();
        final AtomicInteger evaluations = new AtomicInteger();

        Switch(SensitivityLevel level, boolean degraded) {
            this.level = level;
            this.degraded.set(degraded);
        }

        @Override
        public SensitivityLevel level() {
            return level;
        }

        @Override
        public Thresholds thresholds() {
            return Thresholds.NONE;
        }

        @Override
        public boolean degraded(MetricsSnapshot window) {
            evaluations.incrementAndGet();
            return degraded.get();
        }
    }

    record Notification(String callId, int sensitivity, MetricsSnapshot at) {
    }

    final List<Notification> notifications = new ArrayList<>();
    final Monitor monitor = new Monitor(Runnable::run);
    long now = T0;
    long serviceId = 100;

    /** A stream fed with one packet every 20 ms while the clock advances. */
    final class Call {
        final MonitoredStream stream;
        int seq = 1000;
        long ts = 50_000;
        boolean sending = true;

        Call(String callId, int sensitivity) {
            stream = monitor.open(callId, sensitivity, 20, 8000,
                    (id, level, at) -> notifications.add(new Notification(id, level, at)));
        }
    }

    final List<Call> calls = new ArrayList<>();

    Call call(String callId, int sensitivity) {
        Call c = new Call(callId, sensitivity);
        calls.add(c);
        return c;
    }

    /** Advances the clock by {@code ms}: a packet of every sending call each 20 ms, a tick each 100 ms. */
    void advance(long ms) {
        for (long step = 0; step < ms; step += 20) {
            now += 20 * MS;
            for (Call c : calls) {
                if (c.sending) {
                    c.stream.onPacket(c.seq++ & 0xFFFF, c.ts, now, 0);
                    c.ts += 160;
                }
            }
            if ((now - T0) % (100 * MS) == 0) {
                monitor.tick(now + MS);
            }
        }
    }

    FallbackSensitivity register(FallbackSensitivity module, int ranking) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", serviceId++);
        p.put("service.ranking", ranking);
        p.put(FallbackSensitivity.LEVEL, module.level().value());
        monitor.addModule(module, p);
        properties.put(module, p);
        return module;
    }

    final Map<FallbackSensitivity, Map<String, Object>> properties = new HashMap<>();

    void unregister(FallbackSensitivity module) {
        monitor.removeModule(module, properties.remove(module));
    }

    @Test
    void degradedCallIsNotifiedExactlyOnceWhenTheHoldDownExpires() {
        Switch nominal = (Switch) register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call c = call("call-1@example", 3);
        advance(100);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState(), "first window of media not evaluated");
        assertEquals(0, nominal.evaluations.get());
        advance(100);
        assertEquals(1, nominal.evaluations.get());
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState());
        long degradedAt = now;

        advance(19_900);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState(), "hold-down 20 s still running");
        assertEquals(List.of(), notifications);
        advance(100);
        assertEquals(20_000 * MS, now - degradedAt);
        assertEquals(MonitoredStream.STATE_NOTIFIED, c.stream.failoverState());
        assertEquals(1, notifications.size());
        Notification n = notifications.get(0);
        assertEquals("call-1@example", n.callId());
        assertEquals(3, n.sensitivity());
        assertEquals(c.stream.snapshot().sumAllPackets(), n.at().sumAllPackets());

        int evaluations = nominal.evaluations.get();
        advance(60_000);
        assertEquals(1, notifications.size(), "nothing more after the notification");
        assertEquals(evaluations, nominal.evaluations.get(), "no evaluation once notified");
        assertEquals(MonitoredStream.STATE_NOTIFIED, c.stream.failoverState());
        assertTrue(c.stream.snapshot().sumAllPackets() > 4000, "metrics still kept for show");
    }

    @Test
    void disableIsNeverMonitored() {
        Switch disable = (Switch) register(new Switch(SensitivityLevel.DISABLE, true), 0);
        Call c = call("call-0@example", 0);
        advance(60_000);
        assertFalse(c.stream.monitored());
        assertEquals(0, c.stream.sensitivity());
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
        assertEquals(0, c.stream.snapshot().sumAllPackets());
        assertEquals(-1, c.stream.snapshot().codecPayloadFormat());
        assertEquals(0, disable.evaluations.get());
        assertEquals(0, monitor.openStreams());
        assertEquals(List.of(), notifications);
    }

    @Test
    void recoveryBeforeExpiryReturnsToZeroAndRestartsTheHoldDown() {
        Switch nominal = (Switch) register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call c = call("call-2@example", 3);
        advance(200);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState());
        advance(15_000);
        nominal.degraded.set(false);
        advance(100);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState(), "recovered before the hold-down expired");
        advance(30_000);
        assertEquals(List.of(), notifications);

        nominal.degraded.set(true);
        advance(100);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState());
        advance(19_900);
        assertEquals(List.of(), notifications, "the hold-down starts again from the new degradation");
        advance(100);
        assertEquals(1, notifications.size());
    }

    @Test
    void firstMonitoringWindowOfMediaIsNotEvaluated() {
        Switch nominal = (Switch) register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call c = call("call-3@example", 3);
        c.sending = false;
        advance(5_000);
        assertEquals(0, nominal.evaluations.get(), "no media, no evaluation");
        c.sending = true;
        advance(100);
        assertEquals(0, nominal.evaluations.get(), "the tick closing the first window of media");
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
        advance(100);
        assertEquals(1, nominal.evaluations.get());
    }

    @Test
    void replacedModuleDecidesFromTheNextTick() {
        Switch lenient = (Switch) register(new Switch(SensitivityLevel.NOMINAL, false), 0);
        Call c = call("call-4@example", 3);
        advance(1_000);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());

        // the new module is registered before the old one goes: while both are there the older one is in force
        Switch strict = (Switch) register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        advance(100);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
        assertEquals(0, strict.evaluations.get());
        unregister(lenient);
        int before = lenient.evaluations.get();
        advance(100);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState(), "the next tick uses the new module");
        assertEquals(1, strict.evaluations.get());
        assertEquals(before, lenient.evaluations.get());

        // a higher service.ranking wins at once
        Switch ranked = (Switch) register(new Switch(SensitivityLevel.NOMINAL, false), 10);
        advance(100);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
        assertEquals(1, ranked.evaluations.get());
        // other levels are not affected
        Switch aggressive = (Switch) register(new Switch(SensitivityLevel.AGGRESSIVE, true), 0);
        advance(100);
        assertEquals(0, aggressive.evaluations.get());
    }

    @Test
    void withoutAModuleTheCallIsNeverDegraded() {
        Call c = call("call-5@example", 4);
        advance(60_000);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
        assertTrue(c.stream.monitored());
        Switch moderate = (Switch) register(new Switch(SensitivityLevel.MODERATE, true), 0);
        advance(100);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState(), "a module that appears applies");
        assertEquals(1, moderate.evaluations.get());
    }

    @Test
    void failingModuleCountsAsNotDegraded() {
        register(new FallbackSensitivity() {
            @Override
            public SensitivityLevel level() {
                return SensitivityLevel.NOMINAL;
            }

            @Override
            public Thresholds thresholds() {
                throw new IllegalStateException("broken");
            }
        }, 0);
        Call c = call("call-6@example", 3);
        advance(30_000);
        assertEquals(MonitoredStream.STATE_OK, c.stream.failoverState());
    }

    @Test
    void oneNotificationPerCallIdWhateverTheStreams() {
        register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call a = call("call-7@example", 3);
        Call b = call("call-7@example", 3);
        advance(25_000);
        assertEquals(MonitoredStream.STATE_NOTIFIED, a.stream.failoverState());
        assertEquals(MonitoredStream.STATE_NOTIFIED, b.stream.failoverState());
        assertEquals(1, notifications.size());

        // the call re-opens its stream (new media port): still not notified again
        a.stream.close();
        b.stream.close();
        calls.clear();
        Call again = call("call-7@example", 3);
        advance(25_000);
        assertEquals(MonitoredStream.STATE_NOTIFIED, again.stream.failoverState());
        assertEquals(1, notifications.size());
    }

    @Test
    void holdDownTimerChangeAppliesFromTheNextTick() {
        register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call c = call("call-8@example", 3);
        advance(200);
        assertEquals(MonitoredStream.STATE_DEGRADED, c.stream.failoverState());
        advance(9_000);
        monitor.timers(100, 10);
        assertEquals(10, monitor.holdDownTimerS());
        advance(900);
        assertEquals(List.of(), notifications);
        advance(100);
        assertEquals(1, notifications.size(), "10 s after degradation with the new hold-down");
    }

    @Test
    void closedStreamIsNeitherTickedNorNotified() {
        Switch nominal = (Switch) register(new Switch(SensitivityLevel.NOMINAL, true), 0);
        Call c = call("call-9@example", 3);
        advance(10_000);
        c.stream.close();
        c.stream.close();
        assertEquals(0, monitor.openStreams());
        int evaluations = nominal.evaluations.get();
        advance(30_000);
        assertEquals(evaluations, nominal.evaluations.get());
        assertEquals(List.of(), notifications);
    }

    @Test
    void thresholdModuleOnRealLoss() {
        Thresholds nominal = new Thresholds(4000, 8, 200, 50_000, 70);
        register(new FallbackSensitivity() {
            @Override
            public SensitivityLevel level() {
                return SensitivityLevel.NOMINAL;
            }

            @Override
            public Thresholds thresholds() {
                return nominal;
            }
        }, 0);
        Call clean = call("clean@example", 3);
        Call lossy = call("lossy@example", 3);
        // lossy: 5 packets of every 25 lost (a 100 ms gap every 500 ms)
        for (int i = 0; i < 1500; i++) {
            now += 20 * MS;
            clean.stream.onPacket(clean.seq++ & 0xFFFF, clean.ts, now, 0);
            clean.ts += 160;
            if (i % 25 >= 5) {
                lossy.stream.onPacket(lossy.seq & 0xFFFF, lossy.ts, now, 0);
            }
            lossy.seq++;
            lossy.ts += 160;
            if ((now - T0) % (100 * MS) == 0) {
                monitor.tick(now + MS);
            }
        }
        assertEquals(MonitoredStream.STATE_OK, clean.stream.failoverState());
        assertEquals(MonitoredStream.STATE_NOTIFIED, lossy.stream.failoverState());
        assertEquals(1, notifications.size());
        MetricsSnapshot at = notifications.get(0).at();
        assertTrue(at.maxIteCountIn8Sec() > 8 || at.concealedSecCount() * 100 > 70 * at.totalSecCount(),
                "decided on the window: " + at);
        assertEquals("lossy@example", notifications.get(0).callId());
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> monitor.open("c@x", 6, 20, 8000, (a, b, c) -> { }));
        assertEquals("ERROR: sensitivity 6 out of range 0-5", e.getMessage());
        assertEquals("ERROR: call-id is required",
                assertThrows(ValidationException.class, () -> monitor.open(" ", 3, 20, 8000, (a, b, c) -> { }))
                        .getMessage());
        assertEquals("ERROR: fallback monitoring timer 5 out of range 10-600",
                assertThrows(ValidationException.class, () -> monitor.timers(5, 20)).getMessage());
        assertEquals("ERROR: fallback hold-down timer 400 out of range 10-360",
                assertThrows(ValidationException.class, () -> monitor.timers(100, 400)).getMessage());
        assertEquals(100, monitor.monitoringTimerMs());
        assertEquals(20, monitor.holdDownTimerS());
    }
}
