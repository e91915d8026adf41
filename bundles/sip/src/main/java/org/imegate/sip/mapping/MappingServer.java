package org.imegate.sip.mapping;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelId;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The off-path mapping service's listener (IME-90/91, UND-12): call agents connect over TCP, send one
 * JSON request per line and get one JSON answer per request. Every client connection is a mapping
 * session with the seed's counters; connections idle for the idle timer are closed. Clients that are not
 * configured call-agent nodes are disconnected at once.
 */
public final class MappingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MappingServer.class);

    /** Turns a remote enterprise's global address into a mapped address. */
    @FunctionalInterface
    public interface Mapper {
        CompletionStage<InetSocketAddress> map(InetSocketAddress remote);
    }

    private final Mapper mapper;
    private final Predicate<InetAddress> allowed;
    private final MappingTotals totals;
    private final long idleMillis;
    private final EventLoopGroup group;
    private final Channel listener;
    private final ScheduledFuture<?> housekeeping;
    private final Map<ChannelId, MappingSession> sessions = new ConcurrentHashMap<>();

    /**
     * Binds {@code listen}; {@code sweep} runs every {@code sweepEvery} on the service's thread.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public MappingServer(InetSocketAddress listen, Mapper mapper, Predicate<InetAddress> allowed, Duration idle,
            MappingTotals totals, Runnable sweep, Duration sweepEvery) {
        this.mapper = mapper;
        this.allowed = allowed;
        this.totals = totals;
        this.idleMillis = idle.toMillis();
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("mapping-service", true));
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(MappingProtocol.MAX_LINE, true, true));
                        ch.pipeline().addLast("requests", new Handler());
                    }
                });
        try {
            this.listener = b.bind(listen).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for mapping requests on " + Mappings.hostPort(listen) + ": "
                    + e.getMessage() + " (is the address configured on this machine and the port free?)", e);
        }
        long every = sweepEvery.toMillis();
        this.housekeeping = group.next().scheduleAtFixedRate(sweep, every, every, TimeUnit.MILLISECONDS);
        LOG.info("mapping service listening on {}", Mappings.hostPort(listen));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The connected call agents, by client address. */
    public List<MappingSession> sessions() {
        return sessions.values().stream().sorted(Comparator.comparing(MappingSession::clientText)).toList();
    }

    public MappingTotals totals() {
        return totals;
    }

    @Override
    public void close() {
        housekeeping.cancel(false);
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        sessions.clear();
        LOG.info("mapping service stopped");
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private MappingSession session;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
            if (!allowed.test(client.getAddress())) {
                LOG.warn("mapping request connection from {} refused: not a configured call agent", client);
                ctx.close();
                return;
            }
            session = new MappingSession(client, totals);
            sessions.put(ctx.channel().id(), session);
            LOG.debug("mapping session from {} opened", client);
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            sessions.remove(ctx.channel().id());
            super.channelInactive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (session == null) {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return;
            }
            session.requested();
            MappingProtocol.Request request;
            try {
                request = MappingProtocol.parse(text);
            } catch (MappingProtocol.BadRequest e) {
                refuse(ctx.channel(), e.id(), e.getMessage());
                return;
            }
            mapper.map(request.remote()).whenComplete((mapped, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    refuse(ctx.channel(), request.id(), cause.getMessage());
                } else {
                    session.answered();
                    answer(ctx.channel(), MappingProtocol.mapped(request.id(), mapped));
                }
            });
        }

        private void refuse(Channel ch, Object id, String why) {
            session.failed();
            LOG.info("mapping request from {} refused: {}", session.clientText(), why);
            answer(ch, MappingProtocol.error(id, why));
        }

        private void answer(Channel ch, String json) {
            ch.writeAndFlush(Unpooled.copiedBuffer(json + "\n", StandardCharsets.UTF_8));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && session != null && session.pendingResponses() == 0) {
                LOG.info("mapping session from {} closed after {} idle", session.clientText(),
                        MappingSession.hms(session.idle()));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException && session != null) {
                session.requested();
                refuse(ctx.channel(), null, "request line longer than " + MappingProtocol.MAX_LINE + " octets");
                return;
            }
            LOG.debug("mapping session {} failed: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
            ctx.close();
        }
    }
}
