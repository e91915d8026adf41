package org.imegate.sip.proxy;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaTermination;
import org.imegate.api.rtpmonitor.MetricsSnapshot;
import org.imegate.api.sip.Admission;
import org.imegate.api.sip.InboundInvite;
import org.imegate.api.sip.InviteAdmission;
import org.imegate.api.sip.TerminationCause;
import org.imegate.sip.config.Ucm;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.message.NameAddr;
import org.imegate.sip.message.SipMessage;
import org.imegate.sip.message.SipRequest;
import org.imegate.sip.message.SipResponse;
import org.imegate.sip.message.SipResponses;
import org.imegate.sip.message.SipUri;
import org.imegate.sip.message.Via;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UC-IME proxy core: a transaction-stateful SIP proxy between the outside leg (remote enterprises,
 * SIP/TLS) and the inside leg (the call agent, TCP or TLS), with SIP verification (UND-15), the admission
 * gate on initial inbound INVITEs, media insertion (SDP rewritten to the media-termination addresses of
 * each leg) and the signaling-session table.
 *
 * <p>Both legs are reliable transports, so no retransmission timers run: responses return on the
 * connection the request came from, and transactions end with their final response. The proxy
 * record-routes dialog-creating requests twice (its inside and its outside address, RFC 5658) so that
 * in-dialog requests of both directions cross it. Requests from the Internet only ever reach a
 * configured call-agent node.
 *
 * <p>Thread-safety: the transport calls in from several event-loop threads; every state change happens
 * under the proxy's monitor, and sending only queues on a connection.
 */
