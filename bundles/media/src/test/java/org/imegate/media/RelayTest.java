package org.imegate.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaSessionInfo;
import org.imegate.api.media.MediaUnavailableException;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.ConfiguredInterfaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay with real UDP sockets: the Internet peer on 127.0.0.3, the inside phone on 127.0.0.2. */
class RelayTest {

    static final InetAddress INSIDE = address("127.0.0.2");
    static final InetAddress OUTSIDE = address("127.0.0.3");

    private MediaTerminationService media;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() {
        media = new MediaTerminationService(new ConfiguredInterfaces(Map.of()), new MemoryStore(), Duration.ofSeconds(300),
                Duration.ofMillis(50));
        // below the ephemeral range (32768-60999 on Linux), where sockets bound to port 0 do not land
        media.define("mt", "127.0.0.3", "outside", 24000, 25999);
        media.define("mt", "127.0.0.2", "inside", null, null);
    }

    @AfterEach
    void stop() {
        media.stop();
        sockets.forEach(DatagramSocket::close);
    }

    DatagramSocket socket(InetAddress address) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        s.setSoTimeout(2000);
        sockets.add(s);
        return s;
    }

    static InetSocketAddress at(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    static byte[] rtp(int seq, String payload) {
        byte[] p = payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + p.length);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x1234abcd).put(p);
        return b.array();
    }

    static void send(DatagramSocket from, byte[] data, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(data, data.length, to));
    }

    static byte[] receive(DatagramSocket s) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** An even port from {@code base} (at most 500 tried) free on both addresses now, with the odd one above. */
    static int freeEvenPort(int base) throws IOException {
        for (int port = base; port < base + 1000; port += 2) {
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(INSIDE, port));
                    DatagramSocket b = new DatagramSocket(new InetSocketAddress(OUTSIDE, port));
                    DatagramSocket c = new DatagramSocket(new InetSocketAddress(OUTSIDE, port + 2))) {
                return port;
            } catch (IOException e) {
                // taken by another program: next
            }
        }
        throw new IOException("no free even port in " + base + "-" + (base + 999) + " on 127.0.0.2 and 127.0.0.3");
    }

    /** The Internet peer's SRTP end: it offers SDES keys, the appliance answers (an inbound call). */
    static final class SrtpPeer {
        final DatagramSocket socket;
        final org.imegate.media.srtp.SrtpSession srtp =
                new org.imegate.media.srtp.SrtpSession(new java.security.SecureRandom());

        SrtpPeer(DatagramSocket socket, MediaSession session) throws Exception {
            this.socket = socket;
            srtp.answered(List.of(session.srtpAnswer(srtp.offer())));
        }

        byte[] protect(byte[] rtp) {
            byte[] b = java.util.Arrays.copyOf(rtp, rtp.length + 64);
            int n = srtp.protect(b, 0, rtp.length);
            assertTrue(n > rtp.length, "protected");
            return java.util.Arrays.copyOf(b, n);
        }

        void send(byte[] rtp, InetSocketAddress to) throws IOException {
            RelayTest.send(socket, protect(rtp), to);
        }

        byte[] receive() throws IOException {
            byte[] b = RelayTest.receive(socket);
            int n = srtp.unprotect(b, 0, b.length);
            assertTrue(n > 0, "the appliance's SRTP authenticates");
            return java.util.Arrays.copyOf(b, n);
        }
    }

    @Test
    void opensEvenPortsOnTheConfiguredAddresses() throws Exception {
        MediaSession s = media.open("mt", "call-1@example");
        assertEquals(OUTSIDE, s.outsideLocal().getAddress());
        assertEquals(INSIDE, s.insideLocal().getAddress());
        assertEquals(0, s.outsideLocal().getPort() % 2);
        assertEquals(0, s.insideLocal().getPort() % 2);
        assertTrue(s.outsideLocal().getPort() >= 24000 && s.outsideLocal().getPort() <= 25999);
        assertEquals("call-1@example", s.callId());
        assertEquals("mt", s.instance());
        assertEquals(s, media.find(s.id()).orElseThrow());
        assertEquals(1, media.stats().active());
        s.close();
        s.close();
        assertEquals(0, media.stats().active());
        assertTrue(media.find(s.id()).isEmpty());
    }

    @Test
    void relaysBothWaysInOrderWithPayloadsIntact() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        MediaSession s = media.open("mt", "call-2");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            byte[] in = rtp(i, "from-internet-" + i);
            peer.send(in, s.outsideLocal());
            assertArrayEquals(in, receive(phone), "packet " + i + " inward");
            byte[] out = rtp(1000 + i, "from-phone-" + i);
            send(phone, out, s.insideLocal());
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            internet.receive(p);
            assertEquals(out.length + 10, p.getLength(), "SRTP: the RTP packet and an 80-bit tag");
            assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(out, 12, out.length),
                    java.util.Arrays.copyOfRange(p.getData(), 12, out.length)), "the payload is encrypted");
            byte[] srtp = java.util.Arrays.copyOf(p.getData(), p.getLength());
            assertArrayEquals(out, java.util.Arrays.copyOf(srtp, peer.srtp.unprotect(srtp, 0, srtp.length)),
                    "packet " + i + " outward");
            assertEquals(s.outsideLocal(), p.getSocketAddress(), "sent from the outside media address");
        }
        // a burst each way: 100 packets in a row, received in order
        for (int i = 0; i < 100; i++) {
            peer.send(rtp(100 + i, "burst-in-" + i), s.outsideLocal());
            send(phone, rtp(1100 + i, "burst-out-" + i), s.insideLocal());
        }
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(rtp(100 + i, "burst-in-" + i), receive(phone));
            assertArrayEquals(rtp(1100 + i, "burst-out-" + i), peer.receive());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("relay: 400 packets in %.3f s (%.0f packets/s, one sender per direction, loopback)%n",
                seconds, 400 / seconds);
        MediaSessionInfo info = s.info();
        assertEquals(200, info.packetsFromOutside());
        assertEquals(200, info.packetsToInside());
        assertEquals(200, info.packetsFromInside());
        assertEquals(200, info.packetsToOutside());
        assertEquals(0, info.dropped());
        assertEquals(at(internet), info.outsideRemote());
        assertEquals(at(phone), info.insideRemote());
        assertTrue(info.lastPacket() != null);
        assertEquals(400, media.stats().relayed());
    }

    @Test
    void dropsUntilTheRemotesAreKnown() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-3");
        SrtpPeer peer = new SrtpPeer(internet, s);
        peer.send(rtp(1, "early"), s.outsideLocal());
        await("the early packet counted", () -> s.drops(DropReason.NO_REMOTE) == 1);
        s.outsideRemote(at(internet));
        peer.send(rtp(2, "inside unknown"), s.outsideLocal());
        await("dropped while the inside remote is unknown", () -> s.drops(DropReason.NO_REMOTE) == 2);
        s.insideRemote(at(phone));
        peer.send(rtp(3, "now"), s.outsideLocal());
        assertArrayEquals(rtp(3, "now"), receive(phone), "the first packet through is the one sent after both remotes");
        assertEquals(2, s.info().dropped());
        assertEquals(3, s.info().packetsFromOutside());
        assertEquals(1, s.info().packetsToInside());
        assertEquals(2, media.stats().dropped());
    }

    @Test
    void latchesOnTheFirstInternetSourceAndDropsOthers() throws Exception {
        DatagramSocket sdpAddress = socket(OUTSIDE);
        DatagramSocket natted = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-4");
        s.outsideRemote(at(sdpAddress));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(natted, s);
        // the peer behind NAT sends from another port than its SDP says
        peer.send(rtp(1, "nat"), s.outsideLocal());
        assertArrayEquals(rtp(1, "nat"), receive(phone));
        assertEquals(at(natted), s.info().outsideRemote(), "latched");
        send(phone, rtp(2, "back"), s.insideLocal());
        assertArrayEquals(rtp(2, "back"), peer.receive(), "sent back to the latched source");
        // once latched, the SDP address itself is another source
        send(sdpAddress, peer.protect(rtp(3, "other")), s.outsideLocal());
        await("the other source dropped", () -> s.drops(DropReason.WRONG_SOURCE) == 1);
        sdpAddress.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, () -> receive(sdpAddress));
        // a new SDP address (re-INVITE) clears the latch
        s.outsideRemote(at(sdpAddress));
        send(sdpAddress, peer.protect(rtp(4, "again")), s.outsideLocal());
        assertArrayEquals(rtp(4, "again"), receive(phone));
        assertEquals(at(sdpAddress), s.info().outsideRemote());
    }

    @Test
    void insideAcceptsOnlyTheSdpAddress() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        DatagramSocket stranger = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-5");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        send(stranger, rtp(1, "spoof"), s.insideLocal());
        await("the stranger dropped", () -> s.drops(DropReason.WRONG_SOURCE) == 1);
        send(phone, rtp(2, "phone"), s.insideLocal());
        assertArrayEquals(rtp(2, "phone"), peer.receive(), "the first packet the Internet peer sees is the phone's");
    }

    @Test
    void dropsWhatIsNotRtp() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-6");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        send(internet, new byte[] {(byte) 0x80, 0, 1, 2, 3}, s.outsideLocal());
        byte[] version1 = rtp(7, "v1");
        version1[0] = 0x40;
        send(internet, version1, s.outsideLocal());
        await("both dropped", () -> s.drops(DropReason.NOT_RTP) == 2);
        peer.send(rtp(8, "ok"), s.outsideLocal());
        assertArrayEquals(rtp(8, "ok"), receive(phone));
        assertEquals(2, s.info().dropped());
        assertTrue(s.dropSummary().contains("not RTP 2"), s.dropSummary());
    }

    @Test
    void outsideStagesSeeBothDirections() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-7");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        s.addOutsideStage(new PacketStage() {
            @Override
            public io.netty.buffer.ByteBuf fromOutside(RelaySession session, io.netty.buffer.ByteBuf packet) {
                seen.add("in " + packet.getUnsignedShort(2));
                if (packet.getUnsignedShort(2) == 99) {
                    packet.release();
                    return null;
                }
                return packet;
            }

            @Override
            public io.netty.buffer.ByteBuf toOutside(RelaySession session, io.netty.buffer.ByteBuf packet) {
                seen.add("out " + packet.getUnsignedShort(2));
                return packet;
            }
        });
        peer.send(rtp(99, "refused"), s.outsideLocal());
        await("refused by the stage", () -> s.drops(DropReason.STAGE) == 1);
        peer.send(rtp(100, "passes"), s.outsideLocal());
        assertArrayEquals(rtp(100, "passes"), receive(phone));
        send(phone, rtp(6, "back"), s.insideLocal());
        assertArrayEquals(rtp(6, "back"), peer.receive());
        assertEquals(List.of("in 99", "in 100", "out 6"), seen);
    }

    @Test
    void exhaustedRangeIsRefusedAndCountedAndClosedSessionsFreeTheirPorts() throws Exception {
        int port = freeEvenPort(26000);
        media.define("small", "127.0.0.3", "outside", port, port + 1);
        media.define("small", "127.0.0.2", "inside", null, null);
        MediaSession first = media.open("small", "call-a");
        assertEquals(port, first.outsideLocal().getPort());
        assertEquals(port, first.insideLocal().getPort());
        MediaUnavailableException e = assertThrows(MediaUnavailableException.class, () -> media.open("small", "call-b"));
        assertEquals("no free even RTP port in " + port + "-" + (port + 1) + " on 127.0.0.3", e.getMessage());
        assertEquals(1, media.stats().refused());
        first.close();
        // NIO releases the socket at the event loop's next select, a moment after the close completes
        MediaSession[] again = new MediaSession[1];
        await("the released port usable again", () -> {
            try {
                again[0] = media.open("small", "call-c");
                return true;
            } catch (MediaUnavailableException retry) {
                return false;
            }
        });
        assertEquals(port, again[0].outsideLocal().getPort());
        again[0].close();
    }

    @Test
    void globalAddressServesBothLegsOnDifferentPorts() throws Exception {
        int port = freeEvenPort(27000);
        media.define("global", "127.0.0.3", null, port, port + 3);
        MediaSession s = media.open("global", "call-g");
        assertEquals(OUTSIDE, s.insideLocal().getAddress());
        assertNotEquals(s.outsideLocal().getPort(), s.insideLocal().getPort());
        assertThrows(MediaUnavailableException.class, () -> media.open("global", "call-h"));
    }

    @Test
    void unknownOrIncompleteInstancesAreRefused() {
        assertEquals("ERROR: media-termination nope does not exist",
                assertThrows(ValidationException.class, () -> media.open("nope", "c")).getMessage());
        media.define("half", "127.0.0.3", "outside", null, null);
        assertEquals("ERROR: media-termination half has no global address and no addresses on both the inside and the"
                + " outside interface (configured: outside)",
                assertThrows(ValidationException.class, () -> media.open("half", "c")).getMessage());
    }

    @Test
    void forgedReplayedAndUnkeyedSrtpIsDroppedAndCounted() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-srtp");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        // before any key is negotiated nothing crosses
        send(internet, rtp(1, "unkeyed"), s.outsideLocal());
        await("dropped without keys", () -> s.drops(DropReason.STAGE) == 1);
        SrtpPeer peer = new SrtpPeer(internet, s);
        byte[] good = peer.protect(rtp(2, "good"));
        send(internet, good, s.outsideLocal());
        assertArrayEquals(rtp(2, "good"), receive(phone));
        // the same packet again: a replay
        send(internet, good, s.outsideLocal());
        await("the replay counted", () -> s.srtp().replays() == 1);
        // one bit of the payload flipped: the tag no longer matches
        byte[] forged = peer.protect(rtp(3, "forged"));
        forged[14] ^= 1;
        send(internet, forged, s.outsideLocal());
        await("the forgery counted", () -> s.srtp().authenticationFailures() == 1);
        // plain RTP from the peer is not authentic either
        send(internet, rtp(4, "plain text"), s.outsideLocal());
        await("plain RTP refused", () -> s.srtp().authenticationFailures() == 2);
        // the genuine stream goes on
        peer.send(rtp(5, "still fine"), s.outsideLocal());
        assertArrayEquals(rtp(5, "still fine"), receive(phone));
        assertEquals(4, s.drops(DropReason.STAGE));
        MediaSessionInfo info = s.info();
        assertEquals("AES_CM_128_HMAC_SHA1_80", info.srtpSuite());
        assertEquals(1, info.srtpReplays());
        assertEquals(2, info.srtpAuthFailures());
        assertEquals(1, media.stats().srtpActive());
        s.close();
        assertEquals(0, media.stats().srtpActive());
    }

    @Test
    void aStrangersPacketsArrivingFirstDoNotTakeTheStreamOver() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket stranger = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-hijack");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        send(stranger, rtp(1, "first but forged"), s.outsideLocal());
        await("the stranger's packet refused", () -> s.drops(DropReason.STAGE) == 1);
        peer.send(rtp(2, "genuine"), s.outsideLocal());
        assertArrayEquals(rtp(2, "genuine"), receive(phone));
        send(stranger, rtp(3, "again"), s.outsideLocal());
        await("the stranger is now the wrong source", () -> s.drops(DropReason.WRONG_SOURCE) == 1);
        send(phone, rtp(4, "answer"), s.insideLocal());
        assertArrayEquals(rtp(4, "answer"), peer.receive(), "media goes back to the authenticated source");
    }

    /** A monitor that keeps what it is fed. */
    static final class RecordingMonitor implements org.imegate.api.rtpmonitor.RtpMonitor {
        final List<RecordingStream> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public org.imegate.api.rtpmonitor.MonitoredStream open(String callId, int sensitivity, int ptimeMs, int clockRate,
                org.imegate.api.rtpmonitor.FallbackListener listener) {
            RecordingStream s = new RecordingStream(callId, sensitivity, ptimeMs, clockRate);
            opened.add(s);
            return s;
        }

        @Override
        public void timers(int monitoringMs, int holdDownS) {
        }

        @Override
        public int monitoringTimerMs() {
            return 100;
        }

        @Override
        public int holdDownTimerS() {
            return 20;
        }

        @Override
        public int openStreams() {
            return (int) opened.stream().filter(s -> !s.closed).count();
        }
    }

    record Fed(int seq, long timestamp, int payloadType) {
    }

    static final class RecordingStream implements org.imegate.api.rtpmonitor.MonitoredStream {
        final String callId;
        final int sensitivity;
        final int ptime;
        final int clockRate;
        final List<Fed> packets = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean closed;

        RecordingStream(String callId, int sensitivity, int ptime, int clockRate) {
            this.callId = callId;
            this.sensitivity = sensitivity;
            this.ptime = ptime;
            this.clockRate = clockRate;
        }

        @Override
        public void onPacket(int seq, long rtpTimestamp, long arrivalNanos, int payloadType) {
            packets.add(new Fed(seq, rtpTimestamp, payloadType));
        }

        @Override
        public org.imegate.api.rtpmonitor.MetricsSnapshot snapshot() {
            return new org.imegate.api.rtpmonitor.MetricsSnapshot(packets.size(), 0, ptime, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, packets.size(), 0, 0);
        }

        @Override
        public int failoverState() {
            return 1;
        }

        @Override
        public boolean monitored() {
            return sensitivity > 0;
        }

        @Override
        public int sensitivity() {
            return sensitivity;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void onlyAuthenticPacketsFromTheInternetFeedTheMonitorWhichMayComeAndGo() throws Exception {
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("mt", "call-monitored");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        SrtpPeer peer = new SrtpPeer(internet, s);
        // asked for before any monitor runs: kept, shown as disabled
        s.monitor(3, 20, 8000, (callId, sensitivity, at) -> { });
        assertEquals(3, s.info().sensitivity());
        assertNull(s.info().metrics());
        RecordingMonitor first = new RecordingMonitor();
        media.bindRtpMonitor(first);
        assertEquals(1, first.opened.size());
        RecordingStream stream = first.opened.get(0);
        assertEquals("call-monitored", stream.callId);
        assertEquals(3, stream.sensitivity);
        assertEquals(20, stream.ptime);
        assertEquals(8000, stream.clockRate);
        peer.send(rtp(7, "audio"), s.outsideLocal());
        receive(phone);
        // a forged packet and what the phone sends are not fed
        byte[] forged = peer.protect(rtp(8, "forged"));
        forged[13] ^= 1;
        send(internet, forged, s.outsideLocal());
        await("the forgery counted", () -> s.srtp().authenticationFailures() == 1);
        send(phone, rtp(9, "from the phone"), s.insideLocal());
        peer.receive();
        assertEquals(List.of(new Fed(7, 7 * 160, 0)), stream.packets);
        MediaSessionInfo info = s.info();
        assertEquals(1, info.failoverState());
        assertEquals(1, info.metrics().sumAllPackets());
        String text = MediaSessionsText.render(media.stats(), List.of(s), true);
        assertTrue(text.contains("   refcnt 3 : created by Inspect SIP, passthrough not set\n   media-termination mt"), text);
        assertTrue(text.contains("   RTP monitoring is enabled\n     Failover_state               : 1\n"
                + "     Sum_all_packets              : 1\n"), text);
        // the monitor is replaced (bundle update): the stream re-opens on the new one
        RecordingMonitor second = new RecordingMonitor();
        media.bindRtpMonitor(second);
        media.unbindRtpMonitor(first);
        assertTrue(stream.closed);
        assertEquals(1, second.opened.size());
        peer.send(rtp(10, "more audio"), s.outsideLocal());
        receive(phone);
        assertEquals(List.of(new Fed(10, 1600, 0)), second.opened.get(0).packets);
        // the monitor leaves: nothing is fed, the relay goes on
        media.unbindRtpMonitor(second);
        peer.send(rtp(11, "unmonitored"), s.outsideLocal());
        receive(phone);
        assertEquals(1, second.opened.get(0).packets.size());
        assertNull(s.info().metrics());
        media.bindRtpMonitor(first);
        s.close();
        assertTrue(first.opened.get(1).closed, "closing the session closes its stream");
        assertThrows(org.imegate.api.validation.ValidationException.class, () -> s.monitor(6, 20, 8000, (c, l, a) -> { }));
    }

    @Test
    void srtpSessionsBeyondTheLicenceLimitAreRefusedAndAlerted() throws Exception {
        List<org.imegate.api.alert.Alert> alerts = java.util.Collections.synchronizedList(new ArrayList<>());
        media.relayForTest().srtpLimit(2);
        media.relayForTest().alerts(alerts::add);
        MediaSession a = media.open("mt", "limit-a");
        MediaSession b = media.open("mt", "limit-b");
        MediaSession c = media.open("mt", "limit-c");
        a.srtpOffer();
        b.srtpOffer();
        a.srtpOffer(); // a session counts once
        org.imegate.api.media.MediaNegotiationException refused = assertThrows(
                org.imegate.api.media.MediaNegotiationException.class, c::srtpOffer);
        assertEquals("SRTP session limit 2 reached", refused.getMessage());
        assertEquals(1, media.stats().srtpRefused());
        assertEquals(2, media.stats().srtpActive());
        assertEquals(1, alerts.size());
        assertEquals(RtpRelay.SRTP_LIMIT_ALERT, alerts.get(0).name());
        assertEquals(org.imegate.api.alert.AlertState.RAISED, alerts.get(0).state());
        a.close();
        b.close();
        assertEquals(org.imegate.api.alert.AlertState.CLEARED, alerts.get(alerts.size() - 1).state());
        c.srtpOffer();
        assertEquals(1, media.stats().srtpActive());
        c.close();
    }

    @Test
    void idleSessionsAreClosedAndTheirPortsFreed() throws Exception {
        media.stop();
        media = new MediaTerminationService(new ConfiguredInterfaces(Map.of()), new MemoryStore(), Duration.ofMillis(300),
                Duration.ofMillis(50));
        int port = freeEvenPort(28000);
        media.define("small", "127.0.0.3", "outside", port, port + 1);
        media.define("small", "127.0.0.2", "inside", null, null);
        DatagramSocket internet = socket(OUTSIDE);
        DatagramSocket phone = socket(INSIDE);
        RelaySession s = (RelaySession) media.open("small", "call-idle");
        s.outsideRemote(at(internet));
        s.insideRemote(at(phone));
        new SrtpPeer(internet, s).send(rtp(1, "x"), s.outsideLocal());
        assertArrayEquals(rtp(1, "x"), receive(phone));
        await("closed by the idle timeout", s::isClosed);
        assertTrue(media.find(s.id()).isEmpty());
        assertEquals(1, media.stats().idleClosed());
        await("the port released", () -> {
            try {
                media.open("small", "call-next").close();
                return true;
            } catch (MediaUnavailableException e) {
                return false;
            }
        });
        assertFalse(media.sessions().stream().anyMatch(i -> i.id().equals(s.id())));
        assertNull(media.find(s.id()).orElse(null));
    }
}
