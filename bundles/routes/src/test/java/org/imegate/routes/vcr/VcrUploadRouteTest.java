package org.imegate.routes.vcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.impl.DefaultCamelContext;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VcrResult;
import org.imegate.api.ime.VoiceCallRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route vcr-upload on a real Camel file consumer, with an intake that keeps what it stores in memory. */
class VcrUploadRouteTest {
    @TempDir
    Path dir;

    /** Stores each distinct record once, refuses numbers that are not +E.164, fails while {@code down}. */
    static final class Intake implements VcrIntake {
        final List<VoiceCallRecord> stored = new ArrayList<>();
        final Set<VoiceCallRecord> seen = new HashSet<>();
        final List<String> refused = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public synchronized VcrResult submit(VoiceCallRecord vcr, String source) {
            if (down.get()) {
                throw new IllegalStateException("the store is not available");
            }
            if (!VoiceCallRecord.E164.matcher(vcr.calledNumber()).matches()) {
                refused.add(source);
                return new VcrResult(VcrOutcome.REJECTED, 0, "CalledNum " + vcr.calledNumber() + " is not +E.164");
            }
            if (!seen.add(vcr)) {
                return new VcrResult(VcrOutcome.DUPLICATE, 0, null);
            }
            stored.add(vcr);
            return new VcrResult(VcrOutcome.ACCEPTED, stored.size(), null);
        }

        @Override
        public synchronized void refuse(String source, String reason) {
            refused.add(source);
        }

        synchronized int stored() {
            return stored.size();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Path tmp = inbox.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void csvFilesAreTakenLineByLineAndRefusedLinesAreReported() throws Exception {
        Intake intake = new Intake();
        Path inbox = dir.resolve("ime-inbox");
        VcrUploadRoute route = new VcrUploadRoute(new DefaultCamelContext(), inbox, intake, 100);
        route.start();
        try {
            drop(inbox, "cdr-0001.csv", VcrCsv.HEADER + "\n"
                    + "# exported by the call agent\n"
                    + "sent,+14085551212,+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "received,+17325550100,+14085551212,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "sent,+14085551212,+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "sent,4085551212,+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "both,+14085551212,,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "sent,+14085551212,,yesterday,2026-11-21T10:01:35Z,3834353762636435\n"
                    + "sent,+14085551212\n"
                    + "sent,+14085551213,,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,38343537626364zz\n");
            drop(inbox, "notes.txt", "not a CDR file\n");
            await("cdr-0001.csv processed", () -> Files.exists(inbox.resolve("done/cdr-0001.csv")));
            assertFalse(Files.exists(inbox.resolve("cdr-0001.csv")));
            assertTrue(Files.exists(inbox.resolve("notes.txt")), "only .csv files are read");
            List<String> refused = Files.readAllLines(inbox.resolve("done/cdr-0001.csv.rejected"));
            assertEquals(List.of("line 6: CalledNum 4085551212 is not +E.164",
                    "line 7: direction both is not sent or received",
                    "line 8: start or stop is not an ISO-8601 instant (2026-11-21T10:00:00Z)",
                    "line 9: expected 6 fields (" + VcrCsv.HEADER + "), found 2",
                    "line 10: vserviceid must be 16 hexadecimal digits"), refused);
            assertEquals(2, intake.stored(), "the duplicate line is stored once");
            assertEquals(CallDirection.SENT, intake.stored.get(0).direction());
            assertEquals(0x3834353762636435L, intake.stored.get(0).vserviceId());
            assertEquals(List.of("inbox:cdr-0001.csv:6", "inbox:cdr-0001.csv:7", "inbox:cdr-0001.csv:8",
                    "inbox:cdr-0001.csv:9", "inbox:cdr-0001.csv:10"), intake.refused, "every refusal is counted");
            assertEquals(1, route.files.get());
            assertEquals(5, route.refused.get());
        } finally {
            route.stop();
        }
    }

    @Test
    void aFileTheIntakeCouldNotFinishStaysAndIsReadAgainWithoutLosingALine() throws Exception {
        Intake intake = new Intake();
        intake.down.set(true);
        Path inbox = dir.resolve("ime-inbox");
        VcrUploadRoute route = new VcrUploadRoute(new DefaultCamelContext(), inbox, intake, 100);
        route.start();
        try {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                csv.append("sent,+1408555").append(String.format("%04d", i))
                        .append(",+17325550100,2026-11-21T10:00:00Z,2026-11-21T10:01:35Z,3834353762636435\n");
            }
            drop(inbox, "cdr-0002.csv", csv.toString());
            await("a failed attempt", () -> route.failures() > 0);
            assertTrue(Files.exists(inbox.resolve("cdr-0002.csv")), "the file waits in the inbox");
            assertFalse(Files.exists(inbox.resolve("done/cdr-0002.csv")));
            intake.down.set(false);
            await("cdr-0002.csv processed", () -> Files.exists(inbox.resolve("done/cdr-0002.csv")));
            assertEquals(50, intake.stored());
            assertFalse(Files.exists(inbox.resolve("done/cdr-0002.csv.rejected")));
        } finally {
            route.stop();
        }
    }
}
