package org.imegate.rtpmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

/** Synthetic 20 ms G.722 streams (8000 Hz RTP clock, 160 ticks per packet) with ticks every 100 ms. */
class StreamMetricsTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000_000_000L;
    private static final long TICK = 100 * MS;
    /** Ticks fall 1 ms after each 100 ms boundary, between two arrivals. */
    private static final long TICK_OFFSET = MS;

    /** Feeds packets 0..n-1 with the given losses and arrival offsets, ticking every 100 ms. */
    private static final class Driver {
        final StreamMetrics m;
        final int seq0;
        long nextTick = T0 + TICK_OFFSET;

        Driver(StreamMetrics m, int seq0) {
            this.m = m;
            this.seq0 = seq0;
        }

        long lastArrival = T0;

        void send(int i, long arrival) {
            lastArrival = Math.max(lastArrival, arrival);
            while (nextTick <= arrival) {
                m.onTick(nextTick);
                nextTick += TICK;
            }
            m.onPacket((seq0 + i) & 0xFFFF, 16_000L + 160L * i, arrival, 9);
        }

        void send(int i) {
            send(i, T0 + i * 20 * MS);
        }

        Driver run(int from, int to, IntPredicate lost, IntToLongFunction jitter) {
            for (int i = from; i < to; i++) {
                if (!lost.test(i)) {
                    send(i, T0 + i * 20 * MS + jitter.applyAsLong(i));
                }
            }
            return this;
        }

        MetricsSnapshot finish(long until) {
            while (nextTick <= until) {
                m.onTick(nextTick);
                nextTick += TICK;
            }
            return m.snapshot();
        }

        /** Ticks until just after the last packet: a stream that stops is a dead path, tested on its own. */
        MetricsSnapshot finish() {
            return finish(lastArrival + TICK);
        }
    }

    private static Driver stream(int seq0) {
        return new Driver(new StreamMetrics(), seq0);
    }

    @Test
    void perfectStreamHasNoImpairment() {
        MetricsSnapshot s = stream(1000).run(0, 500, i -> false, i -> 0).finish();
        assertEquals(500, s.sumAllPackets());
        assertEquals(499, s.packetsReceived(), "the first packet is on probation (RFC 3550 A.1)");
        assertEquals(0, s.packetsLost());
        assertEquals(0, s.packetsDiscarded());
        assertEquals(9, s.codecPayloadFormat());
        assertEquals(20, s.rtpPtimeMs());
        assertEquals(0, s.maxPdvUsec());
        assertEquals(0, s.minPdvUsec());
        assertEquals(0, s.movAvgPdvUsec());
        assertEquals(0, s.totalIteCount());
        assertEquals(0, s.maxIteCountIn8Sec());
        assertEquals(0, s.maxRblrPctX100());
        assertEquals(0, s.maxBlsMs());
        assertEquals(20, s.maxCallIntervalMs());
        assertEquals(0, s.totalSequenceNumberResets());
        assertEquals(9, s.totalSecCount(), "499 counted packets span 10 media seconds, the last still open");
        assertEquals(0, s.concealedSecCount());
        assertEquals(0, s.severelyConcealedSecCount());
    }

    @Test
    void signalledPtimeWins() {
        Driver d = new Driver(new StreamMetrics(8000, 30), 7);
        assertEquals(30, d.run(0, 10, i -> false, i -> 0).finish().rtpPtimeMs());
        assertEquals(0, new StreamMetrics().snapshot().rtpPtimeMs());
        assertEquals(-1, new StreamMetrics().snapshot().codecPayloadFormat());
    }

    @Test
    void badParametersAreRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> new StreamMetrics(0, 20));
        assertEquals("ERROR: clock-rate 0 out of range 1-1000000", e.getMessage());
        assertThrows(ValidationException.class, () -> new StreamMetrics(8000, -1));
    }

    @Test
    void oneLossInTenIsOneLongBurst() {
        MetricsSnapshot s = stream(1000).run(0, 500, i -> i % 10 == 5, i -> 0).finish();
        assertEquals(50, s.packetsLost());
        assertEquals(449, s.packetsReceived());
        assertEquals(20, s.maxBlsMs());
        // losses 9 received apart (< Gmin 16) form one burst; at the tick after its second loss the
        // burst is 11 positions long with 2 losses: 2/11 = 18.18 %; later ticks see a lower density
        assertEquals(1818, s.maxRblrPctX100());
        assertEquals(50, s.totalIteCount());
        assertEquals(40, s.maxIteCountIn8Sec(), "one ITE every 200 ms");
        assertEquals(9, s.totalSecCount());
        assertEquals(9, s.concealedSecCount());
        assertEquals(9, s.severelyConcealedSecCount(), "5 x 20 ms concealed in every second");
        assertEquals(40, s.maxCallIntervalMs());
    }

    @Test
    void burstOfTwentyConsecutiveLosses() {
        MetricsSnapshot s = stream(1000).run(0, 500, i -> i >= 60 && i < 80, i -> 0).finish();
        assertEquals(20, s.packetsLost());
        assertEquals(400, s.maxBlsMs());
        assertEquals(10_000, s.maxRblrPctX100());
        assertEquals(1, s.totalIteCount());
        assertEquals(1, s.maxIteCountIn8Sec());
        assertEquals(1, s.concealedSecCount());
        assertEquals(1, s.severelyConcealedSecCount());
        assertEquals(420, s.maxCallIntervalMs());
    }

    @Test
    void isolatedLossesAreGapLossesAndConcealButNotSeverely() {
        MetricsSnapshot s = stream(1000).run(0, 500, i -> i == 100 || i == 130, i -> 0).finish();
        assertEquals(2, s.packetsLost());
        assertEquals(0, s.maxRblrPctX100(), "29 received packets >= Gmin 16 between the losses");
        assertEquals(20, s.maxBlsMs());
        assertEquals(2, s.concealedSecCount());
        assertEquals(0, s.severelyConcealedSecCount());
        assertEquals(2, s.totalIteCount());
    }

    @Test
    void jumpThenTwoSequentialPacketsIsOneReset() {
        Driver d = stream(1000).run(0, 100, i -> false, i -> 0);
        // the sender restarts 5000 further on (> MAX_DROPOUT)
        d.run(5100, 5150, i -> false, i -> -5000 * 20 * MS);
        MetricsSnapshot s = d.finish();
        assertEquals(1, s.totalSequenceNumberResets());
        assertEquals(0, s.packetsLost());
        assertEquals(99 + 49, s.packetsReceived(), "the first packet after the jump is not counted");
        assertEquals(0, s.packetsDiscarded());
    }

    @Test
    void strayJumpWithoutFollowerIsNoReset() {
        Driver d = stream(1000).run(0, 100, i -> false, i -> 0);
        d.send(4000, T0 + 1990 * MS);
        d.run(100, 200, i -> false, i -> 0);
        MetricsSnapshot s = d.finish();
        assertEquals(0, s.totalSequenceNumberResets());
        assertEquals(0, s.packetsLost());
        assertEquals(199, s.packetsReceived());
    }

    @Test
    void reorderingWithinMaxMisorderIsDiscardedNotReset() {
        Driver d = stream(1000);
        d.run(0, 200, i -> i == 10 || i == 101, i -> 0);
        d.send(10, T0 + 3999 * MS);
        d.send(101, T0 + 3999 * MS + 500_000);
        d.send(199, T0 + 3999 * MS + 700_000);
        d.run(200, 300, i -> false, i -> 0);
        MetricsSnapshot s = d.finish();
        assertEquals(0, s.totalSequenceNumberResets());
        // position 10 arrives 189 behind, beyond MAX_MISORDER: taken for a jump (RFC 3550 A.1), not counted
        assertEquals(1, s.packetsLost());
        assertEquals(2, s.packetsDiscarded(), "position 101 (98 behind) arrives late, 199 is a duplicate");
        assertEquals(297, s.packetsReceived());
    }

    @Test
    void swappedPairIsOneDiscardAndNoLoss() {
        Driver d = stream(1000);
        d.run(0, 20, i -> false, i -> 0);
        d.send(21, T0 + 410 * MS);
        d.send(20, T0 + 415 * MS);
        d.run(22, 100, i -> false, i -> 0);
        MetricsSnapshot s = d.finish();
        assertEquals(0, s.packetsLost());
        assertEquals(1, s.packetsDiscarded());
        assertEquals(0, s.totalSequenceNumberResets());
        assertEquals(20, s.maxBlsMs(), "the late packet was missing when 21 was played");
        assertTrue(s.totalIteCount() >= 1);
    }

    @Test
    void sequenceWrapsAt65535() {
        MetricsSnapshot clean = stream(65500).run(0, 100, i -> false, i -> 0).finish();
        assertEquals(0, clean.totalSequenceNumberResets());
        assertEquals(0, clean.packetsLost());
        assertEquals(99, clean.packetsReceived());

        // lose 65535 and 0
        MetricsSnapshot lossy = stream(65500).run(0, 100, i -> i == 35 || i == 36, i -> 0).finish();
        assertEquals(0, lossy.totalSequenceNumberResets());
        assertEquals(2, lossy.packetsLost());
        assertEquals(40, lossy.maxBlsMs());
    }

    @Test
    void alternatingFiveMillisecondJitter() {
        MetricsSnapshot s = stream(1000).run(0, 500, i -> false, i -> i % 2 == 0 ? 5 * MS : -5 * MS).finish();
        assertEquals(10_000, s.maxPdvUsec());
        assertEquals(0, s.minPdvUsec());
        // PDV alternates 0 / 10000 us: the 1/16 EWMA settles between 4838 and 5161 us
        assertTrue(s.movAvgPdvUsec() >= 4800 && s.movAvgPdvUsec() <= 5200, "avg " + s.movAvgPdvUsec());
        assertEquals(30, s.maxCallIntervalMs());
        assertEquals(0, s.packetsLost());
        assertEquals(0, s.totalIteCount());
    }

    @Test
    void delayStepMovingAverageConverges() {
        MetricsSnapshot s = stream(1000).run(0, 600, i -> false, i -> i >= 200 ? 30 * MS : 0).finish();
        assertEquals(30_000, s.maxPdvUsec());
        assertEquals(0, s.minPdvUsec());
        assertTrue(Math.abs(s.movAvgPdvUsec() - 30_000) <= 300, "avg " + s.movAvgPdvUsec());
        assertEquals(50, s.maxCallIntervalMs());
    }

    @Test
    void iteWindowSlidesOverEightSeconds() {
        // one loss per 100 ms tick during 12 s
        MetricsSnapshot s = stream(1000).run(0, 700, i -> i >= 50 && i < 650 && i % 5 == 2, i -> 0).finish();
        assertEquals(120, s.totalIteCount());
        assertEquals(80, s.maxIteCountIn8Sec());

        // four ITEs 3 s apart: at most three in any 8 s
        MetricsSnapshot sparse = stream(1000)
                .run(0, 700, i -> i == 100 || i == 250 || i == 400 || i == 550, i -> 0).finish();
        assertEquals(4, sparse.totalIteCount());
        assertEquals(3, sparse.maxIteCountIn8Sec());
    }

    @Test
    void timestampWrapKeepsPdvFlat() {
        StreamMetrics m = new StreamMetrics();
        long ts = 0xFFFFFFFFL - 160 * 20;
        for (int i = 0; i < 100; i++) {
            m.onPacket(i, (ts + 160L * i) & 0xFFFFFFFFL, T0 + i * 20 * MS, 0);
        }
        MetricsSnapshot s = m.snapshot();
        assertEquals(0, s.maxPdvUsec());
        assertEquals(0, s.movAvgPdvUsec());
        assertEquals(0, s.codecPayloadFormat());
    }

    @Test
    void aDeadPathIsALossRunThatGrowsWithTheSilence() {
        // 5 s of clean media, then nothing
        Driver d = stream(1000).run(0, 250, i -> false, i -> 0);
        long last = T0 + 249 * 20 * MS;
        MetricsSnapshot before = windowAt(d, last + 900 * MS);
        assertEquals(0, before.maxBlsMs(), "below a second of silence is not a dead path yet");
        assertEquals(0, before.maxIteCountIn8Sec());
        MetricsSnapshot dead = windowAt(d, last + 3_000 * MS);
        assertTrue(dead.maxBlsMs() >= 2_900 && dead.maxBlsMs() <= 3_000, "silence as a loss run: " + dead.maxBlsMs());
        assertTrue(dead.maxIteCountIn8Sec() >= 20, "every tick of the silence is impaired: " + dead.maxIteCountIn8Sec());
        assertEquals(0, dead.packetsLost(), "no sequence number says so");
        // media resumes with the sequence numbers of the silence skipped: the maxima are shared, not added
        d.run(400, 450, i -> false, i -> 0);
        MetricsSnapshot resumed = d.finish();
        assertEquals(150, resumed.packetsLost());
        assertTrue(resumed.maxBlsMs() >= 150 * 20 && resumed.maxBlsMs() <= 151 * 20, "one run: " + resumed.maxBlsMs());
    }

    /** The evaluation window at the last tick up to {@code until}. */
    private static MetricsSnapshot windowAt(Driver d, long until) {
        d.finish(until);
        return d.m.evaluation(d.nextTick - TICK);
    }

    @Test
    void evaluationWindowForgetsABurstAfterEightSeconds() {
        // a burst of 10 lost packets (200 ms) at 4.1 s, clean before and after, 30 s of media; media seconds
        // count from packet 1 (the end of probation), so the burst lies within one of them
        Driver d = stream(1000).run(0, 1500, i -> i >= 205 && i < 215, i -> 0);
        MetricsSnapshot call = d.m.snapshot();
        assertEquals(200, call.maxBlsMs());

        Driver during = stream(1000).run(0, 260, i -> i >= 205 && i < 215, i -> 0);
        MetricsSnapshot w = windowAt(during, T0 + 5_200 * MS);
        assertEquals(200, w.maxBlsMs(), "the burst is in the window");
        assertEquals(1, w.maxIteCountIn8Sec());
        assertTrue(w.totalSecCount() >= 4 && w.totalSecCount() <= 5, "closed seconds " + w.totalSecCount());
        assertEquals(1, w.concealedSecCount());
        assertEquals(1, w.severelyConcealedSecCount());

        MetricsSnapshot later = windowAt(d, T0 + 29_000 * MS);
        assertEquals(0, later.maxBlsMs(), "8 s later the burst has left the window");
        assertEquals(0, later.maxRblrPctX100());
        assertEquals(0, later.maxIteCountIn8Sec());
        assertEquals(8, later.totalSecCount());
        assertEquals(0, later.concealedSecCount());
        // the call's maxima stay
        MetricsSnapshot end = d.m.snapshot();
        assertEquals(200, end.maxBlsMs());
        assertEquals(1, end.maxIteCountIn8Sec());
        assertEquals(1, end.concealedSecCount());
    }

    @Test
    void evaluationWindowOfSteadyLossShowsItsRate() {
        // every 4th packet lost during 20 s: bursts of density 1 in 4, one loss every 80 ms
        Driver d = stream(1000).run(0, 1000, i -> i > 10 && i % 4 == 0, i -> 0);
        MetricsSnapshot w = windowAt(d, T0 + 19_950 * MS);
        assertTrue(w.maxRblrPctX100() >= 2500 && w.maxRblrPctX100() < 2600,
                "burst density 25 %, n losses in 4n - 3 positions: " + w.maxRblrPctX100());
        assertEquals(20, w.maxBlsMs(), "single losses");
        assertTrue(w.maxIteCountIn8Sec() >= 79, "every tick impaired: " + w.maxIteCountIn8Sec());
        assertEquals(8, w.totalSecCount());
        assertEquals(8, w.concealedSecCount());
        assertEquals(8, w.severelyConcealedSecCount(), "12 or 13 losses of 20 ms a second");
    }

    @Test
    void evaluationWindowOfACleanStreamIsClean() {
        Driver d = stream(1000).run(0, 600, i -> false, i -> 0);
        MetricsSnapshot w = windowAt(d, T0 + 11_990 * MS);
        assertEquals(0, w.maxRblrPctX100());
        assertEquals(0, w.maxIteCountIn8Sec());
        assertEquals(0, w.maxBlsMs());
        assertEquals(0, w.concealedSecCount());
        assertEquals(8, w.totalSecCount());
        assertEquals(600, w.sumAllPackets(), "totals are the call's");
    }
}
