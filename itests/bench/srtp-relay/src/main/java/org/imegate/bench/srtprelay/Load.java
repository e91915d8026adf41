package org.imegate.bench.srtprelay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The packet load over a set of calls: per call one stream each way, 20 ms of PCMA (160 bytes) per packet.
 * "in" = Internet peer to phone, SRTP into the system and RTP out of it; "out" = phone to Internet peer,
 * RTP in and SRTP out. Each packet carries its send time (System.nanoTime) and step number in the payload;
 * one sender thread paces the streams (or, to find the highest rate, keeps a window of packets in flight
 * per stream), one receiver thread takes every packet on a selector, decrypts what is SRTP and records the
 * one-way latency.
 */
final class Load implements AutoCloseable {
    static final int IN = 0;
    static final int OUT = 1;
    private static final int PAYLOAD = 160;
    private static final int RTP = 12;

    /** Latency histogram: 1 µs buckets up to 20 ms, 100 µs buckets up to 2 s, then one overflow bucket. */
    static final class Histogram {
        private static final int FINE = 20_000;
        private static final int COARSE = 19_800;
        private final long[] buckets = new long[FINE + COARSE + 1];
        private long count;

        void add(long nanos) {
            long us = Math.max(0, nanos / 1000);
            int i = us < FINE ? (int) us : (int) Math.min(FINE + (us - FINE) / 100, FINE + COARSE);
            buckets[i]++;
            count++;
        }

        long count() {
            return count;
        }

