package org.imegate.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final MutableClock clock = new MutableClock();
    final Map<String, Long> counters = new HashMap<>();
    final List<Alert> delivered = new ArrayList<>();
    final Map<String, AlertRule> saved = new HashMap<>();
    final AlertEngine engine = new AlertEngine(clock,
            (o, a) -> counters.containsKey(o + " " + a) ? OptionalLong.of(counters.get(o + " " + a))
                    : OptionalLong.empty(),
            (alert, email) -> delivered.add(alert), new AlertEngine.RuleStore() {
                @Override
                public Map<String, AlertRule> load() {
                    return saved;
                }

                @Override
                public void save(AlertRule rule) {
                    saved.put(rule.name(), rule);
                }

                @Override
                public void delete(String name) {
                    saved.remove(name);
                }
            });

    void pending(long v) {
        counters.put(AlertCatalogue.IME_SERVER + " ValidationsPending", v);
    }

    @Test
    void validationsPendingRaisesAtOnceThenOncePerHourAndClearsAtTheLowWatermark() {
        engine.poll();
        assertEquals(List.of(), delivered, "no IME server MBean: nothing evaluated");
        pending(101);
        engine.poll();
        assertEquals(1, delivered.size());
        Alert raised = delivered.get(0);
        assertEquals("ValidationsPendingExceeded", raised.name());
        assertEquals(AlertState.RAISED, raised.state());
        assertEquals(AlertSeverity.CRITICAL, raised.severity());
        assertTrue(raised.message().contains("ValidationsPending 101"), raised.message());
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(30));
            engine.poll();
        }
        assertEquals(1, delivered.size(), "up to 1 alert within 60 minutes");
        assertEquals(100, engine.counts("ValidationsPendingExceeded")[1]);
        clock.advance(Duration.ofMinutes(11));
        engine.poll();
        assertEquals(2, delivered.size(), "a second raise after 60 minutes");
        pending(90);
        engine.poll();
        assertEquals(2, delivered.size(), "between the watermarks: neither raised nor cleared");
        pending(79);
        engine.poll();
        assertEquals(3, delivered.size());
        assertEquals(AlertState.CLEARED, delivered.get(2).state());
        engine.poll();
        assertEquals(3, delivered.size(), "cleared once");
    }

    @Test
    void moduleAlertsFollowTheirRuleAndUnknownOnesPassThrough() {
        Alert drs = new Alert("DRFBackupFailure", AlertSeverity.ERROR, AlertState.RAISED, "drs", "Cisco DRF Backup "
                + "process failed.", null, null);
        engine.setFrequency("DRFBackupFailure", "up to 2 alerts within 10 minutes");
        engine.setSeverity("DRFBackupFailure", "critical");
        for (int i = 0; i < 5; i++) {
            engine.onEvent(drs);
        }
        assertEquals(2, delivered.size());
        assertEquals(AlertSeverity.CRITICAL, delivered.get(0).severity());
        engine.onEvent(new Alert("DRFBackupFailure", AlertSeverity.ERROR, AlertState.CLEARED, "drs", "ok", null, null));
        assertEquals(AlertState.CLEARED, delivered.get(2).state());
        engine.setEnabled("DRFBackupFailure", false);
        engine.onEvent(drs);
        assertEquals(3, delivered.size(), "disabled");
        engine.onEvent(new Alert("BrandNewThing", AlertSeverity.NOTICE, AlertState.RAISED, "x", "t", null, null));
        assertEquals("BrandNewThing", delivered.get(3).name());
        assertTrue(saved.containsKey("DRFBackupFailure"), "changed rules persist");
        engine.restoreDefault("DRFBackupFailure");
        assertTrue(engine.rule("DRFBackupFailure").enabled());
    }

    @Test
    void aClearWithoutADeliveredRaiseIsNotDelivered() {
        engine.onEvent(new Alert("TicketPasswordChanged", AlertSeverity.NOTICE, AlertState.CLEARED, "ticket", "",
                null, null));
        assertEquals(List.of(), delivered);
    }

    @Test
    void durationDelaysTheRaise() {
        engine.setDuration("ValidationsPendingExceeded", 60);
        pending(500);
        engine.poll();
        clock.advance(Duration.ofSeconds(30));
        engine.poll();
        assertEquals(0, delivered.size());
        clock.advance(Duration.ofSeconds(30));
        engine.poll();
        assertEquals(1, delivered.size());
    }

    @Test
    void refusals() {
        assertThrows(ValidationException.class, () -> engine.setFrequency("ValidationsPendingExceeded", "often"));
        assertThrows(ValidationException.class, () -> engine.setSeverity("ValidationsPendingExceeded", "loud"));
        assertThrows(ValidationException.class, () -> engine.setThreshold("BannedFromNetwork", 1, 1));
        assertThrows(ValidationException.class, () -> engine.setThreshold("ValidationsPendingExceeded", 100, 120));
        assertThrows(ValidationException.class, () -> engine.rule("NoSuchAlert"));
    }
}
