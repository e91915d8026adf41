package org.imegate.ime.vap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.VapClientStatus;
import org.imegate.api.ime.VcrOutcome;
import org.imegate.api.ime.VcrResult;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call agent connection (draft-jennings-vipr-vap-02 §5, §9). Requests of a connection are
 * processed in order, off the I/O thread; responses go back on the same connection.
 */
public final class VapSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(VapSession.class);
    /** Keepalive intervals without a message after which the client is dropped. */
    public static final int MAX_MISSED = 3;
    /** After a successful Unregister the server closes the connection if the client has not (§9.3). */
    static final Duration UNREGISTER_CLOSE = Duration.ofSeconds(30);
    /** Server requests awaiting an answer that are remembered; older ones are forgotten. */
    static final int MAX_PENDING = 1000;
    static final int MAJOR = 1;
    static final int MINOR = 0;

    private final VapContext context;
    private final String serverName;
    private final int keepaliveSeconds;
    private final Executor workers;
    private final Instant connectedAt = Instant.now();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicInteger missed = new AtomicInteger();
    private final Map<String, Long> pendingRequests = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile VapRegistry.Client client;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    VapSession(VapContext context, String serverName, int keepaliveSeconds, Executor workers) {
        this.context = context;
        this.serverName = serverName;
        this.keepaliveSeconds = keepaliveSeconds;
        this.workers = workers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        LOG.info("VAP server {}: call agent connected from {}", serverName, address());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        VapRegistry.Client c = client;
        if (c != null && c.session == this) {
            context.registry().drop(c);
            LOG.info("VAP server {}: client handle {} ({}) disconnected; its subscriptions and VService instances"
                    + " are removed", serverName, c.handle, address());
        }
        client = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            int m = missed.incrementAndGet();
            if (m >= MAX_MISSED) {
                LOG.warn("VAP server {}: no message from {} in {} keepalive intervals of {} s; closing", serverName,
                        address(), m, keepaliveSeconds);
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("VAP server {}: connection from {} failed: {}", serverName, address(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] frame = (byte[]) msg;
        packetsReceived.incrementAndGet();
        missed.set(0);
        synchronized (this) {
            tail = tail.thenRunAsync(() -> handle(frame), workers).exceptionally(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (cause instanceof java.util.concurrent.RejectedExecutionException) {
                    LOG.debug("VAP server {}: request from {} not processed: the server is stopping", serverName,
                            address());
                } else {
                    LOG.error("VAP server {}: request from {} failed", serverName, address(), cause);
                }
                return null;
            });
        }
    }

    String address() {
        Channel ch = channel;
        if (ch != null && ch.remoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress();
        }
        return "unknown";
    }

    /** This connection as {@code show ime vapstatus summary} shows it. */
    public VapClientStatus status() {
        VapRegistry.Client c = client;
        return new VapClientStatus(serverName, address(), c == null ? 0 : c.handle, c != null,
                c == null ? "" : c.name, packetsSent.get(), packetsReceived.get(), missed.get(),
                Duration.between(connectedAt, Instant.now()));
    }

    /** The client object bound to this connection, if it registered. */
    public Optional<VapRegistry.Client> client() {
        return Optional.ofNullable(client);
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    // ---------------------------------------------------------------- requests

    private void handle(byte[] frame) {
        VapMessage m;
        try {
            m = VapCodec.decode(frame);
        } catch (VapFormatException e) {
            context.counters().vapMalformed.increment();
            LOG.warn("VAP server {}: malformed message from {}: {}", serverName, address(), e.getMessage());
            if (e.transactionId() != null) {
                sendError(e.method(), e.transactionId(), 400, "Bad Request: " + e.getMessage(), true);
            } else {
                close();
            }
            return;
        }
        switch (m.messageClass()) {
            case SUCCESS, ERROR -> response(m, frame);
            case INDICATION -> LOG.debug("VAP server {}: indication {} ignored", serverName, m);
            case REQUEST -> request(m, frame);
            default -> throw new IllegalStateException();
        }
    }

    private void response(VapMessage m, byte[] frame) {
        Long subscription = pendingRequests.remove(m.transactionHex());
        if (subscription == null) {
            LOG.debug("VAP server {}: response {} matches no request; discarded", serverName, m);
            return;
        }
        Optional<VapContext.Credentials> cred = context.credentials();
        boolean mi = m.has(VapAttr.MESSAGE_INTEGRITY);
        if (mi && cred.isPresent() && !VapCodec.verify(frame, cred.get().key())) {
            LOG.warn("VAP server {}: response {} from {} fails its integrity check; discarded", serverName, m, address());
            return;
        }
        if (m.messageClass() == VapClass.ERROR) {
            byte[] ec = m.attribute(VapAttr.ERROR_CODE).orElse(new byte[0]);
            int code = VapCodec.errorCode(ec);
            LOG.warn("VAP server {}: call agent {} answered {} {} {}", serverName, address(), m, code,
                    VapCodec.errorReason(ec));
            VapRegistry.Client c = client;
            if (code == 476 && c != null && subscription > 0) {
                context.registry().unsubscribe(c, subscription);
            }
        }
    }

    private void request(VapMessage m, byte[] frame) {
        Optional<String> user = m.string(VapAttr.USERNAME);
        if (user.isEmpty()) {
            reject(m, 400, "Bad Request: USERNAME is missing");
            return;
        }
        if (user.get().length() > VapAttr.MAX_USERNAME) {
            reject(m, 400, "Bad Request: USERNAME is longer than " + VapAttr.MAX_USERNAME);
            return;
        }
        Optional<VapContext.Credentials> cred = context.credentials();
        if (cred.isEmpty() || !cred.get().username().equals(VapCodec.clean(user.get()))) {
            context.counters().vapAuthFailures.increment();
            context.invalidCredentials(serverName, address(), user.get(), 436);
            sendError(m.method(), m.transactionId(), 436, "Unknown Username", false);
            return;
        }
        if (!m.has(VapAttr.MESSAGE_INTEGRITY)) {
            reject(m, 400, "Bad Request: MESSAGE-INTEGRITY is missing");
            return;
        }
        if (!VapCodec.verify(frame, cred.get().key())) {
            context.counters().vapAuthFailures.increment();
            context.invalidCredentials(serverName, address(), user.get(), 431);
            sendError(m.method(), m.transactionId(), 431, "Integrity Check Failure", false);
            return;
        }
        String realm = m.string(VapAttr.REALM).map(VapCodec::clean).orElse("");
        if (!VapAttr.REALM_VALUE.equals(realm)) {
            reject(m, 400, "Bad Request: REALM must be \"ViPR\"");
            return;
        }
        VapMethod method = m.knownMethod();
        if (method == null) {
            reject(m, 400, "Bad Request: unknown method 0x" + Integer.toHexString(m.method()));
            return;
        }
        try {
            switch (method) {
                case REGISTER -> register(m);
                case UNREGISTER -> unregister(m);
                case PUBLISH -> publish(m);
                case UNPUBLISH -> unpublish(m);
                case SUBSCRIBE -> subscribe(m);
                case UNSUBSCRIBE -> unsubscribe(m);
                case UPLOAD_VCR -> uploadVcr(m);
                case NOTIFY, PUBLISH_REVOKE -> reject(m, 400, "Bad Request: " + method + " is sent by the server only");
                default -> throw new IllegalStateException();
            }
        } catch (VapFormatException e) {
            context.counters().vapMalformed.increment();
            reject(m, 400, "Bad Request: " + e.getMessage());
        }
    }

    private void register(VapMessage m) throws VapFormatException {
        Optional<Long> handle = m.u32(VapAttr.CLIENT_HANDLE);
        if (handle.isPresent()) {
            Optional<VapRegistry.Client> found = context.registry().client(handle.get());
            if (found.isEmpty()) {
                reject(m, 471, "Bad Client Handle");
                return;
            }
            VapRegistry.Client c = found.get();
            VapSession previous = c.session;
            c.session = this;
            client = c;
            if (previous != this && previous != null) {
                LOG.info("VAP server {}: client handle {} moves from {} to {}; closing the old connection", serverName,
                        c.handle, previous.address(), address());
                previous.client = null;
                previous.close();
            }
            succeed(m, b -> b.u32(VapAttr.CLIENT_HANDLE, c.handle).u32(VapAttr.KEEPALIVE, keepaliveMillis()));
            return;
        }
        if (client != null) {
            reject(m, 477, "Already Registered");
            return;
        }
        byte[] version = m.attribute(VapAttr.PROTOCOL_VERSION).orElseThrow(() -> m.bad("Protocol-Version is missing"));
        if (version.length != 4) {
            throw m.bad("Protocol-Version must be 4 bytes");
        }
        int major = ByteBuffer.wrap(version).getShort() & 0xffff;
        if (major > MAJOR) {
            respond(m, VapClass.ERROR, b -> b.errorCode(478, "Unsupported Protocol Version")
                    .u32(VapAttr.PROTOCOL_VERSION, ((long) MAJOR << 16) | MINOR), true);
            return;
        }
        String name = m.string(VapAttr.CLIENT_NAME).orElseThrow(() -> m.bad("Client-Name is missing"));
        if (name.isEmpty() || name.length() > VapAttr.MAX_CLIENT_NAME) {
            throw m.bad("Client-Name must be 1 to " + VapAttr.MAX_CLIENT_NAME + " characters");
        }
        Optional<String> label = m.string(VapAttr.CLIENT_LABEL);
        if (label.isPresent() && (label.get().isEmpty() || label.get().length() > VapAttr.MAX_CLIENT_LABEL)) {
            throw m.bad("Client-Label must be 1 to " + VapAttr.MAX_CLIENT_LABEL + " characters");
        }
        VapRegistry.Client c = context.registry().register(name, this);
        client = c;
        LOG.info("VAP server {}: {} registered from {} as client handle {}", serverName, name, address(), c.handle);
        succeed(m, b -> b.u32(VapAttr.CLIENT_HANDLE, c.handle).u32(VapAttr.KEEPALIVE, keepaliveMillis()));
    }

    private long keepaliveMillis() {
        return (long) keepaliveSeconds * MAX_MISSED * 1000L;
    }

    private VapRegistry.Client registered(VapMessage m) {
        VapRegistry.Client c = client;
        if (c == null) {
            reject(m, 474, "Unregistered");
        }
        return c;
    }

    private void unregister(VapMessage m) throws VapFormatException {
        VapRegistry.Client c = registered(m);
        if (c == null) {
            return;
        }
        Optional<Long> handle = m.u32(VapAttr.CLIENT_HANDLE);
        if (handle.isPresent() && handle.get() != c.handle) {
            reject(m, 471, "Bad Client Handle");
            return;
        }
        context.registry().drop(c);
        client = null;
        succeed(m, b -> { });
        LOG.info("VAP server {}: client handle {} unregistered from {}", serverName, c.handle, address());
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().schedule(() -> {
                if (ch.isActive()) {
                    ch.close();
                }
            }, UNREGISTER_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publish(VapMessage m) throws VapFormatException {
        VapRegistry.Client c = registered(m);
        if (c == null) {
            return;
        }
        ServiceIdentity id = ServiceIdentity.decode(m);
        if (!id.vapService()) {
            throw m.bad("ServiceID " + id.serviceId() + " is not 100 or 101");
        }
        if (id.subserviceId() == VapAttr.SUBSERVICE_VSERVICE) {
            byte[] content = m.attribute(VapAttr.SERVICE_CONTENT).orElseThrow(() -> m.bad("ServiceContent is missing"));
            if (content.length > VapAttr.MAX_SERVICE_CONTENT) {
                throw m.bad("ServiceContent of " + content.length + " bytes is not less than 32k");
            }
            long version = m.u32(VapAttr.SERVICE_VERSION).orElseThrow(() -> m.bad("ServiceVersion is missing"));
            ServiceXml.VService doc;
            try {
                doc = ServiceXml.vservice(content);
            } catch (IllegalArgumentException e) {
                throw m.bad(e.getMessage());
            }
            if (context.registry().publish(c, id, doc, version) == VapRegistry.PublishResult.VERSION_TOO_LOW) {
                reject(m, 472, "Version Number Too Low");
                return;
            }
            LOG.info("VAP server {}: VService {} ({}, domain {}, {} DIDs) instance {} version {} published by client {}",
                    serverName, ServiceIdentity.hex(id.vserviceId()), doc.id(), doc.domain(), doc.didCount(),
                    Long.toHexString(id.instance()), version, c.handle);
            long used = context.registry().quotaUsed(doc.dhtName());
            succeed(m, b -> b.u32pair(VapAttr.QUOTA, context.quotaLimit(), used)
                    .u32(VapAttr.DHT_LIFETIME, context.dhtLifetimeSeconds()));
        } else if (id.subserviceId() == VapAttr.SUBSERVICE_NUMBERS) {
            String number = m.string(VapAttr.CALLED_NUM).orElseThrow(() -> m.bad("CalledNum is missing"));
            if (!VoiceCallRecord.isE164(number)) {
                throw m.bad("CalledNum " + shorten(number) + " is not +E.164");
            }
            if (context.registry().vservice(id.vserviceId()).isEmpty()) {
                reject(m, 474, "Unregistered: no VService " + ServiceIdentity.hex(id.vserviceId()));
                return;
            }
            try {
                context.publishNumber(id.vserviceId(), number);
            } catch (CacheUnavailableException e) {
                LOG.warn("VAP server {}: publication of {} failed: {}", serverName, number, e.getMessage());
                reject(m, 481, "Publication Failed");
                return;
            }
            succeed(m, b -> { });
        } else {
            throw m.bad("SubserviceID " + id.subserviceId() + " is not 3 or 4");
        }
    }

    private void unpublish(VapMessage m) throws VapFormatException {
        if (registered(m) == null) {
            return;
        }
        ServiceIdentity id = ServiceIdentity.decode(m);
        if (!id.vapService() || id.subserviceId() != VapAttr.SUBSERVICE_VSERVICE) {
            throw m.bad("only a VService (ServiceID 100/101, subservice 4) can be unpublished");
        }
        boolean removed = context.registry().unpublish(id.vserviceId(), id.instance());
        LOG.info("VAP server {}: VService {} instance {} unpublished ({})", serverName,
                ServiceIdentity.hex(id.vserviceId()), Long.toHexString(id.instance()), removed ? "removed" : "not known");
        succeed(m, b -> { });
    }

    private void subscribe(VapMessage m) throws VapFormatException {
        VapRegistry.Client c = registered(m);
        if (c == null) {
            return;
        }
        ServiceIdentity id = ServiceIdentity.decode(m);
        if (!id.vapService() || id.subserviceId() != VapAttr.SUBSERVICE_NUMBERS) {
            throw m.bad("a subscription is for ServiceID 101 (or 100), subservice 3");
        }
        long sub = context.registry().subscribe(c, id.vserviceId());
        LOG.info("VAP server {}: client {} subscribed to VService {} (SubscriptionID {})", serverName, c.handle,
                ServiceIdentity.hex(id.vserviceId()), sub);
        succeed(m, b -> b.u32(VapAttr.SUBSCRIPTION_ID, sub));
    }

    private void unsubscribe(VapMessage m) throws VapFormatException {
        VapRegistry.Client c = registered(m);
        if (c == null) {
            return;
        }
        long sub = m.u32(VapAttr.SUBSCRIPTION_ID).orElseThrow(() -> m.bad("SubscriptionID is missing"));
        if (!context.registry().unsubscribe(c, sub)) {
            reject(m, 476, "Unknown Subscription");
            return;
        }
        succeed(m, b -> { });
    }

    private void uploadVcr(VapMessage m) throws VapFormatException {
        VapRegistry.Client c = registered(m);
        if (c == null) {
            return;
        }
        context.counters().vcrUploadRequests.increment();
        ServiceIdentity id;
        try {
            id = ServiceIdentity.decode(m);
        } catch (VapFormatException e) {
            context.counters().vcrsRejected.increment();
            throw e;
        }
        if (context.registry().vservice(id.vserviceId()).isEmpty()) {
            context.counters().vcrsRejected.increment();
            reject(m, 474, "Unregistered: no VService " + ServiceIdentity.hex(id.vserviceId()));
            return;
        }
        VoiceCallRecord vcr;
        try {
            String called = m.string(VapAttr.CALLED_NUM).orElseThrow(() -> m.bad("CalledNum is missing"));
            String calling = m.string(VapAttr.CALLING_NUM).orElse("");
            long start = m.u64(VapAttr.START_TIME).orElseThrow(() -> m.bad("StartTime is missing"));
            long stop = m.u64(VapAttr.STOP_TIME).orElseThrow(() -> m.bad("StopTime is missing"));
            long dir = m.u32(VapAttr.CALL_DIRECTION).orElseThrow(() -> m.bad("CallDirection is missing"));
            CallDirection direction = CallDirection.ofCode(dir);
            if (direction == null) {
                throw m.bad("CallDirection " + dir + " is not 0 (received) or 1 (sent)");
            }
            vcr = new VoiceCallRecord(called, calling, VapCodec.fromNtp(start), VapCodec.fromNtp(stop), direction,
                    id.vserviceId());
        } catch (VapFormatException e) {
            context.counters().vcrsRejected.increment();
            throw e;
        }
        VcrResult r;
        try {
            r = context.intake().submit(vcr, "vap:" + serverName);
        } catch (RuntimeException e) {
            LOG.error("VAP server {}: VCR from {} could not be stored", serverName, address(), e);
            reject(m, 500, "Server Error: the VCR could not be stored; retry");
            return;
        }
        if (r.outcome() == VcrOutcome.REJECTED) {
            reject(m, 400, "Bad Request: " + r.reason());
            return;
        }
        succeed(m, b -> { });
    }

    private static String shorten(String s) {
        return s.length() > 32 ? s.substring(0, 29) + "..." : s;
    }

    // ---------------------------------------------------------------- responses and server requests

    private void succeed(VapMessage req, Consumer<VapMessage.Builder> attributes) {
        respond(req, VapClass.SUCCESS, attributes, true);
    }

    private void reject(VapMessage req, int code, String reason) {
        respond(req, VapClass.ERROR, b -> b.errorCode(code, reason), true);
    }

    private void sendError(int method, byte[] tx, int code, String reason, boolean integrity) {
        VapMessage.Builder b = VapMessage.builder(Math.max(method, 0), VapClass.ERROR, tx).errorCode(code, reason);
        finish(b, integrity);
    }

    private void respond(VapMessage req, VapClass cls, Consumer<VapMessage.Builder> attributes, boolean integrity) {
        VapMessage.Builder b = VapMessage.builder(req.method(), cls, req.transactionId());
        attributes.accept(b);
        if (cls == VapClass.ERROR) {
            LOG.info("VAP server {}: {} from {} answered {}", serverName, req, address(),
                    VapCodec.errorCode(b.build().attribute(VapAttr.ERROR_CODE).orElse(new byte[0])));
        }
        finish(b, integrity);
    }

    private void finish(VapMessage.Builder b, boolean integrity) {
        b.string(VapAttr.REALM, "\"" + VapAttr.REALM_VALUE + "\"");
        VapMessage msg = b.build();
        if (msg.messageClass() == VapClass.ERROR) {
            context.counters().vapErrorResponses.increment();
        }
        byte[] key = integrity ? context.credentials().map(VapContext.Credentials::key).orElse(null) : null;
        write(VapCodec.encode(msg, key));
    }

    private void write(byte[] bytes) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        packetsSent.incrementAndGet();
        context.counters().bytesSent.add(bytes.length);
        ch.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
    }

    /**
     * Sends a request of the server (Notify, PublishRevoke) with USERNAME, REALM and MESSAGE-INTEGRITY.
     * {@code subscription} is remembered to drop it on a 476 answer (0 for none).
     */
    public boolean sendRequest(VapMethod method, long subscription, Consumer<VapMessage.Builder> attributes) {
        Optional<VapContext.Credentials> cred = context.credentials();
        Channel ch = channel;
        if (cred.isEmpty() || ch == null || !ch.isActive()) {
            return false;
        }
        VapMessage.Builder b = VapMessage.builder(method.code(), VapClass.REQUEST, VapMessage.newTransactionId());
        attributes.accept(b);
        b.add(VapAttr.USERNAME, cred.get().username().getBytes(StandardCharsets.UTF_8));
        b.string(VapAttr.REALM, "\"" + VapAttr.REALM_VALUE + "\"");
        VapMessage msg = b.build();
        if (pendingRequests.size() >= MAX_PENDING) {
            pendingRequests.clear();
        }
        pendingRequests.put(msg.transactionHex(), subscription);
        write(VapCodec.encode(msg, cred.get().key()));
        return true;
    }
}
