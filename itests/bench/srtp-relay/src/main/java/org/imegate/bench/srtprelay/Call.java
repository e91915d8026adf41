package org.imegate.bench.srtprelay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import org.imegate.api.media.MediaNegotiationException;
import org.imegate.media.srtp.SrtpSession;

/**
 * One call through the system under test: the Internet peer's socket (SRTP, keyed by an {@link SrtpSession}
 * as the appliance keys its own), the inside phone's socket (RTP), and the system's two relay addresses.
 */
final class Call implements AutoCloseable {
    final int index;
    final DatagramChannel peer;
    final DatagramChannel phone;
    final SrtpSession srtp;
    /** Where the peer sends (the system's Internet-side port) and the phone sends (its inside port). */
    volatile InetSocketAddress relayOutside;
    volatile InetSocketAddress relayInside;
    String callId;
    String fromTag;
    String toTag;

    Call(int index, String peerIp, String phoneIp, SecureRandom random) throws IOException {
        this.index = index;
        this.peer = open(peerIp);
        this.phone = open(phoneIp);
        this.srtp = new SrtpSession(random);
    }

    private static DatagramChannel open(String ip) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        c.bind(new InetSocketAddress(ip, 0));
        return c;
    }

    InetSocketAddress peerLocal() throws IOException {
        return (InetSocketAddress) peer.getLocalAddress();
    }

    InetSocketAddress phoneLocal() throws IOException {
        return (InetSocketAddress) phone.getLocalAddress();
    }

    /** The peer's a=crypto value for {@code suite} (the tag the session offers it under), or null for RTP. */
    String offerLine(String suite) {
        if (suite == null) {
            return null;
        }
        for (String l : srtp.offer()) {
            if (l.split(" ")[1].equals(suite)) {
                return l;
            }
        }
        throw new IllegalArgumentException("suite " + suite + " is not offered by SrtpSession");
    }

    /** The system's SRTP answer: its a=crypto value keys what it sends to the peer. */
    void answered(List<String> crypto) throws MediaNegotiationException {
        srtp.answered(crypto);
    }

    /** Connects both sockets to the relay, once its addresses are known. */
    void connect() throws IOException {
        peer.connect(relayOutside);
        phone.connect(relayInside);
        peer.configureBlocking(false);
        phone.configureBlocking(false);
    }

    @Override
    public void close() throws IOException {
        peer.close();
        phone.close();
    }
}
