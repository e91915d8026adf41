package org.imegate.ime.vcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.ime.EngineFixture;
import org.imegate.ime.ImeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VCR intake rules (UND-25, IME-31, IME-43) and the CDR file inbox. */
class VcrIntakeTest {
    static final long VS = 0x3834353762636435L;

    @TempDir
    Path dir;

    static VoiceCallRecord vcr(String called, Instant start, CallDirection d) {
        return new VoiceCallRecord(called, "+17325550100", start, start.plusSeconds(60), d, VS);
    }

    @Test
    void numbersNotInE164AreRefusedAndDuplicatesStoredOnce() {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(), List.of())) {
            Instant t = Instant.now().minusSeconds(3600);
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(vcr("+14085551212", t, CallDirection.SENT), "test").outcome());
            assertEquals(VcrOutcome.DUPLICATE, ime.engine.submit(vcr("+14085551212", t, CallDirection.SENT), "test").outcome());
            assertEquals(VcrOutcome.REJECTED, ime.engine.submit(vcr("14085551212", t, CallDirection.SENT), "test").outcome());
            assertEquals(VcrOutcome.REJECTED, ime.engine.submit(vcr("+0123", t, CallDirection.SENT), "test").outcome());
            assertEquals(VcrOutcome.REJECTED, ime.engine.submit(new VoiceCallRecord("+14085551212", "408", t,
                    t.plusSeconds(5), CallDirection.RECEIVED, VS), "test").outcome(), "calling number not +E.164");
            assertEquals(VcrOutcome.REJECTED, ime.engine.submit(new VoiceCallRecord("+14085551212", "", t,
                    t.minusSeconds(5), CallDirection.RECEIVED, VS), "test").outcome(), "stop before start");
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(new VoiceCallRecord("+14085551212", "", t,
                    t.plusSeconds(5), CallDirection.RECEIVED, VS), "test").outcome(), "no caller ID is fine");
            assertEquals(4, ime.engine.counters().vcrsRejected.sum());
            assertEquals(1, ime.engine.counters().vcrsDuplicate.sum());
            assertEquals(7, ime.engine.counters().vcrUploadRequests.sum());
        }
    }

    @Test
    void twoVcrsToOneNumberWithinTheMinimumIntervalAreNotBothValidated() {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(), List.of())) {
            Instant t = Instant.now().minusSeconds(7200);
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(vcr("+14085551212", t, CallDirection.SENT), "t").outcome());
            assertEquals(VcrOutcome.CORRELATED, ime.engine.submit(vcr("+14085551212", t.plusSeconds(3599),
                    CallDirection.SENT), "t").outcome());
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(vcr("+14085551212", t.plusSeconds(3600),
                    CallDirection.SENT), "t").outcome(), "one hour later it is validated again");
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(vcr("+14085551213", t.plusSeconds(10),
                    CallDirection.SENT), "t").outcome(), "another number is unrelated");
            assertEquals(3, ime.store.pendingValidations());
            assertEquals(4, ime.store.countVcrs(CallDirection.SENT), "the correlated VCR is stored all the same");
            ime.engine.setValidator("mininterval", "0");
            assertEquals(VcrOutcome.ACCEPTED, ime.engine.submit(vcr("+14085551212", t.plusSeconds(1),
                    CallDirection.SENT), "t").outcome());
        }
    }

    @Test
    void acknowledgedVcrsSurviveARestart() {
        Instant t = Instant.now().minusSeconds(600);
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(), List.of())) {
            for (int i = 0; i < 20; i++) {
                ime.engine.submit(vcr("+1408555" + (1000 + i), t, i % 2 == 0 ? CallDirection.SENT : CallDirection.RECEIVED), "t");
            }
        }
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null,
                Map.of(ImeSettings.VAP_USERNAME, "", ImeSettings.MIN_INTERVAL, "60"), List.of())) {
            assertEquals(10, ime.store.countVcrs(CallDirection.SENT));
            assertEquals(10, ime.store.countVcrs(CallDirection.RECEIVED));
            assertEquals(10, ime.store.pendingValidations());
        }
    }

    @Test
    void anUnreadableRecordIsCountedAsAnUploadRequestAndARejectedVcr() throws Exception {
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(), List.of())) {
            ime.engine.refuse("inbox:cdr-0001.csv:7", "expected 6 fields");
            assertEquals(1, ime.engine.counters().vcrUploadRequests.sum());
            assertEquals(1, ime.engine.counters().vcrsRejected.sum());
            assertEquals(0, ime.store.countVcrs(CallDirection.SENT));
        }
    }
}
