package org.imegate.bench.rtpmonitor;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.rtpmonitor.Monitor;
import org.imegate.rtpmonitor.metrics.StreamMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cost of one RTP packet handed to the monitor, on one thread (the stream's event loop), in ns per packet.
 * {@code streams} streams are fed round robin (1: everything in cache; 1000: a busy event loop), 20 ms
 * packets of 160 timestamp units with one packet in 100 lost.
 * <ul>
 * <li>{@code metricsOnly}: {@link StreamMetrics#onPacket} alone, no lock (the metrics' own cost);</li>
 * <li>{@code monitoredStream}: {@link MonitoredStream#onPacket}, the relay's call: the stream's lock, uncontended;</li>
 * <li>{@code monitoredStreamWhileTicking}: the same while the monitor's timer thread ticks every stream every
 * 10 ms (the shortest monitoring timer) with the Nominal limits, taking each stream's lock in turn.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class OnPacketBenchmark {

    private static final FallbackSensitivity NOMINAL = new FallbackSensitivity() {
        private final Thresholds limits = new Thresholds(4000, 12, 200, 50_000, 80);

        @Override
        public SensitivityLevel level() {
            return SensitivityLevel.NOMINAL;
        }

        @Override
        public Thresholds thresholds() {
            return limits;
        }
    };

    /** Per-stream RTP state of the sender. */
    @State(Scope.Thread)
    public static class Feed {
        @Param({"1", "1000"})
        int streams;

        int[] seq;
        long[] ts;
        long[] arrival;
        int next;

        void init() {
            seq = new int[streams];
            ts = new long[streams];
            arrival = new long[streams];
            for (int k = 0; k < streams; k++) {
                seq[k] = k * 7;
                ts[k] = k * 1000L;
                arrival[k] = 1_000_000_000L + k * 20_000L;
            }
        }

        /** Advances stream k to its next packet: one in 100 is skipped (lost). */
        final int advance() {
            int k = next;
            next = k + 1 == streams ? 0 : k + 1;
            int s = seq[k] + 1;
            long t = ts[k] + 160;
            if (s % 100 == 0) {
                s++;
                t += 160;
            }
            seq[k] = s;
            ts[k] = t;
            arrival[k] += 20_000_000L;
            return k;
        }
    }

    @State(Scope.Thread)
    public static class Raw extends Feed {
        StreamMetrics[] metrics;

        @Setup(Level.Trial)
        public void setUp() {
            init();
            metrics = new StreamMetrics[streams];
            for (int k = 0; k < streams; k++) {
                metrics[k] = new StreamMetrics(8000, 20);
            }
        }
    }

    @State(Scope.Thread)
    public static class Streams extends Feed {
        Monitor monitor;
        MonitoredStream[] open;

        @Setup(Level.Trial)
        public void setUp() {
            init();
            monitor = new Monitor(Runnable::run);
            monitor.addModule(NOMINAL, Map.of("service.id", 1L));
            open = new MonitoredStream[streams];
            for (int k = 0; k < streams; k++) {
                open[k] = monitor.open("bench-" + k + "@example", 3, 20, 8000, (id, level, at) -> { });
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (MonitoredStream s : open) {
                s.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class TickedStreams extends Streams {
        private Thread ticker;
        private volatile boolean running;
        volatile long ticks;

        @Override
        @Setup(Level.Trial)
        public void setUp() {
            super.setUp();
            running = true;
            ticker = new Thread(() -> {
                long deadline = System.nanoTime();
                while (running) {
                    deadline += 10_000_000L;
                    LockSupport.parkNanos(deadline - System.nanoTime());
                    monitor.tick(System.nanoTime());
                    ticks++;
                }
            }, "bench-ticker");
            ticker.setDaemon(true);
            ticker.start();
        }

        @Override
        @TearDown(Level.Trial)
        public void tearDown() {
            running = false;
            try {
                ticker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ticks == 0) {
                throw new IllegalStateException("the ticker never ran");
            }
            super.tearDown();
        }
    }

    @Benchmark
    public void metricsOnly(Raw r) {
        int k = r.advance();
        r.metrics[k].onPacket(r.seq[k] & 0xFFFF, r.ts[k], r.arrival[k], 0);
    }

    @Benchmark
    public void monitoredStream(Streams s) {
        int k = s.advance();
        s.open[k].onPacket(s.seq[k] & 0xFFFF, s.ts[k], s.arrival[k], 0);
    }

    @Benchmark
    public void monitoredStreamWhileTicking(TickedStreams s) {
        int k = s.advance();
        s.open[k].onPacket(s.seq[k] & 0xFFFF, s.ts[k], s.arrival[k], 0);
    }
}
