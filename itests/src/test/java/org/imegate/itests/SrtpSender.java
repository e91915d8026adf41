package org.imegate.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.imegate.media.srtp.SrtpSession;

/**
 * The Internet peer's media in a test: for each of its streams, G.711 A-law (PT 8) packets of 20 ms sent as
 * SRTP toward the appliance's outside media address of one call, with losses and jitter from a {@link Plan}
 * that can change while it runs (a test relay that drops bursts and delays packets, folded into the sender).
 * Each stream has its own SDES key, offered with {@link #cryptoAttribute(int)} in the SIP peer's SDP; packets
 * are protected with the appliance's SRTP implementation (proven against RFC 3711 Appendix B and libsrtp).
 *
 * <p>What comes back on the same socket (the appliance relays toward the source it latched) is recorded per
 * stream by SSRC and sequence number, which SRTP leaves in clear: the test can tell which packets made the
 * round trip and how long the longest silence was.
 */
final class SrtpSender implements AutoCloseable {
    static final int PTIME_MS = 20;
    static final long PTIME_NANOS = TimeUnit.MILLISECONDS.toNanos(PTIME_MS);

    /** What happens to packet {@code i} (0, 1, 2, ... from the start) of every stream. */
    interface Plan {
        boolean drop(int i);

        /** Extra delay of packet {@code i} beyond its 20 ms slot, ns (below 20 ms keeps the order). */
        long delayNanos(int i);
    }

    static final Plan CLEAN = new Plan() {
        @Override
        public boolean drop(int i) {
            return false;
        }

        @Override
        public long delayNanos(int i) {
            return 0;
        }
    };

    /** One stream: its keys, its SSRC, what was sent and what came back. */
    private static final class Stream {
        final SrtpSession srtp = new SrtpSession(new SecureRandom());
        final String crypto;
        final int ssrc;
        final BitSet sent = new BitSet();
        final BitSet echoed = new BitSet();
        long lastEcho;
        long maxEchoGapNanos;
        InetSocketAddress target;

