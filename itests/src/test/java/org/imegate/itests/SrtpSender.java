package org.imegate.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.imegate.media.srtp.SrtpSession;

/**
 * The Internet peer's media in a test: G.711 A-law (PT 8) packets of 20 ms sent as SRTP toward the appliance's
 * outside media address, with losses and jitter from a {@link Plan} that can change while it runs (a test
 * relay that drops bursts and delays packets, folded into the sender). Keys are offered with
 * {@link #cryptoAttribute()} in the SIP peer's SDP; packets are protected with the appliance's SRTP
 * implementation (proven against RFC 3711 Appendix B and libsrtp).
 */
final class SrtpSender implements AutoCloseable {
    static final int PTIME_MS = 20;
    static final long PTIME_NANOS = TimeUnit.MILLISECONDS.toNanos(PTIME_MS);

    /** What happens to packet {@code i} (0, 1, 2, ... from the start). */
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

    private final DatagramSocket socket;
    private final SrtpSession srtp = new SrtpSession(new SecureRandom());
    private final String crypto;
    private final int ssrc = new SecureRandom().nextInt();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Plan plan = CLEAN;
    private volatile boolean running;
    private Thread thread;

    SrtpSender(String bindAddress) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(bindAddress, 0));
        List<String> offer = srtp.offer();
        crypto = offer.get(0);
        // the sender only encrypts: any well-formed answer for tag 1 installs its sending key
        byte[] key = new byte[30];
        new SecureRandom().nextBytes(key);
        srtp.answered(List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + java.util.Base64.getEncoder().encodeToString(key)));
    }

    /** The SDP attribute line offering this sender's key: {@code a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...}. */
    String cryptoAttribute() {
        return "a=crypto:" + crypto;
    }

    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void plan(Plan next) {
        plan = next;
    }

    /** Starts sending to {@code target}: at most {@code maxPackets}, until {@link #stop()}. */
    synchronized void start(InetSocketAddress target, int maxPackets) {
        running = true;
        thread = new Thread(() -> run(target, maxPackets), "srtp-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(InetSocketAddress target, int maxPackets) {
        byte[] buf = new byte[12 + 160 + 64];
        long t0 = System.nanoTime();
        for (int i = 0; i < maxPackets && running; i++) {
            Plan p = plan;
            long due = t0 + i * PTIME_NANOS + p.delayNanos(i);
            for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (p.drop(i)) {
                dropped.incrementAndGet();
                continue;
            }
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
            buf[8] = (byte) (ssrc >> 24);
            buf[9] = (byte) (ssrc >> 16);
            buf[10] = (byte) (ssrc >> 8);
            buf[11] = (byte) ssrc;
            int n = srtp.protect(buf, 0, 12 + 160);
            try {
                socket.send(new DatagramPacket(buf, n, target));
                sent.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Packets sent so far. */
    long sent() {
        return sent.get();
    }

    /** Packets the plan dropped so far. */
    long dropped() {
        return dropped.get();
    }

    /** Stops sending and waits for the sending thread. */
    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        socket.close();
    }
}
