package org.imegate.ime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imegate.api.alert.Alert;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VoiceCallRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IME server alerts of catalogue §9.4 that do not need a call agent. */
class AlertsTest {
    @TempDir
    Path dir;

    List<Alert> named(EngineFixture ime, String name) {
        return ime.alerts.stream().filter(a -> a.name().equals(name)).toList();
    }

    @Test
    void theBacklogTheAlertEngineWatchesIsOnTheMBean() throws Exception {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null,
                Map.of(ImeSettings.MAX_DELAY, "86400", ImeSettings.MIN_INTERVAL, "0"), List.of())) {
            Instant t = Instant.now().minusSeconds(3600);
            for (int i = 0; i < 101; i++) {
                ime.engine.submit(new VoiceCallRecord(String.format("+1408%07d", i), "", t, t.plusSeconds(60),
                        CallDirection.SENT, 1), "test");
            }
            org.imegate.ime.jmx.ImeServerMBeanImpl mbean = new org.imegate.ime.jmx.ImeServerMBeanImpl(ime.engine);
            assertEquals(101, mbean.getValidationsPending(), "ValidationsPendingExceeded fires above 100");
            assertEquals(101, mbean.getOriginatingVCRs());
            assertEquals(2, new org.imegate.ime.jmx.DistributedCacheMBeanImpl(ime.engine).getIMEDistributedCacheHealth());
        }
    }

    @Test
    void ticketPasswordGenerationRaisesTicketPasswordChanged() {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(), List.of())) {
            char[] pw = ime.engine.generateTicketPassword(3);
            assertEquals(32, pw.length);
            for (char c : pw) {
                assertEquals(true, c >= 0x21 && c <= 0x73, "alphabet 0x21-0x73");
            }
            assertEquals(3, ime.tickets.epoch().getAsInt());
            assertEquals(1, named(ime, "TicketPasswordChanged").size());
            assertEquals(false, named(ime, "TicketPasswordChanged").get(0).message().contains(new String(pw)));
        }
    }
}