        Stream(int ssrc) throws Exception {
            this.ssrc = ssrc;
            crypto = srtp.offer().get(0);
            // the sender only encrypts: any well-formed answer for tag 1 installs its sending key
            byte[] key = new byte[30];
            new SecureRandom().nextBytes(key);
            srtp.answered(List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + java.util.Base64.getEncoder().encodeToString(key)));
        }
    }

    /** Round-trip figures of one stream. */
    record Echo(int sent, int echoed, int missing, int longestMissingRun, long maxGapMs) {
    }

    private final DatagramSocket socket;
    private final List<Stream> streams = new ArrayList<>();
    private final Map<Integer, Stream> bySsrc = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Plan plan = CLEAN;
    /** Index of the packet slot the sender is at. */
    private volatile int slot;
    private volatile boolean running;
    private volatile boolean receiving = true;
    private Thread sender;
    private final Thread receiver;

    SrtpSender(String bindAddress) throws Exception {
        this(bindAddress, 1);
    }

    SrtpSender(String bindAddress, int count) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(bindAddress, 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSoTimeout(200);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            int ssrc = random.nextInt();
            while (bySsrc.containsKey(ssrc)) {
                ssrc = random.nextInt();
            }
            Stream s = new Stream(ssrc);
            streams.add(s);
            bySsrc.put(ssrc, s);
        }
        receiver = new Thread(this::receive, "srtp-echo-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The SDP attribute line offering stream {@code i}'s key: {@code a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...}. */
    String cryptoAttribute(int i) {
        return "a=crypto:" + streams.get(i).crypto;
    }

    String cryptoAttribute() {
        return cryptoAttribute(0);
    }

    void plan(Plan next) {
        plan = next;
    }

    /** Starts the single stream toward {@code target}. */
    synchronized void start(InetSocketAddress target, int maxPackets) {
        start(List.of(target), maxPackets);
    }

    /** Starts stream {@code i} toward {@code targets[i]}: at most {@code maxPackets} each, until {@link #stop()}. */
    synchronized void start(List<InetSocketAddress> targets, int maxPackets) {
        for (int i = 0; i < streams.size(); i++) {
            streams.get(i).target = targets.get(i);
        }
        running = true;
        sender = new Thread(() -> send(maxPackets), "srtp-sender");
        sender.setDaemon(true);
        sender.start();
    }

    private void send(int maxPackets) {
        byte[] buf = new byte[12 + 160 + 64];
        long t0 = System.nanoTime();
        for (int i = 0; i < maxPackets && running; i++) {
            slot = i;
            Plan p = plan;
            long due = t0 + i * PTIME_NANOS + p.delayNanos(i);
            for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (p.drop(i)) {
                dropped.incrementAndGet();
                continue;
            }
            for (Stream s : streams) {
                Arrays.fill(buf, (byte) 0xD5);
                buf[0] = (byte) 0x80;
                buf[1] = 8;
                buf[2] = (byte) (i >> 8);
                buf[3] = (byte) i;
                int ts = i * 160;
                buf[4] = (byte) (ts >> 24);
                buf[5] = (byte) (ts >> 16);
                buf[6] = (byte) (ts >> 8);
                buf[7] = (byte) ts;
                buf[8] = (byte) (s.ssrc >> 24);
                buf[9] = (byte) (s.ssrc >> 16);
                buf[10] = (byte) (s.ssrc >> 8);
                buf[11] = (byte) s.ssrc;
                int n = s.srtp.protect(buf, 0, 12 + 160);
                try {
                    socket.send(new DatagramPacket(buf, n, s.target));
                    synchronized (s) {
                        s.sent.set(i);
                    }
                    sent.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    private void receive() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (receiving) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
            } catch (java.net.SocketTimeoutException idle) {
                continue;
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            long now = System.nanoTime();
            if (p.getLength() < 12) {
                continue;
            }
            int ssrc = (buf[8] & 0xff) << 24 | (buf[9] & 0xff) << 16 | (buf[10] & 0xff) << 8 | buf[11] & 0xff;
            Stream s = bySsrc.get(ssrc);
            if (s == null) {
                continue;
            }
            int seq = (buf[2] & 0xff) << 8 | buf[3] & 0xff;
            synchronized (s) {
                s.echoed.set(seq);
                if (s.lastEcho != 0) {
                    s.maxEchoGapNanos = Math.max(s.maxEchoGapNanos, now - s.lastEcho);
                }
                s.lastEcho = now;
            }
        }
    }

    /** Packets sent so far, all streams. */
    long sent() {
        return sent.get();
    }

    /** Packet slots the plan dropped so far (each for every stream). */
    long dropped() {
        return dropped.get();
    }

    /** The packet slot the sender is at now (packets of earlier slots have been sent or dropped). */
    int slot() {
        return slot;
    }

    /** The round trip of stream {@code i}: what was sent, what came back, the longest run of sent packets lost. */
    Echo echo(int i) {
        return echo(i, Integer.MAX_VALUE);
    }

    /** {@link #echo(int)} over the packets of slots before {@code upTo} only. */
    Echo echo(int i, int upTo) {
        Stream s = streams.get(i);
        synchronized (s) {
            int missing = 0;
            int run = 0;
            int longest = 0;
            int sentCount = 0;
            int echoedCount = 0;
            for (int k = s.sent.nextSetBit(0); k >= 0 && k < upTo; k = s.sent.nextSetBit(k + 1)) {
                sentCount++;
                if (s.echoed.get(k)) {
                    echoedCount++;
                }
                if (s.echoed.get(k)) {
                    run = 0;
                } else {
                    missing++;
                    longest = Math.max(longest, ++run);
                }
            }
            return new Echo(sentCount, echoedCount, missing, longest, TimeUnit.NANOSECONDS.toMillis(s.maxEchoGapNanos));
        }
    }

    /** Stops sending and waits for the sending thread. */
    synchronized void stop() throws InterruptedException {
        running = false;
        if (sender != null) {
            sender.join(5000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        receiving = false;
        socket.close();
        receiver.join(5000);
    }
}