public final class SipProxy {
    private static final Logger LOG = LoggerFactory.getLogger(SipProxy.class);
    private static final String BRANCH_PREFIX = "z9hG4bK-ig-";
    /** Methods the proxy relays (UND-15); anything else is answered 405. */
    static final Set<String> METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "PRACK", "UPDATE", "INFO",
            "REFER", "SUBSCRIBE", "NOTIFY");
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, UPDATE, INFO, REFER, SUBSCRIBE, NOTIFY";
    private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");
    /** How long an INVITE may wait for a final response (RFC 3261 Timer C, at least 3 minutes). */
    static final long TIMER_C_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final Supplier<Optional<UcImeConfig>> config;
    private final MediaTermination media;
    private final Supplier<InviteAdmission> admission;
    private final Statistics stats;
    private final InetSocketAddress outsideAddress;
    private final InetSocketAddress insideAddress;
    private final InetSocketAddress insideTlsAddress;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Transaction> byBranch = new HashMap<>();
    private final Map<String, Transaction> byServerKey = new HashMap<>();
    /** Branches of INVITEs the proxy itself answered with a failure: their ACKs end there (RFC 3261 17.2.1). */
    private final Map<String, Long> refusedInvites = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 4096;
        }
    };
    private volatile Connector connector;
    private final FallbackNotifications fallbacks;
    /** Fallback REFERs waiting for their final response, by Via branch. */
    private final Map<String, PendingRefer> pendingRefers = new HashMap<>();

    /** The header by which the call agent gives a call's fallback sensitivity (UND-05) and the REFER's reason (UND-06). */
    static final String FALLBACK_HEADER = "X-Cisco-UC-IME-Fallback";
    /** RFC 3261 Timer F (64 x T1): how long a REFER waits for its final response. */
    static final long TIMER_F_NANOS = TimeUnit.SECONDS.toNanos(32);

    /** A fallback REFER sent (UND-06): to which call agent, for which call, on which connection. */
    private record PendingRefer(String ucm, String callId, Connection connection, long sent) {
    }

    /** A proxied transaction: the request as received upstream and where it went downstream. */
    static final class Transaction {
        final String branch;
        final String serverKey;
        final SipRequest received;
        final Connection upstream;
        final Leg from;
        final Call call;
        final long started = System.nanoTime();
        SipRequest forwarded;
        Connection downstream;
        int finalStatus;

        Transaction(String branch, String serverKey, SipRequest received, Connection upstream, Call call) {
            this.branch = branch;
            this.serverKey = serverKey;
            this.received = received;
            this.upstream = upstream;
            this.from = upstream.leg();
            this.call = call;
        }
    }

    public SipProxy(Supplier<Optional<UcImeConfig>> config, MediaTermination media, Supplier<InviteAdmission> admission,
            Statistics stats, InetSocketAddress outsideAddress, InetSocketAddress insideAddress,
            InetSocketAddress insideTlsAddress) {
        this(config, media, admission, stats, new FallbackNotifications(), outsideAddress, insideAddress, insideTlsAddress);
    }

    public SipProxy(Supplier<Optional<UcImeConfig>> config, MediaTermination media, Supplier<InviteAdmission> admission,
            Statistics stats, FallbackNotifications fallbacks, InetSocketAddress outsideAddress,
            InetSocketAddress insideAddress, InetSocketAddress insideTlsAddress) {
        this.fallbacks = fallbacks;
        this.config = config;
        this.media = media;
        this.admission = admission;
        this.stats = stats;
        this.outsideAddress = outsideAddress;
        this.insideAddress = insideAddress;
        this.insideTlsAddress = insideTlsAddress;
    }

    public void connector(Connector connector) {
        this.connector = connector;
    }

    public Statistics statistics() {
        return stats;
    }

    public FallbackNotifications fallbackNotifications() {
        return fallbacks;
    }

    /** A snapshot of the signaling sessions. */
    public List<SessionView> sessions() {
        List<SessionView> out = new ArrayList<>();
        synchronized (this) {
            for (Call c : calls.values()) {
                out.add(SessionView.of(c));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ requests

    /** A message arrived on {@code from}. */
    public void onMessage(Connection from, SipMessage message) {
        if (message instanceof SipRequest r) {
            onRequest(from, r);
        } else {
            onResponse(from, (SipResponse) message);
        }
    }

    synchronized void onRequest(Connection from, SipRequest req) {
        String method = req.method();
        if (!METHODS.contains(method)) {
            refuse(from, req, 405, "Method Not Allowed", Map.of("Allow", ALLOW));
            return;
        }
        if (method.equals("ACK")) {
            onAck(from, req);
            return;
        }
        int maxForwards = maxForwards(req);
        if (maxForwards == 0) {
            refuse(from, req, 483, "Too Many Hops", Map.of());
            return;
        }
        List<String> proxyRequire = req.headers("Proxy-Require");
        if (!proxyRequire.isEmpty()) {
            // RFC 3261 16.3 item 4: this proxy supports no extension that a request may require of it
            refuse(from, req, 420, "Bad Extension", Map.of("Unsupported", String.join(", ", proxyRequire)));
            return;
        }
        if (!bodyAcceptable(req)) {
            refuse(from, req, 415, "Unsupported Media Type", Map.of("Accept", "application/sdp"));
            return;
        }
        if (method.equals("CANCEL")) {
            onCancel(from, req);
            return;
        }
        String callId = req.callId();
        boolean inDialog = req.to().tag() != null;
        Call call = calls.get(callId);
        if (inDialog && call == null) {
            refuse(from, req, 481, "Call/Transaction Does Not Exist", Map.of());
            return;
        }
        if (!inDialog && !Set.of("INVITE", "OPTIONS", "SUBSCRIBE", "REFER", "NOTIFY").contains(method)) {
            // BYE, UPDATE, PRACK, INFO only exist inside a dialog
            refuse(from, req, 481, "Call/Transaction Does Not Exist", Map.of());
            return;
        }
        Optional<UcImeConfig> cfg = config.get();
        if (cfg.isEmpty() || cfg.get().ucms().isEmpty()) {
            refuse(from, req, 503, "Service Unavailable", Map.of());
            return;
        }
        boolean initialInvite = method.equals("INVITE") && !inDialog;
        if (initialInvite && call != null) {
            // the same Call-ID again without a tag: a loop or a forked retry we do not support
            refuse(from, req, 482, "Loop Detected", Map.of());
            return;
        }
        if (initialInvite && from.leg() == Leg.OUTSIDE) {
            Admission verdict = admit(from, req);
            if (!verdict.admitted()) {
                stats.refused(verdict.cause());
                rememberRefusal(req);
                LOG.info("INVITE {} from {} ({}) refused: {}", callId, from.remote(), from.peerDomain(), verdict.reason());
                if (verdict.statusCode() > 0) {
                    Map<String, String> extra = new LinkedHashMap<>();
                    extra.put("Reason", "SIP;cause=" + verdict.statusCode() + ";text=\"" + verdict.reason().replace("\"", "'") + "\"");
                    from.send(answer(req, verdict.statusCode(), reasonPhrase(verdict.statusCode()), extra));
                }
                return;
            }
        }
        if (initialInvite) {
            call = new Call(callId, from.leg());
            call.connection(from.leg(), from);
            if (from.leg() == Leg.INSIDE) {
                call.fallbackSensitivity = Math.max(0, sensitivity(req));
                call.ucm = cfg.get().ucm(from.remote().getAddress().getHostAddress()).orElse(null);
            }
            calls.put(callId, call);
            stats.opened();
            from.send(answer(req, 100, "Trying", Map.of()));
        } else if (call != null) {
            call.lastActivity = System.nanoTime();
            if (call.connection(from.leg()) == null || !call.connection(from.leg()).isOpen()) {
                call.connection(from.leg(), from);
            }
        }

        SipRequest out = req;
        try {
            if (call != null && req.body() != null && req.body().length > 0) {
                MediaInsertion.Result r = MediaInsertion.apply(media, cfg.get(), call, from.leg(), req.body(),
                        address(from.leg().other()), true);
                if (r.refusal() != null) {
                    refuse(from, req, r.refusal().code(), r.refusal().reason(), Map.of());
                    if (initialInvite) {
                        endCall(call, r.refusal().cause());
                    }
                    return;
                }
                out.setBody(r.body(), "application/sdp");
                followHold(call);
            }
        } catch (RuntimeException e) {
            LOG.warn("SDP of {} {} refused: {}", method, callId, e.toString());
            refuse(from, req, 488, "Not Acceptable Here", Map.of());
            if (initialInvite) {
                endCall(call, TerminationCause.OTHER);
            }
            return;
        }
        forward(from, out, call, maxForwards, cfg.get());
    }

    private Admission admit(Connection from, SipRequest req) {
        InviteAdmission gate = admission.get();
        if (gate == null) {
            return Admission.admit();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : req.headerNames()) {
            headers.put(name.toLowerCase(Locale.ROOT), req.headers(name));
        }
        NameAddr contact = contact(req);
        InboundInvite invite = new InboundInvite(req.callId(), req.requestUriText(), req.from().uri().toString(),
                contact == null ? "" : contact.uri().toString(), req.headers("Record-Route"), from.peerDomain(), headers);
        try {
            return gate.admit(invite);
        } catch (RuntimeException e) {
            LOG.error("admission gate failed on {}; refusing the call", req.callId(), e);
            return Admission.refuse(500, "admission check failed", TerminationCause.OTHER);
        }
    }

    /** Sends a request on toward the other leg. */
    private void forward(Connection from, SipRequest req, Call call, int maxForwards, UcImeConfig cfg) {
        Leg to = from.leg().other();
        popOwnRoutes(req);
        unmap(from, req);
        Connection downstream = downstream(from, req, call, cfg);
        if (downstream == null) {
            refuse(from, req, 404, "Not Found", Map.of());
            if (call != null && call.state == Call.State.CALLING) {
                endCall(call, TerminationCause.OTHER);
            }
            return;
        }
        if (call != null) {
            call.connection(to, downstream);
        }
        if (to == Leg.OUTSIDE) {
            // the call agent's fallback policy stays inside
            req.removeHeader(FALLBACK_HEADER);
        }
        markReceived(req, from);
        String branch = BRANCH_PREFIX + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        Transaction tx = new Transaction(branch, serverKey(req), req, from, call);
        req.addHeaderFirst("Via", "SIP/2.0/" + downstream.transport() + " " + hostPort(address(to, downstream.transport()))
                + ";branch=" + branch);
        req.setHeader("Max-Forwards", Integer.toString(maxForwards < 0 ? 70 : maxForwards - 1));
        if (DIALOG_CREATING.contains(req.method()) && req.to().tag() == null) {
            // RFC 5658 double record-route: the top entry faces the receiver of this request
            req.addHeaderFirst("Record-Route", "<" + routeUri(from.leg(), from.transport()) + ">");
            req.addHeaderFirst("Record-Route", "<" + routeUri(to, downstream.transport()) + ">");
        }
        tx.forwarded = req;
        tx.downstream = downstream;
        byBranch.put(branch, tx);
        byServerKey.put(tx.serverKey, tx);
        downstream.send(req);
    }

    /** Where a request from {@code from} goes: a call-agent node, or a remote enterprise. */
    private Connection downstream(Connection from, SipRequest req, Call call, UcImeConfig cfg) {
        Connector c = connector;
        if (from.leg() == Leg.OUTSIDE) {
            if (call != null && call.inside != null && call.inside.isOpen()) {
                return call.inside;
            }
            Ucm ucm = call != null && call.ucm != null ? call.ucm : chooseUcm(req, cfg);
            if (call != null) {
                call.ucm = ucm;
            }
            return c.inside(ucm);
        }
        if (call != null && call.outside != null && call.outside.isOpen()) {
            return call.outside;
        }
        Optional<MappedTarget> mapped = from.mapped();
        if (mapped.isPresent()) {
            return c.outside(mapped.get().remote(), mapped.get().source());
        }
        SipUri target = nextHop(req);
        if (target == null || target.host() == null) {
            return null;
        }
        int port = target.port() > 0 ? target.port() : 5061;
        return c.outside(new InetSocketAddress(target.host(), port));
    }

    /** The call-agent node named by the Request-URI, else the first configured one. */
    private static Ucm chooseUcm(SipRequest req, UcImeConfig cfg) {
        SipUri uri = req.requestUri();
        if (uri != null && uri.host() != null) {
            Optional<Ucm> named = cfg.ucm(uri.host());
            if (named.isPresent()) {
                return named.get();
            }
        }
        return cfg.ucms().get(0);
    }

    /** The first remaining Route, else the Request-URI. */
    private static SipUri nextHop(SipRequest req) {
        List<String> routes = req.headers("Route");
        if (!routes.isEmpty()) {
            return NameAddr.parse(routes.get(0)).uri();
        }
        return req.requestUri();
    }

    /**
     * A request received on a mapped address of the off-path mapping service: a top Route naming the mapped
     * address is consumed, and a Request-URI naming it is translated to the remote enterprise's global
     * address, as the firewall's address translation would.
     */
    private static void unmap(Connection from, SipRequest req) {
        Optional<MappedTarget> mapped = from.mapped();
        InetSocketAddress local = from.local();
        if (mapped.isEmpty() || local == null) {
            return;
        }
        List<String> routes = req.headers("Route");
        if (!routes.isEmpty() && names(NameAddr.parse(routes.get(0)).uri(), local)) {
            removeFirstValue(req, "Route");
        }
        SipUri uri = req.requestUri();
        if (names(uri, local)) {
            InetSocketAddress remote = mapped.get().remote();
            req.requestUri(uri.withHost(remote.getAddress().getHostAddress()).withPort(remote.getPort()));
        }
    }

    private static boolean names(SipUri uri, InetSocketAddress address) {
        return uri != null && address.getAddress().getHostAddress().equals(uri.host()) && uri.port() == address.getPort();
    }

    /** Removes the Route entries that name this proxy (both of its record-routes). */
    private void popOwnRoutes(SipRequest req) {
        for (int i = 0; i < 2; i++) {
            List<String> routes = req.headers("Route");
            if (routes.isEmpty()) {
                return;
            }
            SipUri uri = NameAddr.parse(routes.get(0)).uri();
            if (isOwn(uri)) {
                removeFirstValue(req, "Route");
            } else {
                return;
            }
        }
    }

    private boolean isOwn(SipUri uri) {
        if (uri == null || uri.host() == null) {
            return false;
        }
        int port = uri.port();
        for (InetSocketAddress a : List.of(outsideAddress, insideAddress, insideTlsAddress)) {
            if (a.getAddress().getHostAddress().equals(uri.host()) && (port <= 0 || port == a.getPort())) {
                return true;
            }
        }
        return false;
    }

    private void onAck(Connection from, SipRequest ack) {
        Via top = ack.topVia();
        Transaction inviteTx = top == null ? null : byServerKey.get(top.branch() + "|INVITE");
        if (inviteTx != null && inviteTx.finalStatus >= 300) {
            // hop-by-hop ACK of a failure response: ours to absorb (we acknowledged downstream ourselves)
            byServerKey.remove(inviteTx.serverKey);
            return;
        }
        if (top != null && top.branch() != null && refusedInvites.remove(top.branch()) != null) {
            // the ACK of a failure the proxy answered itself
            return;
        }
        Call call = calls.get(ack.callId());
        if (call == null) {
            stats.verificationFailure();
            LOG.debug("ACK for unknown call {} dropped", ack.callId());
            return;
        }
        call.lastActivity = System.nanoTime();
        Optional<UcImeConfig> cfg = config.get();
        if (cfg.isEmpty()) {
            return;
        }
        if (ack.body() != null && ack.body().length > 0) {
            try {
                MediaInsertion.Result r = MediaInsertion.apply(media, cfg.get(), call, from.leg(), ack.body(),
                        address(from.leg().other()), false);
                if (r.refusal() == null) {
                    ack.setBody(r.body(), "application/sdp");
                    followHold(call);
                }
            } catch (RuntimeException e) {
                LOG.warn("SDP in ACK of {} ignored: {}", ack.callId(), e.toString());
            }
        }
        popOwnRoutes(ack);
        unmap(from, ack);
        Connection downstream = downstream(from, ack, call, cfg.get());
        if (downstream == null) {
            return;
        }
        markReceived(ack, from);
        int mf = maxForwards(ack);
        ack.setHeader("Max-Forwards", Integer.toString(mf < 0 ? 70 : Math.max(0, mf - 1)));
        ack.addHeaderFirst("Via", "SIP/2.0/" + downstream.transport() + " "
                + hostPort(address(from.leg().other(), downstream.transport()))
                + ";branch=" + BRANCH_PREFIX + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
        downstream.send(ack);
    }

    private void onCancel(Connection from, SipRequest cancel) {
        Via top = cancel.topVia();
        Transaction inviteTx = top == null ? null : byServerKey.get(top.branch() + "|INVITE");
        if (inviteTx == null || inviteTx.upstream.leg() != from.leg()) {
            refuse(from, cancel, 481, "Call/Transaction Does Not Exist", Map.of());
            return;
        }
        from.send(answer(cancel, 200, "OK", Map.of()));
        if (inviteTx.finalStatus > 0) {
            return;
        }
        SipRequest down = new SipRequest("CANCEL", inviteTx.forwarded.requestUriText());
        down.setHeader("Via", inviteTx.forwarded.header("Via"));
        for (String route : inviteTx.forwarded.headers("Route")) {
            down.addHeader("Route", route);
        }
        down.setHeader("From", inviteTx.forwarded.header("From"));
        down.setHeader("To", inviteTx.forwarded.header("To"));
        down.setHeader("Call-ID", inviteTx.forwarded.callId());
        down.setHeader("CSeq", inviteTx.forwarded.cseq().number() + " CANCEL");
        down.setHeader("Max-Forwards", "70");
        inviteTx.downstream.send(down);
    }

    // ------------------------------------------------------------------ responses

    synchronized void onResponse(Connection from, SipResponse resp) {
        Via top = resp.topVia();
        PendingRefer refer = top == null || top.branch() == null ? null : pendingRefers.get(top.branch());
        if (refer != null) {
            referAnswered(top.branch(), refer, resp);
            return;
        }
        Transaction tx = top == null ? null : byBranch.get(top.branch());
        if (tx == null) {
            if (top == null || top.branch() == null || !top.branch().startsWith(BRANCH_PREFIX) || !"CANCEL".equals(method(resp))) {
                stats.verificationFailure();
                LOG.debug("response {} {} matches no transaction; dropped", resp.statusCode(), resp.callId());
            }
            return;
        }
        if (tx.downstream != from && from.leg() != tx.downstream.leg()) {
            stats.verificationFailure();
            return;
        }
        int code = resp.statusCode();
        removeFirstValue(resp, "Via");
        Call call = tx.call;
        boolean invite = "INVITE".equals(tx.received.method());
        if (code == 100) {
            return;
        }
        if (call != null) {
            call.lastActivity = System.nanoTime();
        }
        if (invite && call != null && code < 300 && resp.body() != null && resp.body().length > 0) {
            Optional<UcImeConfig> cfg = config.get();
            try {
                // the SDP of a response answers the request's offer, or is the offer when the request had none
                boolean offer = tx.received.body() == null || tx.received.body().length == 0;
                MediaInsertion.Result r = MediaInsertion.apply(media, cfg.orElseThrow(), call, from.leg(), resp.body(),
                        address(from.leg().other()), offer);
                if (r.refusal() != null) {
                    LOG.warn("answer of {} refused: {}", call.callId, r.refusal().reason());
                } else {
                    resp.setBody(r.body(), "application/sdp");
                    followHold(call);
                }
                if (r.noted() != null) {
                    LOG.warn("answer of {} from {}: {}; its streams are disabled toward {}", call.callId,
                            from.remote(), r.noted().label(), from.leg().other());
                    call.cause = r.noted();
                }
            } catch (RuntimeException e) {
                LOG.warn("SDP answer of {} could not be rewritten: {}", call.callId, e.toString());
            }
        }
        if (code >= 200) {
            tx.finalStatus = code;
            byBranch.remove(tx.branch);
            if (!invite || code < 300) {
                byServerKey.remove(tx.serverKey);
            }
        }
        if (invite && call != null && code >= 200 && code < 300) {
            call.state = Call.State.ESTABLISHED;
            NameAddr contact = contact(resp);
            if (from.leg() == Leg.INSIDE && contact != null) {
                call.trunkUri = contact.uri().toString();
            }
            if (from.leg() == Leg.INSIDE) {
                int n = sensitivity(resp);
                if (n >= 0) {
                    call.fallbackSensitivity = n;
                }
            }
            if (call.fromTag == null) {
                call.fromTag = tx.received.from().tag();
                call.toTag = resp.to().tag();
            }
            startMonitoring(call);
        }
        if (tx.upstream.leg() == Leg.OUTSIDE) {
            resp.removeHeader(FALLBACK_HEADER);
        }
        if (invite && code >= 300) {
            sendFailureAck(tx, resp);
            if (call != null && tx.received.to().tag() == null) {
                endCall(call, TerminationCause.OTHER);
            }
        }
        if (code >= 200 && call != null && "BYE".equals(tx.received.method())) {
            endCall(call, TerminationCause.OTHER);
        }
        tx.upstream.send(resp);
    }

    /** RFC 3261 17.1.1.3: the ACK for a non-2xx final response, sent by the proxy's client transaction. */
    private void sendFailureAck(Transaction tx, SipResponse resp) {
        SipRequest ack = new SipRequest("ACK", tx.forwarded.requestUriText());
        ack.setHeader("Via", tx.forwarded.header("Via"));
        for (String route : tx.forwarded.headers("Route")) {
            ack.addHeader("Route", route);
        }
        ack.setHeader("From", tx.forwarded.header("From"));
        ack.setHeader("To", resp.header("To"));
        ack.setHeader("Call-ID", tx.forwarded.callId());
        ack.setHeader("CSeq", tx.forwarded.cseq().number() + " ACK");
        ack.setHeader("Max-Forwards", "70");
        tx.downstream.send(ack);
    }

    // ------------------------------------------------------------------ connections and time

    /**
     * A connection closed, or could not be opened ({@code failed}). Transactions waiting on it are
     * answered upstream (503 when the call agent or remote enterprise could not be reached).
     */
    public synchronized void connectionClosed(Connection c, boolean failed) {
        List<Transaction> lost = new ArrayList<>();
        for (Transaction tx : byBranch.values()) {
            if (tx.downstream == c) {
                lost.add(tx);
            }
        }
        for (Transaction tx : lost) {
            byBranch.remove(tx.branch);
            byServerKey.remove(tx.serverKey);
            if (!"ACK".equals(tx.received.method())) {
                tx.upstream.send(answer(tx.received, failed ? 503 : 408, failed ? "Service Unavailable" : "Request Timeout",
                        Map.of()));
            }
            if (tx.call != null && tx.call.state == Call.State.CALLING) {
                endCall(tx.call, TerminationCause.OTHER);
            }
        }
        byServerKey.values().removeIf(tx -> tx.upstream == c);
        pendingRefers.entrySet().removeIf(e -> {
            if (e.getValue().connection() != c) {
                return false;
            }
            fallbacks.failed(e.getValue().ucm());
            LOG.warn("fallback REFER for call {} to call agent {} lost: connection {}", e.getValue().callId(),
                    e.getValue().ucm(), failed ? "could not be opened" : "closed");
            return true;
        });
        for (Call call : calls.values()) {
            if (call.outside == c) {
                call.outside = null;
            }
            if (call.inside == c) {
                call.inside = null;
            }
        }
    }

    /**
     * Housekeeping, called periodically: INVITEs without a final answer past Timer C get 408 and the call
     * ends; established calls whose media sessions all timed out and that saw no signaling for
     * {@code idleNanos} end too.
     */
    public synchronized void sweep(long idleNanos) {
        long now = System.nanoTime();
        List<Transaction> expired = new ArrayList<>();
        for (Transaction tx : byBranch.values()) {
            if (now - tx.started > TIMER_C_NANOS) {
                expired.add(tx);
            }
        }
        for (Transaction tx : expired) {
            byBranch.remove(tx.branch);
            byServerKey.remove(tx.serverKey);
            tx.upstream.send(answer(tx.received, 408, "Request Timeout", Map.of()));
            if (tx.call != null && tx.call.state == Call.State.CALLING) {
                endCall(tx.call, TerminationCause.OTHER);
            }
        }
        byServerKey.values().removeIf(tx -> tx.finalStatus >= 300 && now - tx.started > TIMER_C_NANOS);
        pendingRefers.values().removeIf(r -> {
            if (now - r.sent() <= TIMER_F_NANOS) {
                return false;
            }
            fallbacks.failed(r.ucm());
            LOG.warn("fallback REFER for call {} to call agent {}: no final response (Timer F)", r.callId(), r.ucm());
            return true;
        });
        for (Call call : new ArrayList<>(calls.values())) {
            boolean mediaGone = call.media.stream().allMatch(m -> m == null || media.find(m.id()).isEmpty());
            if (call.state == Call.State.ESTABLISHED && mediaGone && now - call.lastActivity > idleNanos) {
                LOG.info("signaling session {} idle with no media; ended", call.callId);
                endCall(call, TerminationCause.OTHER);
            }
        }
    }

    /** Ends every session (inspection removed or appliance stopping). */
    public synchronized void shutdown() {
        for (Call call : new ArrayList<>(calls.values())) {
            endCall(call, TerminationCause.OTHER);
        }
        byBranch.clear();
        byServerKey.clear();
        pendingRefers.clear();
    }

    private void endCall(Call call, TerminationCause cause) {
        if (calls.remove(call.callId, call)) {
            call.state = Call.State.TERMINATED;
            call.closeMedia();
            stats.closed(call.cause != null ? call.cause : cause);
        }
    }

    // ------------------------------------------------------------------ PSTN fallback (UND-05, UND-06)

    /**
     * {@code X-Cisco-UC-IME-Fallback: sensitivity=<0-5>} of a call-agent message: the level, -1 when the header
     * is absent, 0 (not monitored) when it is malformed.
     */
    static int sensitivity(SipMessage m) {
        String v = m.header(FALLBACK_HEADER);
        if (v == null) {
            return -1;
        }
        for (String p : v.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("sensitivity")) {
                String n = p.substring(eq + 1).trim();
                if (n.length() == 1 && n.charAt(0) >= '0' && n.charAt(0) <= '5') {
                    return n.charAt(0) - '0';
                }
            }
        }
        LOG.warn("{} of call {} is not 'sensitivity=<0-5>': '{}'; the call is not monitored", FALLBACK_HEADER,
                m.callId(), v);
        return 0;
    }

    /** Hands the call's audio streams to the RTP monitor, once, when the call is answered. */
    private void startMonitoring(Call call) {
        if (call.monitoring) {
            return;
        }
        call.monitoring = true;
        call.heldMonitored = call.held;
        monitor(call, call.held ? 0 : call.fallbackSensitivity);
    }

    /**
     * A call put on hold is not monitored (the Internet peer sends nothing, which would read as a dead path);
     * when it resumes, monitoring starts again from a fresh window.
     */
    private void followHold(Call call) {
        if (!call.monitoring || call.held == call.heldMonitored) {
            return;
        }
        call.heldMonitored = call.held;
        LOG.info("call {} {}: RTP monitoring {}", call.callId, call.held ? "on hold" : "resumed",
                call.held ? "paused" : "restarted");
        monitor(call, call.held ? 0 : call.fallbackSensitivity);
    }

    private void monitor(Call call, int sensitivity) {
        for (int i = call.audio.nextSetBit(0); i >= 0 && i < call.media.size(); i = call.audio.nextSetBit(i + 1)) {
            MediaSession m = call.media.get(i);
            if (m == null) {
                continue;
            }
            try {
                m.monitor(sensitivity, call.ptimeMs, call.clockRate, (callId, level, at) ->
                        CompletableFuture.runAsync(() -> fallbackRequired(callId, level, at)));
            } catch (RuntimeException e) {
                LOG.warn("RTP monitoring of call {} not started: {}", call.callId, e.getMessage());
            }
        }
    }

    /**
     * The RTP monitor says the call must move to the PSTN: an out-of-dialog REFER (RFC 3515) to the call agent
     * that owns the call, naming the call with Target-Dialog (RFC 4538), counted per call-agent address.
     */
    synchronized void fallbackRequired(String callId, int sensitivity, MetricsSnapshot at) {
        Call call = calls.get(callId);
        if (call == null || call.state == Call.State.TERMINATED) {
            LOG.info("call {} ended before its fallback notification", callId);
            return;
        }
        Ucm ucm = call.ucm;
        if (ucm == null && call.inside != null) {
            ucm = config.get().flatMap(c -> c.ucm(call.inside.remote().getAddress().getHostAddress())).orElse(null);
        }
        Connection c = call.inside != null && call.inside.isOpen() ? call.inside
                : ucm != null && connector != null ? connector.inside(ucm) : null;
        if (c == null) {
            LOG.warn("call {} should fall back to the PSTN but no call agent is reachable", callId);
            return;
        }
        String host = ucm != null ? ucm.address() : c.remote().getAddress().getHostAddress();
        int port = ucm != null ? ucm.port() : c.remote().getPort();
        String transport = c.transport();
        InetSocketAddress local = address(Leg.INSIDE, transport);
        String branch = BRANCH_PREFIX + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        boolean callAgentIsCaller = call.origin == Leg.INSIDE;
        SipRequest refer = new SipRequest("REFER", "sip:" + host + ":" + port + ";transport="
                + transport.toLowerCase(Locale.ROOT));
        refer.setHeader("Via", "SIP/2.0/" + transport + " " + hostPort(local) + ";branch=" + branch);
        refer.setHeader("Max-Forwards", "70");
        refer.setHeader("From", "<sip:" + hostPort(local) + ">;tag=" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
        refer.setHeader("To", "<sip:" + host + ">");
        refer.setHeader("Call-ID", Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-fallback@"
                + local.getAddress().getHostAddress());
        refer.setHeader("CSeq", "1 REFER");
        refer.setHeader("Contact", "<sip:" + hostPort(local) + ";transport=" + transport.toLowerCase(Locale.ROOT) + ">");
        refer.setHeader("Target-Dialog", call.callId + ";local-tag=" + (callAgentIsCaller ? call.fromTag : call.toTag)
                + ";remote-tag=" + (callAgentIsCaller ? call.toTag : call.fromTag));
        refer.setHeader("Refer-To", "<sip:" + host + ";method=INVITE>");
        refer.setHeader("Referred-By", "<sip:" + hostPort(local) + ">");
        refer.setHeader("Event", "refer");
        refer.setHeader(FALLBACK_HEADER, "reason=qos;sensitivity=" + sensitivity);
        pendingRefers.put(branch, new PendingRefer(host, callId, c, System.nanoTime()));
        fallbacks.sent(host);
        LOG.info("call {} falls back to the PSTN: REFER sent to call agent {} (sensitivity {}; burst loss {} x0.01 %, "
                + "impaired ticks {} in 8 s, longest burst {} ms, PDV {} us)", callId, host, sensitivity,
                at.maxRblrPctX100(), at.maxIteCountIn8Sec(), at.maxBlsMs(), at.movAvgPdvUsec());
        c.send(refer);
    }

    private void referAnswered(String branch, PendingRefer r, SipResponse resp) {
        int code = resp.statusCode();
        if (code < 200) {
            return;
        }
        pendingRefers.remove(branch);
        if (code < 300) {
            fallbacks.accepted(r.ucm());
            LOG.info("call agent {} accepted the fallback of call {}: {}", r.ucm(), r.callId(), code);
        } else {
            fallbacks.failed(r.ucm());
            LOG.warn("call agent {} refused the fallback of call {}: {} {}", r.ucm(), r.callId(), code, resp.reasonPhrase());
        }
    }

    // ------------------------------------------------------------------ helpers

    private void refuse(Connection from, SipRequest req, int code, String reason, Map<String, String> headers) {
        rememberRefusal(req);
        stats.verificationFailure();
        LOG.info("{} {} from {} refused: {} {}", req.method(), req.callId(), from.remote(), code, reason);
        from.send(answer(req, code, reason, headers));
    }

    private void rememberRefusal(SipRequest req) {
        Via top = req.topVia();
        if ("INVITE".equals(req.method()) && top != null && top.branch() != null) {
            refusedInvites.put(top.branch(), System.nanoTime());
        }
    }

    private static SipResponse answer(SipRequest req, int code, String reason, Map<String, String> headers) {
        SipResponse r = SipResponses.answer(req, code, reason);
        headers.forEach(r::setHeader);
        return r;
    }

    private static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 488 -> "Not Acceptable Here";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Refused";
        };
    }

    private static int maxForwards(SipRequest req) {
        String mf = req.header("Max-Forwards");
        if (mf == null) {
            return -1;
        }
        try {
            return Integer.parseInt(mf.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Only SDP bodies cross the proxy: multipart (SIP-20) and any other type are refused with 415. */
    private static boolean bodyAcceptable(SipMessage m) {
        byte[] body = m.body();
        String type = m.header("Content-Type");
        if (type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return false;
        }
        if (body == null || body.length == 0) {
            return true;
        }
        return type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("application/sdp");
    }

    private static void markReceived(SipRequest req, Connection from) {
        Via top = req.topVia();
        String source = from.remote().getAddress().getHostAddress();
        if (top != null && !source.equals(top.host())) {
            req.setHeader("Via", replaceFirst(req.headers("Via"), top.withParam("received", source).toString()));
        }
    }

    /** Removes the first value of a list header, whether its values share a line or not. */
    static void removeFirstValue(SipMessage m, String name) {
        List<String> values = m.headers(name);
        if (values.isEmpty()) {
            return;
        }
        if (m.header(name).equals(values.get(0))) {
            m.removeFirstHeader(name);
            return;
        }
        m.setHeader(name, String.join(", ", values.subList(1, values.size())));
    }

    private static String replaceFirst(List<String> values, String first) {
        List<String> copy = new ArrayList<>(values);
        copy.set(0, first);
        return String.join(", ", copy);
    }

    private static String serverKey(SipRequest req) {
        Via top = req.topVia();
        String method = req.method().equals("ACK") ? "INVITE" : req.method();
        return (top == null ? "" : top.branch()) + "|" + method;
    }

    private static String method(SipResponse resp) {
        return resp.cseq() == null ? "" : resp.cseq().method();
    }

    private static NameAddr contact(SipMessage m) {
        String c = m.header("Contact");
        return c == null ? null : NameAddr.parse(c);
    }

    InetSocketAddress address(Leg leg) {
        return leg == Leg.OUTSIDE ? outsideAddress : insideAddress;
    }

    /** The proxy's address on a leg for a transport: the inside leg has a TCP and a TLS listener. */
    InetSocketAddress address(Leg leg, String transport) {
        return leg == Leg.INSIDE && "TLS".equals(transport) ? insideTlsAddress : address(leg);
    }

    private String routeUri(Leg leg, String transport) {
        return "sip:" + hostPort(address(leg, transport)) + ";transport=" + transport.toLowerCase(Locale.ROOT) + ";lr";
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The calls, for tests. */
    Collection<Call> calls() {
        return calls.values();
    }
}
