package org.imegate.ime.vap;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VAP server instance: a TCP listener (authenticated mode) or TLS listener (encrypted mode; the
 * client is not asked for a certificate, it authenticates with MESSAGE-INTEGRITY, §5.1).
 */
public final class VapServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VapServer.class);
    /** The cipher suite the draft makes mandatory, enabled when the JDK still offers it. */
    static final String MANDATORY_SUITE = "TLS_RSA_WITH_AES_128_CBC_SHA";

    private final String name;
    private final Channel listener;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /**
     * Binds and starts listening.
     *
     * @param tls null for authenticated (plain TCP) mode, else the TLS context presenting the server identity
     * @throws IllegalStateException when the address cannot be bound (port taken)
     */
    public VapServer(String name, InetSocketAddress address, SSLContext tls, int keepaliveSeconds, int maxConnections,
            VapContext context, EventLoopGroup group, Executor workers) {
        this.name = name;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.size() >= maxConnections) {
                            LOG.warn("VAP server {}: connection from {} refused: {} connections allowed", name,
                                    ch.remoteAddress(), maxConnections);
                            ch.close();
                            return;
                        }
                        connections.add(ch);
                        if (tls != null) {
                            SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setNeedClientAuth(false);
                            engine.setWantClientAuth(false);
                            List<String> suites = new ArrayList<>(Arrays.asList(engine.getEnabledCipherSuites()));
                            if (!suites.contains(MANDATORY_SUITE)
                                    && Arrays.asList(engine.getSupportedCipherSuites()).contains(MANDATORY_SUITE)) {
                                suites.add(MANDATORY_SUITE);
                                engine.setEnabledCipherSuites(suites.toArray(new String[0]));
                            }
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                        }
                        ch.pipeline().addLast("frames", new VapFrameDecoder(context.counters(), name));
                        ch.pipeline().addLast("idle", new IdleStateHandler(keepaliveSeconds, 0, 0, TimeUnit.SECONDS));
                        ch.pipeline().addLast("vap", new VapSession(context, name, keepaliveSeconds, workers));
                    }
                });
        try {
            this.listener = b.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("VAP server " + name + " cannot listen on " + address.getAddress()
                    .getHostAddress() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
        LOG.info("VAP server {} listening on {}:{} ({})", name, address.getAddress().getHostAddress(),
                ((InetSocketAddress) listener.localAddress()).getPort(), tls == null ? "TCP, authenticated" : "TLS, encrypted");
    }

    public String name() {
        return name;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The sessions of the open connections. */
    public List<VapSession> sessions() {
        List<VapSession> out = new ArrayList<>();
        for (Channel ch : connections) {
            VapSession s = ch.pipeline().get(VapSession.class);
            if (s != null && ch.isActive()) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        LOG.info("VAP server {} stopped", name);
    }
}
