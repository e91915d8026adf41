package org.imegate.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.imegate.api.tlsproxy.TlsProxies;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSession;
import org.imegate.sip.config.TrunkSecurityMode;
import org.imegate.sip.config.Ucm;
import org.imegate.sip.message.SipFrameDecoder;
import org.imegate.sip.message.SipFrameError;
import org.imegate.sip.message.SipMessage;
import org.imegate.sip.mapping.MappedListeners;
import org.imegate.sip.message.SipResponses;
import org.imegate.sip.proxy.Connection;
import org.imegate.sip.proxy.Connector;
import org.imegate.sip.proxy.Leg;
import org.imegate.sip.proxy.MappedTarget;
import org.imegate.sip.proxy.SipProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transport of the UC-IME proxy on Netty: the outside SIP/TLS listener (remote enterprises,
 * the inbound TLS proxy's server trust-point, client certificate required), the inside listeners
 * (TCP for nonsecure trunks, TLS with the outbound TLS proxy's server trust-point for secure ones), and
 * the connections the proxy opens (TLS to remote enterprises with the outbound TLS proxy's client
 * trust-point; TCP or TLS to call-agent nodes with the inbound TLS proxy's client trust-point).
 * Every TLS connection is admitted against the licence before its handshake. The mapped addresses of the
 * off-path mapping service are further inside TCP listeners whose connections carry their mapped target.
 */
public final class SipTransport implements Connector, MappedListeners, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipTransport.class);
    /** A connection with no traffic for this long is closed (RFC 5626 keep-alives count as traffic). */
    static final int IDLE_SECONDS = 600;

    /** Where the transport listens and which TLS proxy serves each role. */
    public record Plan(InetSocketAddress outside, InetSocketAddress insideTcp, InetSocketAddress insideTls,
            Optional<String> inboundTlsProxy, Optional<String> outboundTlsProxy) {
    }

    private final SipProxy proxy;
    private final TlsProxies tls;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<String, Channel> listeners = new LinkedHashMap<>();
    private final Set<Channel> mappedListeners = ConcurrentHashMap.newKeySet();
    private final Map<String, NettyConnection> opened = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;
    private volatile Plan plan;

    /** A transport with no listener yet; {@link #apply(Plan)} opens them. */
    public SipTransport(SipProxy proxy, TlsProxies tls) {
        this.proxy = proxy;
        this.tls = tls;
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sip-accept", true));
        this.workers = new NioEventLoopGroup(2, new DefaultThreadFactory("sip-io", true));
        proxy.connector(this);
        this.sweeper = workers.next().scheduleAtFixedRate(() -> proxy.sweep(TimeUnit.MINUTES.toNanos(5)), 10, 10,
                TimeUnit.SECONDS);
    }

    /**
     * Opens the listeners {@code next} asks for and closes the others; {@code null} closes them all.
     * Established connections, and so the calls on them, are not touched (SIP-42: removing and re-applying
     * SIP inspection does not affect existing calls). When a listener cannot be bound, the listeners are
     * left as they were and the error is thrown.
     */
    public synchronized void apply(Plan next) {
        Map<String, java.util.function.Supplier<Channel>> wanted = new LinkedHashMap<>();
        if (next != null) {
            next.inboundTlsProxy().ifPresent(tp -> wanted.put(key(Leg.OUTSIDE, next.outside(), tp),
                    () -> bind(next.outside(), Leg.OUTSIDE, Optional.of(tp))));
            wanted.put(key(Leg.INSIDE, next.insideTcp(), null), () -> bind(next.insideTcp(), Leg.INSIDE, Optional.empty()));
            next.outboundTlsProxy().ifPresent(tp -> wanted.put(key(Leg.INSIDE, next.insideTls(), tp),
                    () -> bind(next.insideTls(), Leg.INSIDE, Optional.of(tp))));
        }
        List<String> added = new ArrayList<>();
        try {
            for (Map.Entry<String, java.util.function.Supplier<Channel>> e : wanted.entrySet()) {
                if (!listeners.containsKey(e.getKey())) {
                    listeners.put(e.getKey(), e.getValue().get());
                    added.add(e.getKey());
                }
            }
        } catch (RuntimeException e) {
            for (String k : added) {
                listeners.remove(k).close().syncUninterruptibly();
            }
            throw e;
        }
        for (String k : new ArrayList<>(listeners.keySet())) {
            if (!wanted.containsKey(k)) {
                Channel ch = listeners.remove(k);
                ch.close().syncUninterruptibly();
                LOG.info("SIP listener {} closed; connections in use stay up", ch.localAddress());
            }
        }
        this.plan = next;
    }

    private static String key(Leg leg, InetSocketAddress address, String tlsProxy) {
        return leg + "|" + address + "|" + (tlsProxy == null ? "TCP" : "TLS " + tlsProxy);
    }

    private Channel bind(InetSocketAddress address, Leg leg, Optional<String> tlsProxy) {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Optional<TlsAttachment> attachment = Optional.empty();
                        if (tlsProxy.isPresent()) {
                            Optional<TlsSession> session = tls.admit(tlsProxy.get(), TlsRole.SERVER, ch.localAddress(),
                                    ch.remoteAddress());
                            if (session.isEmpty()) {
                                LOG.warn("TLS session from {} refused: TLS proxy session limit reached", ch.remoteAddress());
                                ch.close();
                                return;
                            }
                            SSLEngine engine;
                            try {
                                engine = tls.serverEngine(tlsProxy.get());
                            } catch (RuntimeException e) {
                                session.get().failed("configuration: " + e.getMessage());
                                LOG.error("TLS proxy {} cannot accept {}: {}", tlsProxy.get(), ch.remoteAddress(), e.getMessage());
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                            attachment = Optional.of(new TlsAttachment(session.get()));
                        }
                        NettyConnection c = new NettyConnection(leg, tlsProxy.isPresent() ? "TLS" : "TCP", ch);
                        pipeline(ch.pipeline(), c, attachment);
                    }
                });
        try {
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            LOG.info("SIP {} {} listening on {}:{}", leg.name().toLowerCase(), tlsProxy.isPresent() ? "TLS" : "TCP",
                    address.getAddress().getHostAddress(), address.getPort());
            return ch;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen for SIP on " + address + ": " + e.getMessage()
                    + " (is the address configured on this machine and the port free?)", e);
        }
    }

    /** The rest of the pipeline after the optional TLS handler. */
    private void pipeline(ChannelPipeline p, NettyConnection c, Optional<TlsAttachment> tlsSession) {
        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
        p.addLast("frame", new SipFrameDecoder());
        p.addLast("encode", new MessageToByteEncoder<SipMessage>() {
            @Override
            protected void encode(ChannelHandlerContext ctx, SipMessage msg, ByteBuf out) {
                out.writeBytes(msg.encode());
            }
        });
        p.addLast("sip", new ConnectionHandler(c, tlsSession.orElse(null)));
    }

    /** The admitted TLS session of a connection, released exactly once. */
    private static final class TlsAttachment {
        final TlsSession session;
        boolean done;

        TlsAttachment(TlsSession session) {
            this.session = session;
        }
    }

    private final class ConnectionHandler extends SimpleChannelInboundHandler<Object> {
        private final NettyConnection connection;
        private final TlsAttachment tlsSession;

        ConnectionHandler(NettyConnection connection, TlsAttachment tlsSession) {
            this.connection = connection;
            this.tlsSession = tlsSession;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent hs && tlsSession != null) {
                if (hs.isSuccess()) {
                    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                    connection.peerDomain(tlsSession.session.established(ssl.engine().getSession()));
                    LOG.debug("TLS {} with {} established, peer domain {}", connection.leg(), connection.remote(),
                            connection.peerDomain());
                } else {
                    tlsSession.done = true;
                    tlsSession.session.failed(reason(hs.cause()));
                    LOG.info("TLS handshake with {} failed: {}", connection.remote(), String.valueOf(hs.cause()));
                    ctx.close();
                }
            } else if (evt instanceof IdleStateEvent) {
                LOG.debug("closing idle SIP connection {}", connection);
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof SipMessage m) {
                try {
                    proxy.onMessage(connection, m);
                } catch (RuntimeException e) {
                    LOG.error("SIP message from {} could not be processed", connection, e);
                }
            } else if (msg instanceof SipFrameError error) {
                SipParseExceptionAnswer.answer(connection, error);
                if (error.closeConnection()) {
                    ctx.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (tlsSession != null) {
                tlsSession.session.close();
            }
            opened.values().remove(connection);
            proxy.connectionClosed(connection, false);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("SIP connection {} failed: {}", connection, String.valueOf(cause));
            ctx.close();
        }
    }

    /** The reason a handshake failed, as counted by the TLS proxy. */
    static String reason(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(' ').append(c);
        }
        String s = all.toString();
        if (s.contains("certificate_unknown") || s.contains("PKIX") || s.contains("bad_certificate")
                || s.contains("unknown_ca") || s.contains("CertificateExpired") || s.contains("certificate_expired")
                || s.contains("Empty client certificate chain") || s.contains("certificate_required")) {
            return "certificate";
        }
        if (s.contains("protocol_version") || s.contains("No appropriate protocol")
                || s.contains("is not enabled or supported")) {
            return "protocol";
        }
        if (s.contains("handshake_failure") || s.contains("cipher")) {
            return "cipher";
        }
        return "handshake";
    }

    // ------------------------------------------------------------------ connector

    @Override
    public Connection outside(InetSocketAddress peer) {
        Plan p = plan;
        if (p == null) {
            return unavailable(Leg.OUTSIDE, "TLS", peer);
        }
        return outside(p, peer, p.outside().getAddress(), "out|" + peer);
    }

    @Override
    public Connection outside(InetSocketAddress peer, InetAddress source) {
        Plan p = plan;
        if (p == null) {
            return unavailable(Leg.OUTSIDE, "TLS", peer);
        }
        if (source.equals(p.outside().getAddress())) {
            return outside(peer);
        }
        return outside(p, peer, source, "out|" + peer + "|" + source.getHostAddress());
    }

    /** With SIP inspection removed, no new connection is opened; calls in progress keep theirs. */
    private NettyConnection unavailable(Leg leg, String transport, InetSocketAddress peer) {
        LOG.warn("SIP inspection is not applied; no new connection to {}", peer);
        NettyConnection c = new NettyConnection(leg, transport, peer);
        fail(c);
        return c;
    }

    private Connection outside(Plan p, InetSocketAddress peer, InetAddress source, String key) {
        String tp = p.outboundTlsProxy().orElse(null);
        NettyConnection c = opened.get(key);
        if (c != null && c.isOpen()) {
            return c;
        }
        NettyConnection fresh = new NettyConnection(Leg.OUTSIDE, "TLS", peer);
        if (tp == null) {
            LOG.warn("no outbound TLS proxy is applied; cannot reach {}", peer);
            fail(fresh);
            return fresh;
        }
        open(fresh, key, peer, source, Optional.of(tp));
        return fresh;
    }

    @Override
    public CompletionStage<AutoCloseable> listen(InetSocketAddress at, MappedTarget target, Usage usage) {
        CompletableFuture<AutoCloseable> done = new CompletableFuture<>();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NettyConnection c = new NettyConnection(Leg.INSIDE, "TCP", ch);
                        c.mapped(target);
                        pipeline(ch.pipeline(), c, Optional.empty());
                        usage.opened();
                        ch.closeFuture().addListener(f -> usage.closed());
                    }
                });
        b.bind(at).addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
                return;
            }
            Channel ch = ((ChannelFuture) f).channel();
            mappedListeners.add(ch);
            LOG.info("SIP inside TCP listening on mapped address {}:{} for {}:{}", at.getAddress().getHostAddress(),
                    at.getPort(), target.remote().getAddress().getHostAddress(), target.remote().getPort());
            done.complete(() -> {
                mappedListeners.remove(ch);
                ch.close();
            });
        });
        return done;
    }

    @Override
    public Connection inside(Ucm ucm) {
        String key = "in|" + ucm.format();
        NettyConnection c = opened.get(key);
        if (c != null && c.isOpen()) {
            return c;
        }
        boolean secure = ucm.mode() == TrunkSecurityMode.SECURE;
        Plan p = plan;
        if (p == null) {
            return unavailable(Leg.INSIDE, secure ? "TLS" : "TCP", ucm.socketAddress());
        }
        NettyConnection fresh = new NettyConnection(Leg.INSIDE, secure ? "TLS" : "TCP", ucm.socketAddress());
        Optional<String> tp = secure ? p.inboundTlsProxy().or(p::outboundTlsProxy) : Optional.empty();
        if (secure && tp.isEmpty()) {
            fail(fresh);
            return fresh;
        }
        open(fresh, key, ucm.socketAddress(), p.insideTcp().getAddress(), tp);
        return fresh;
    }

    private void open(NettyConnection c, String key, InetSocketAddress peer, java.net.InetAddress localAddress,
            Optional<String> tlsProxy) {
        Bootstrap b = new Bootstrap().group(workers).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Optional<TlsAttachment> attachment = Optional.empty();
                        if (tlsProxy.isPresent()) {
                            Optional<TlsSession> session = tls.admit(tlsProxy.get(), TlsRole.CLIENT,
                                    ch.localAddress(), peer);
                            if (session.isEmpty()) {
                                ch.close();
                                return;
                            }
                            SSLEngine engine = tls.clientEngine(tlsProxy.get(), peer);
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                            attachment = Optional.of(new TlsAttachment(session.get()));
                        }
                        pipeline(ch.pipeline(), c, attachment);
                    }
                });
        opened.put(key, c);
        ChannelFuture connect = b.connect(peer, new InetSocketAddress(localAddress, 0));
        c.connecting(connect);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("cannot connect to {}: {}", peer, String.valueOf(f.cause()));
                opened.remove(key, c);
                proxy.connectionClosed(c, true);
            }
        });
    }

    private void fail(NettyConnection c) {
        workers.next().execute(() -> proxy.connectionClosed(c, true));
    }

    /** The addresses the listeners are bound to. */
    public List<InetSocketAddress> listening() {
        List<InetSocketAddress> out = new ArrayList<>();
        synchronized (this) {
            for (Channel ch : listeners.values()) {
                out.add((InetSocketAddress) ch.localAddress());
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        synchronized (this) {
            for (Channel ch : listeners.values()) {
                ch.close().syncUninterruptibly();
            }
            listeners.clear();
        }
        for (Channel ch : mappedListeners) {
            ch.close().syncUninterruptibly();
        }
        mappedListeners.clear();
        for (NettyConnection c : opened.values()) {
            c.close();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers what the frame decoder could not accept, when the RFC wants an answer. */
    static final class SipParseExceptionAnswer {
        private SipParseExceptionAnswer() {
        }

        static void answer(Connection c, SipFrameError error) {
            var e = error.error();
            LOG.info("malformed SIP from {}: {} {}", c.remote(), e.statusCode(), e.reason());
            if (e.statusCode() > 0 && e.answerable().isPresent()) {
                c.send(SipResponses.answer(e.answerable().get(), e.statusCode(), phrase(e.statusCode())));
            }
        }

        static String phrase(int code) {
            return switch (code) {
                case 400 -> "Bad Request";
                case 413 -> "Request Entity Too Large";
                case 414 -> "Request-URI Too Long";
                case 416 -> "Unsupported URI Scheme";
                case 505 -> "Version Not Supported";
                default -> "Bad Request";
            };
        }
    }
}