        /** The {@code p}-th percentile in µs, NaN when empty. */
        double percentile(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(p / 100 * count));
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return i < FINE ? i : FINE + (i - FINE) * 100.0;
                }
            }
            return Double.NaN;
        }

        void merge(Histogram h) {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += h.buckets[i];
            }
            count += h.count;
        }
    }

    /** What one step measured. */
    static final class Step {
        final int number;
        final long[] sent = new long[2];
        final long[] delivered = new long[2];
        final Histogram[] latency = {new Histogram(), new Histogram()};
        /** RTP the generator could not protect (sender thread). */
        long unprotectable;
        /** SRTP from the system that did not authenticate (receiver thread). */
        long refused;
        long stale;
        long nanos;
        /** From the last packet received to the end of the step's drain. */
        long quietNanos;
        /** Written by the receiver after each packet it counts, read by the sender's thread at the end. */
        volatile long lastReceipt;

        Step(int number) {
            this.number = number;
        }

        long sent() {
            return sent[IN] + sent[OUT];
        }

        long delivered() {
            return delivered[IN] + delivered[OUT];
        }

        Histogram both() {
            Histogram h = new Histogram();
            h.merge(latency[IN]);
            h.merge(latency[OUT]);
            return h;
        }
    }

    private final List<Call> calls;
    private final boolean srtp;
    private final Selector selector;
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile Step current = new Step(0);
    private final AtomicLong receiverFailures = new AtomicLong();
    private final byte[][] in;
    private final byte[][] out;
    private final ByteBuffer[] inBuf;
    private final ByteBuffer[] outBuf;
    private final int[] seq;
    /** Per stream (2 * call + direction): packets sent and not yet received, and packets received. */
    private final AtomicIntegerArray inflight;
    private final AtomicLongArray received;

    /**
     * @param srtp whether the system under test speaks SRTP to the peer (false: a plain forwarder)
     */
    Load(List<Call> calls, boolean srtp) throws IOException {
        this.calls = calls;
        this.srtp = srtp;
        this.selector = Selector.open();
        int n = calls.size();
        in = new byte[n][];
        out = new byte[n][];
        inBuf = new ByteBuffer[n];
        outBuf = new ByteBuffer[n];
        seq = new int[2 * n];
        inflight = new AtomicIntegerArray(2 * n);
        received = new AtomicLongArray(2 * n);
        for (Call c : calls) {
            c.connect();
            c.peer.register(selector, SelectionKey.OP_READ, c);
            c.phone.register(selector, SelectionKey.OP_READ, c);
            in[c.index] = new byte[RTP + PAYLOAD + 64];
            out[c.index] = new byte[RTP + PAYLOAD + 64];
            inBuf[c.index] = ByteBuffer.wrap(in[c.index]);
            outBuf[c.index] = ByteBuffer.wrap(out[c.index]);
            seq[2 * c.index] = (c.index * 7919) & 0xFFFF;
            seq[2 * c.index + 1] = (c.index * 104729) & 0xFFFF;
        }
        receiver = new Thread(this::receive, "bench-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    long receiverFailures() {
        return receiverFailures.get();
    }

    /**
     * Sends on the first {@code callCount} calls for {@code seconds}, {@code pps} packets per second per
     * stream; then waits {@code drainMillis} for the stragglers.
     */
    Step run(int stepNumber, int callCount, int pps, double seconds, long drainMillis) throws IOException {
        Step step = begin(stepNumber);
        int streams = 2 * callCount;
        long period = 1_000_000_000L / pps;
        long start = System.nanoTime() + 2_000_000;
        long end = start + (long) (seconds * 1e9);
        long[] due = new long[streams];
        for (int k = 0; k < streams; k++) {
            due[k] = start + (period * k) / streams;
        }
        long t0 = System.nanoTime();
        outer:
        while (true) {
            for (int k = 0; k < streams; k++) {
                // sleep until the packet is due, or send it up to 200 us early rather than spin (the latency is
                // measured from the actual send time; spinning would take a core from the relay)
                long wait = due[k] - System.nanoTime();
                if (wait > 200_000) {
                    LockSupport.parkNanos(wait - 60_000);
                }
                due[k] += period;
                if (System.nanoTime() >= end) {
                    break outer;
                }
                send(step, calls.get(k >> 1), k & 1);
            }
        }
        return finish(step, t0, drainMillis);
    }

    /**
     * The highest rate the system sustains: each of the {@code 2 * callCount} streams keeps at most
     * {@code window} packets in flight and sends the next one as soon as one arrives (a stream that gets
     * nothing back for 100 ms starts afresh), for {@code seconds}.
     */
    Step saturate(int stepNumber, int callCount, int window, double seconds, long drainMillis) throws IOException {
        Step step = begin(stepNumber);
        int streams = 2 * callCount;
        long[] progress = new long[streams];
        long[] lastSeen = new long[streams];
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            boolean sent = false;
            long now = System.nanoTime();
            for (int k = 0; k < streams; k++) {
                int flying = inflight.get(k);
                if (flying >= window) {
                    long got = received.get(k);
                    if (got != lastSeen[k]) {
                        lastSeen[k] = got;
                        progress[k] = now;
                    } else if (now - progress[k] > 100_000_000L) {
                        inflight.set(k, 0);
                        progress[k] = now;
                    }
                    continue;
                }
                inflight.incrementAndGet(k);
                send(step, calls.get(k >> 1), k & 1);
                sent = true;
            }
            if (!sent) {
                LockSupport.parkNanos(20_000);
            }
        }
        return finish(step, t0, drainMillis);
    }

    private Step begin(int stepNumber) {
        Step step = new Step(stepNumber);
        for (int k = 0; k < inflight.length(); k++) {
            inflight.set(k, 0);
        }
        current = step;
        return step;
    }

    private Step finish(Step step, long t0, long drainMillis) {
        step.nanos = System.nanoTime() - t0;
        long drainEnd = System.nanoTime() + drainMillis * 1_000_000;
        while (System.nanoTime() < drainEnd && step.delivered() < step.sent()) {
            LockSupport.parkNanos(5_000_000);
        }
        LockSupport.parkNanos(Math.max(0, drainEnd - System.nanoTime()) / 4);
        current = new Step(-1);
        LockSupport.parkNanos(20_000_000);
        // reading the receiver's last volatile write makes its counts of this step visible to this thread
        step.quietNanos = System.nanoTime() - step.lastReceipt;
        return step;
    }

    private void send(Step step, Call call, int direction) throws IOException {
        int i = call.index;
        byte[] p = direction == IN ? in[i] : out[i];
        int s = seq[2 * i + direction] = (seq[2 * i + direction] + 1) & 0xFFFF;
        p[0] = (byte) 0x80;
        p[1] = 8;
        p[2] = (byte) (s >>> 8);
        p[3] = (byte) s;
        putInt(p, 4, s * 160);
        putInt(p, 8, 0x5EED0000 | (i << 1) | direction);
        putLong(p, RTP, System.nanoTime());
        p[RTP + 8] = (byte) step.number;
        int len = RTP + PAYLOAD;
        DatagramChannel ch;
        ByteBuffer b;
        if (direction == IN) {
            if (srtp) {
                len = call.srtp.protect(p, 0, len);
                if (len < 0) {
                    step.unprotectable++;
                    return;
                }
            }
            ch = call.peer;
            b = inBuf[i];
        } else {
            ch = call.phone;
            b = outBuf[i];
        }
        b.clear().limit(len);
        try {
            ch.write(b);
        } catch (java.net.PortUnreachableException e) {
            // an ICMP error for an earlier packet: this one counts as sent and lost
        }
        step.sent[direction]++;
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        byte[] a = buf.array();
        while (running) {
            try {
                if (selector.select(100) == 0) {
                    continue;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Call call = (Call) key.attachment();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    int direction = ch == call.phone ? IN : OUT;
                    for (int burst = 0; burst < 64; burst++) {
                        buf.clear();
                        int n;
                        try {
                            n = ch.read(buf);
                        } catch (java.net.PortUnreachableException e) {
                            continue;
                        }
                        if (n <= 0) {
                            break;
                        }
                        long now = System.nanoTime();
                        Step step = current;
                        if (direction == OUT && srtp) {
                            n = call.srtp.unprotect(a, 0, n);
                            if (n < 0) {
                                step.refused++;
                                step.lastReceipt = now;
                                continue;
                            }
                        }
                        if (n < RTP + 9 || a[RTP + 8] != (byte) step.number) {
                            step.stale++;
                            continue;
                        }
                        step.delivered[direction]++;
                        step.latency[direction].add(now - getLong(a, RTP));
                        step.lastReceipt = now;
                        int k = 2 * call.index + direction;
                        inflight.decrementAndGet(k);
                        received.incrementAndGet(k);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                receiverFailures.incrementAndGet();
            }
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }

    static List<Call> first(List<Call> calls, int n) {
        return new ArrayList<>(calls.subList(0, n));
    }
}
