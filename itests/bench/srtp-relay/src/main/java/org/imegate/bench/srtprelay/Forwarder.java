package org.imegate.bench.srtprelay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The latency baseline: a plain UDP forwarder in a process of its own, one thread on one selector, two
 * sockets per call (outside, inside), no SRTP. Each socket latches its remote from the first packet it
 * receives and forwards every packet out of the other socket of its pair, as a relay does.
 *
 * <pre>java org.imegate.bench.srtprelay.Forwarder &lt;ip&gt; &lt;pairs&gt;</pre>
 *
 * prints one line {@code <outside port> <inside port>} per pair, then {@code ready}; runs until its
 * standard input closes.
 */
public final class Forwarder {

    /** One socket of a pair: its channel, the other one, and the remote it latched. */
    private static final class End {
        final DatagramChannel channel;
        End other;
        SocketAddress remote;

        End(DatagramChannel channel) {
            this.channel = channel;
        }
    }

    private Forwarder() {
    }

    public static void main(String[] args) throws IOException {
        String ip = args[0];
        int pairs = Integer.parseInt(args[1]);
        Selector selector = Selector.open();
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            End outside = new End(open(ip));
            End inside = new End(open(ip));
            outside.other = inside;
            inside.other = outside;
            outside.channel.register(selector, SelectionKey.OP_READ, outside);
            inside.channel.register(selector, SelectionKey.OP_READ, inside);
            ports.append(port(outside)).append(' ').append(port(inside)).append('\n');
        }
        System.out.print(ports);
        System.out.println("ready");
        System.out.flush();
        Thread loop = new Thread(() -> forward(selector), "forwarder");
        loop.setDaemon(true);
        loop.start();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // runs until the generator closes our standard input (or exits)
        }
        selector.close();
    }

    private static DatagramChannel open(String ip) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.bind(new InetSocketAddress(ip, 0));
        c.configureBlocking(false);
        return c;
    }

    private static int port(End e) throws IOException {
        return ((InetSocketAddress) e.channel.getLocalAddress()).getPort();
    }

    private static void forward(Selector selector) {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (true) {
                if (selector.select(100) == 0) {
                    continue;
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    End from = (End) k.attachment();
                    for (int burst = 0; burst < 64; burst++) {
                        buf.clear();
                        SocketAddress sender = from.channel.receive(buf);
                        if (sender == null) {
                            break;
                        }
                        if (from.remote == null) {
                            from.remote = sender;
                        }
                        SocketAddress to = from.other.remote;
                        if (to != null) {
                            buf.flip();
                            from.other.channel.send(buf, to);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed at the end of the run
        }
    }
}
