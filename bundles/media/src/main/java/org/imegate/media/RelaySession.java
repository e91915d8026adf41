package org.imegate.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.rtpmonitor.FallbackListener;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.api.rtpmonitor.RtpMonitor;
import org.imegate.api.validation.Validate;
import org.imegate.media.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed stream: a UDP channel on the outside (Internet) address and one on the inside address,
 * both on the same event-loop thread, so that every counter has a single writer.
 *
 * <p>Source checks. The inside leg accepts packets only from the inside remote given by SDP. The
 * outside leg does symmetric-RTP latching (RFC 4961 style, as media relays do for peers behind NAT):
 * once the outside remote is known, the first RTP packet arriving on the outside port fixes the
 * source, whatever its address, and packets toward the Internet are then sent to that source instead
 * of the SDP address; packets from any other source are dropped and counted. Only a packet that passes
 * the SRTP check latches, so unauthenticated packets cannot take the stream over. A new SDP address
 * ({@link #outsideRemote}) clears the latch. Nothing is relayed until both remotes are known.
 */
public final class RelaySession implements MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySession.class);
    private static final PacketStage[] NO_STAGES = new PacketStage[0];

    /** One side of the relay. */
    static final class Leg {
        final String name;
        final boolean latching;
        volatile Channel channel;
        volatile PortAllocator ports;
        volatile InetSocketAddress local;
        volatile InetSocketAddress remote;
        volatile InetSocketAddress source;
        volatile long received;
        volatile long sent;

        Leg(String name, boolean latching) {
            this.name = name;
            this.latching = latching;
        }

        InetSocketAddress destination() {
            InetSocketAddress s = source;
            return s != null ? s : remote;
        }
    }

    private final RtpRelay relay;
    private final String id;
    private final String callId;
    private final String instance;
    private final EventLoop loop;
    private final Instant opened = Instant.now();
    final Leg outside = new Leg("outside", true);
    final Leg inside = new Leg("inside", false);
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastActivity = System.nanoTime();
    private volatile long lastPacketMillis;
    private volatile PacketStage[] stages = NO_STAGES;
    private final SrtpSession srtp;
    private final AtomicBoolean srtpCounted = new AtomicBoolean();
    /** What SIP asked to monitor, or null. */
    private volatile MonitorRequest monitorRequest;
    /** The monitored stream the Internet leg feeds, or null. */
    private volatile MonitoredStream monitored;

    /** The parameters of {@link #monitor}. */
    private record MonitorRequest(int sensitivity, int ptimeMs, int clockRate, FallbackListener listener) {
    }

    RelaySession(RtpRelay relay, String id, String instance, String callId, EventLoop loop) {
        this.relay = relay;
        this.id = id;
        this.instance = instance;
        this.callId = callId;
        this.loop = loop;
        this.srtp = new SrtpSession(relay.random());
        addOutsideStage(new SrtpStage(srtp));
    }

    EventLoop loop() {
        return loop;
    }

    /** The handler of a leg's channel. */
    SimpleChannelInboundHandler<DatagramPacket> handler(Leg leg) {
        Leg other = leg == outside ? inside : outside;
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                relay(leg, other, packet);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // a failed write (e.g. ICMP port unreachable reported on the next send) costs one packet
                drop(DropReason.SEND_FAILED);
                LOG.debug("media session {} {} leg: {}", id, leg.name, cause.toString());
            }
        };
    }

    void attach(Leg leg, Channel channel, PortAllocator ports) {
        leg.channel = channel;
        leg.ports = ports;
        leg.local = (InetSocketAddress) channel.localAddress();
    }

    private void relay(Leg from, Leg to, DatagramPacket packet) {
        long arrival = System.nanoTime();
        lastActivity = arrival;
        lastPacketMillis = System.currentTimeMillis();
        from.received++;
        ByteBuf content = packet.content();
        if (!looksLikeRtp(content)) {
            drop(DropReason.NOT_RTP);
            return;
        }
        InetSocketAddress expected = from.remote;
        Channel out = to.channel;
        InetSocketAddress destination = to.destination();
        if (expected == null || destination == null || out == null) {
            drop(DropReason.NO_REMOTE);
            return;
        }
        InetSocketAddress sender = packet.sender();
        InetSocketAddress latched = from.source;
        boolean latch = false;
        if (latched != null) {
            if (!latched.equals(sender)) {
                drop(DropReason.WRONG_SOURCE);
                return;
            }
        } else if (from.latching) {
            latch = true;
        } else if (!expected.equals(sender)) {
            drop(DropReason.WRONG_SOURCE);
            return;
        }
        ByteBuf buf = content.retain();
        PacketStage[] s = stages;
        if (s.length > 0) {
            buf = from == outside ? runFromOutside(s, buf) : runToOutside(s, buf);
            if (buf == null) {
                drop(DropReason.STAGE);
                return;
            }
        }
        if (latch) {
            // only a packet that passed the stages (SRTP authentication) fixes the source: a stranger's
            // packets arriving first cannot take the stream over
            from.source = sender;
            if (!sender.equals(expected)) {
                LOG.debug("media session {} latched {} leg to {} (SDP said {})", id, from.name, sender, expected);
            }
        }
        MonitoredStream m = monitored;
        if (m != null && from == outside) {
            // the packet passed the SRTP check: its header is the sender's, in clear
            int i = buf.readerIndex();
            m.onPacket(buf.getUnsignedShort(i + 2), buf.getUnsignedInt(i + 4), arrival, buf.getUnsignedByte(i + 1) & 0x7f);
        }
        if (!out.isWritable()) {
            buf.release();
            drop(DropReason.SEND_FAILED);
            return;
        }
        // counted before the write: the peer may read the packet before this thread runs on
        to.sent++;
        relay.relayed.increment();
        out.writeAndFlush(new DatagramPacket(buf, destination), out.voidPromise());
    }

    private ByteBuf runFromOutside(PacketStage[] s, ByteBuf buf) {
        for (int i = 0; i < s.length && buf != null; i++) {
            buf = s[i].fromOutside(this, buf);
        }
        return buf;
    }

    private ByteBuf runToOutside(PacketStage[] s, ByteBuf buf) {
        for (int i = s.length - 1; i >= 0 && buf != null; i--) {
            buf = s[i].toOutside(this, buf);
        }
        return buf;
    }

    /** RTP version 2 with at least the fixed 12-byte header (RFC 3550 §5.1). */
    static boolean looksLikeRtp(ByteBuf b) {
        return b.readableBytes() >= 12 && (b.getUnsignedByte(b.readerIndex()) >> 6) == 2;
    }

    private void drop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
        relay.dropped.increment();
    }

    /** Adds a stage on the outside leg (see {@link PacketStage} for the order). */
    synchronized void addOutsideStage(PacketStage stage) {
        PacketStage[] s = java.util.Arrays.copyOf(stages, stages.length + 1);
        s[s.length - 1] = Objects.requireNonNull(stage, "stage");
        stages = s;
    }

    long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** {@code " (no remote 1, not RTP 2)"}: the non-zero drop reasons, or "". */
    public String dropSummary() {
        StringBuilder b = new StringBuilder();
        for (DropReason r : DropReason.values()) {
            long n = drops.get(r.ordinal());
            if (n > 0) {
                b.append(b.length() == 0 ? " (" : ", ").append(r.label()).append(' ').append(n);
            }
        }
        return b.length() == 0 ? "" : b.append(')').toString();
    }

    long dropped() {
        long n = 0;
        for (int i = 0; i < drops.length(); i++) {
            n += drops.get(i);
        }
        return n;
    }

    /** Nanoseconds (System.nanoTime) of the last packet on either leg, or of the opening. */
    long lastActivity() {
        return lastActivity;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public InetSocketAddress outsideLocal() {
        return outside.local;
    }

    @Override
    public InetSocketAddress insideLocal() {
        return inside.local;
    }

    @Override
    public void outsideRemote(InetSocketAddress remote) {
        outside.remote = Objects.requireNonNull(remote, "remote");
        outside.source = null;
    }

    @Override
    public void insideRemote(InetSocketAddress remote) {
        inside.remote = Objects.requireNonNull(remote, "remote");
    }

    @Override
    public List<String> srtpOffer() throws MediaNegotiationException {
        countSrtp();
        return srtp.offer();
    }

    @Override
    public void srtpAnswered(List<String> crypto) throws MediaNegotiationException {
        srtp.answered(crypto);
    }

    @Override
    public String srtpAnswer(List<String> crypto) throws MediaNegotiationException {
        countSrtp();
        return srtp.answer(crypto);
    }

    @Override
    public Optional<String> srtpAnswerLine() {
        return srtp.answerLine();
    }

    /** The first SRTP negotiation of the session takes one of the licence's SRTP sessions (K8: 250). */
    private void countSrtp() throws MediaNegotiationException {
        if (!srtpCounted.get()) {
            relay.acquireSrtp();
            if (!srtpCounted.compareAndSet(false, true)) {
                relay.releaseSrtp();
            }
        }
    }

    @Override
    public void monitor(int sensitivity, int ptimeMs, int clockRate, FallbackListener listener) {
        Validate.range("sensitivity", sensitivity, 0, 5);
        Validate.range("ptime", ptimeMs, 0, 1000);
        Validate.range("clock rate", clockRate, 1, 1_000_000);
        monitorRequest = new MonitorRequest(sensitivity, ptimeMs, clockRate, Objects.requireNonNull(listener, "listener"));
        monitorChanged(relay.monitor());
    }

    /** Opens the monitored stream on {@code m} (null: the monitor left) for what was asked, closing the previous. */
    synchronized void monitorChanged(RtpMonitor m) {
        MonitoredStream previous = monitored;
        monitored = null;
        if (previous != null) {
            previous.close();
        }
        MonitorRequest r = monitorRequest;
        if (m == null || r == null || closed.get()) {
            return;
        }
        try {
            monitored = m.open(callId, r.sensitivity(), r.ptimeMs(), r.clockRate(), r.listener());
        } catch (RuntimeException e) {
            LOG.warn("media session {} of call {}: RTP monitoring not started: {}", id, callId, e.toString());
        }
    }

    SrtpSession srtp() {
        return srtp;
    }

    @Override
    public MediaSessionInfo info() {
        long last = lastPacketMillis;
        MonitorRequest r = monitorRequest;
        MonitoredStream m = monitored;
        return new MediaSessionInfo(id, callId, instance, outside.local, outside.destination(), inside.local,
                inside.remote, outside.received, inside.sent, inside.received, outside.sent, dropped(), opened,
                last == 0 ? null : Instant.ofEpochMilli(last), srtp.suite().orElse(null),
                srtp.authenticationFailures(), srtp.replays(), r == null ? 0 : r.sensitivity(),
                m == null ? 0 : m.failoverState(), m != null && m.monitored() ? m.snapshot() : null);
    }

    @Override
    public void close() {
        close("closed");
    }

    /** Closes both channels and gives the ports back once the operating system has released them. */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        relay.closed(this);
        synchronized (this) {
            MonitoredStream m = monitored;
            monitored = null;
            if (m != null) {
                m.close();
            }
        }
        if (srtpCounted.get()) {
            relay.releaseSrtp();
        }
        Future<Void> a = closeLeg(outside);
        Future<Void> b = closeLeg(inside);
        if (!loop.inEventLoop()) {
            if (a != null) {
                a.awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            if (b != null) {
                b.awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        LOG.debug("media session {} of call {} {}", id, callId, why);
    }

    /** Closes a leg; the returned future completes once its port is back in the allocator. */
    private static Future<Void> closeLeg(Leg leg) {
        Channel c = leg.channel;
        if (c == null) {
            return null;
        }
        PortAllocator ports = leg.ports;
        int port = leg.local.getPort();
        Promise<Void> released = c.eventLoop().newPromise();
        c.close().addListener(f -> {
            ports.release(port);
            released.setSuccess(null);
        });
        return released;
    }
}
