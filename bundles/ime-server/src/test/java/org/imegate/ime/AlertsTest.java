package org.imegate.ime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertState;
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
    void pendingValidationsOverOneHundredRaiseOnceAnHourAndClearBelowEighty() {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null,
                Map.of(ImeSettings.MAX_DELAY, "86400", ImeSettings.MIN_INTERVAL, "0"), List.of())) {
            Instant t = Instant.now().minusSeconds(3600);
            for (int i = 0; i < 101; i++) {
                ime.engine.submit(new VoiceCallRecord(String.format("+1408%07d", i), "", t, t.plusSeconds(60),
                        CallDirection.SENT, 1), "test");
            }
            Instant now = Instant.now();
            ime.engine.checkPending(now);
            ime.engine.checkPending(now.plusSeconds(60));
            assertEquals(1, named(ime, "ValidationsPendingExceeded").size(), "once within 60 minutes");
            ime.engine.checkPending(now.plusSeconds(3600));
            assertEquals(2, named(ime, "ValidationsPendingExceeded").size(), "again an hour later");
            assertEquals(AlertState.RAISED, named(ime, "ValidationsPendingExceeded").get(0).state());
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
