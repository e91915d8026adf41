package org.imegate.rtpmonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.junit.jupiter.api.Test;

/** The component with its real timer thread and the uc-ime configuration as ConfigAdmin stores it (text). */
class RtpMonitorComponentTest {

    @Test
    void timersComeFromTheUcImeConfigurationAndTicksRun() {
        RtpMonitorComponent c = new RtpMonitorComponent(Map.of("name", "ime",
                "fallback.monitoring.timer", "10", "fallback.holddown.timer", "30"));
        try {
            assertEquals(10, c.monitoringTimerMs());
            assertEquals(30, c.holdDownTimerS());

            c.modified(Map.of("fallback.monitoring.timer", "700", "fallback.holddown.timer", "30"));
            assertEquals(10, c.monitoringTimerMs(), "an out-of-range value keeps the timers in force");
            c.modified(Map.of("fallback.monitoring.timer", 20, "fallback.holddown.timer", 40));
            assertEquals(20, c.monitoringTimerMs());
            assertEquals(40, c.holdDownTimerS());
            c.modified(Map.of());
            assertEquals(100, c.monitoringTimerMs(), "no uc-ime configuration: the defaults");
            assertEquals(20, c.holdDownTimerS());
            c.timers(10, 10);

            MonitorTest.Switch module = new MonitorTest.Switch(SensitivityLevel.NOMINAL, true);
            c.bindSensitivity(module, Map.of("service.id", 1L, FallbackSensitivity.LEVEL, 3));
            MonitoredStream s = c.open("timer@example", 3, 20, 8000, (id, level, at) -> { });
            assertEquals(1, c.openStreams());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int seq = 0;
            while (s.failoverState() != MonitoredStream.STATE_DEGRADED && System.nanoTime() < deadline) {
                s.onPacket(seq, seq * 160L, System.nanoTime(), 0);
                seq++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(MonitoredStream.STATE_DEGRADED, s.failoverState(), "the timer thread ticks the stream");
            assertTrue(module.evaluations.get() >= 1);

            c.unbindSensitivity(module, Map.of("service.id", 1L, FallbackSensitivity.LEVEL, 3));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.failoverState() != MonitoredStream.STATE_OK && System.nanoTime() < deadline) {
                s.onPacket(seq, seq * 160L, System.nanoTime(), 0);
                seq++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(MonitoredStream.STATE_OK, s.failoverState(), "no module any more: not degraded");
        } finally {
            c.deactivate();
        }
        assertEquals(0, c.openStreams());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("imegate-rtp-monitor")).allMatch(Thread::isDaemon));
    }
}
