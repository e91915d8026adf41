package org.imegate.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.imegate.sip.message.SipMessage;
import org.imegate.sip.proxy.Connection;
import org.imegate.sip.proxy.MappedTarget;
import org.imegate.sip.proxy.Leg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP connection on a Netty channel. A connection being opened queues what is sent on its connect
 * future (listeners run in the order they were added), so messages leave in order once it is up.
 */
final class NettyConnection implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(NettyConnection.class);

    private final Leg leg;
    private final String transport;
    private final InetSocketAddress target;
    private volatile Channel channel;
    private volatile ChannelFuture ready;
    private volatile String peerDomain = "";
    private volatile boolean closed;
    private volatile Optional<MappedTarget> mapped = Optional.empty();

    /** An accepted connection. */
    NettyConnection(Leg leg, String transport, Channel channel) {
        this.leg = leg;
        this.transport = transport;
        this.channel = channel;
        this.target = (InetSocketAddress) channel.remoteAddress();
        this.ready = channel.newSucceededFuture();
    }

    /** A connection being opened to {@code target}; {@link #connecting(ChannelFuture)} follows at once. */
    NettyConnection(Leg leg, String transport, InetSocketAddress target) {
        this.leg = leg;
        this.transport = transport;
        this.target = target;
    }

    void connecting(ChannelFuture connect) {
        this.channel = connect.channel();
        this.ready = connect;
    }

    void mapped(MappedTarget target) {
        this.mapped = Optional.of(target);
    }

    @Override
    public Optional<MappedTarget> mapped() {
        return mapped;
    }

    void peerDomain(String domain) {
        this.peerDomain = domain == null ? "" : domain;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public Leg leg() {
        return leg;
    }

    @Override
    public InetSocketAddress local() {
        Channel c = channel;
        return c != null && c.localAddress() != null ? (InetSocketAddress) c.localAddress() : null;
    }

    @Override
    public InetSocketAddress remote() {
        return target;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public String peerDomain() {
        return peerDomain;
    }

    @Override
    public boolean isOpen() {
        Channel c = channel;
        return !closed && c != null && c.isOpen();
    }

    @Override
    public void send(SipMessage message) {
        ChannelFuture f = ready;
        if (f == null) {
            LOG.warn("message to {} dropped: connection not started", target);
            return;
        }
        f.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                done.channel().writeAndFlush(message).addListener((ChannelFutureListener) w -> {
                    if (!w.isSuccess()) {
                        LOG.debug("write to {} failed: {}", target, String.valueOf(w.cause()));
                    }
                });
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return leg + " " + transport + " " + target;
    }
}
