package org.imegate.ime.validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerProtocol;
import org.imegate.api.ime.VServiceInfo;
import org.imegate.api.ime.ValidatorSettings;
import org.imegate.api.ime.store.StoredVcr;
import org.imegate.api.validation.ValidationException;
import org.imegate.ime.vap.ServiceXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminating side of the validation (the "Validator Port", 8470): a peer IME server proves over
 * TLS-SRP that it knows a PSTN call to one of our numbers (see {@link PvpSecret}), sends its domain,
 * and gets the number, a ticket and the routes (ValInfo) unless its domain is blocked. Anything else on
 * the port is counted as a protocol error and the connection closed.
 */
public final class ValidatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorServer.class);
    static final Duration IO_TIMEOUT = Duration.ofSeconds(15);
    /** Validation request: {@code VALIDATE v1} then {@code domain: <d>}. */
    static final String REQUEST = "VALIDATE v1";

    private final Terminating side;
    private final ValidatorLimits limits;
    private final ServerSocket socket;
    private final ExecutorService sessions;
    private final Thread acceptor;
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ValidatorServer(Terminating side, InetSocketAddress address, ValidatorLimits limits) {
        this.side = side;
        this.limits = limits;
        try {
            this.socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, 64);
        } catch (IOException e) {
            throw new IllegalStateException("validator cannot listen on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        this.sessions = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ime-validator-session");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "ime-validator-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("validator listening on {}:{} (TLS-SRP)", address.getAddress().getHostAddress(), port());
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("validator accept failed: {}", e.toString());
                }
                continue;
            }
            if (!limits.tryAcquire()) {
                side.counters().blockedTermTlsLimit.increment();
                LOG.info("validation from {} refused: TLSValidationThreshold reached", s.getRemoteSocketAddress());
                quietly(s);
                continue;
            }
            open.put(s, Boolean.TRUE);
            try {
                sessions.execute(() -> {
                    try {
                        session(s);
                    } finally {
                        open.remove(s);
                        limits.release();
                        quietly(s);
                    }
                });
            } catch (RejectedExecutionException e) {
                open.remove(s);
                limits.release();
                quietly(s);
            }
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }

    private void session(Socket s) {
        String peer = s.getInetAddress().getHostAddress();
        Match[] match = new Match[1];
        try {
            s.setSoTimeout((int) IO_TIMEOUT.toMillis());
            TlsServerProtocol tls = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
            tls.accept(Srp.server(Srp.crypto(), identity -> {
                match[0] = match(identity).orElse(null);
                return match[0] == null ? null : match[0].password();
            }));
            InputStream in = tls.getInputStream();
            OutputStream out = tls.getOutputStream();
            String request = Frames.read(in);
            String reply = answer(request, match[0]);
            Frames.write(out, reply);
            tls.close();
        } catch (TlsFatalAlert e) {
            short d = e.getAlertDescription();
            if (d == AlertDescription.unknown_psk_identity || d == AlertDescription.bad_record_mac
                    || d == AlertDescription.decrypt_error) {
                LOG.info("validation from {} failed: {} (no matching call)", peer, AlertDescription.getText(d));
            } else {
                side.counters().validatorProtocolErrors.increment();
                LOG.warn("validator: protocol error from {}: {}", peer, e.getMessage());
            }
        } catch (TlsFatalAlertReceived e) {
            LOG.info("validation from {} ended by the peer: {}", peer, e.getMessage());
        } catch (SocketException e) {
            LOG.debug("validator connection from {} closed: {}", peer, e.toString());
        } catch (IOException | RuntimeException e) {
            side.counters().validatorProtocolErrors.increment();
            LOG.warn("validator: protocol error from {}: {}", peer, e.toString());
        }
    }

    /** A terminating VCR the identity designates, with the password its values give. */
    record Match(StoredVcr vcr, int method, byte[] password) {
    }

    private Optional<Match> match(byte[] identity) {
        Optional<PvpSecret.Identity> id = PvpSecret.parse(identity);
        if (id.isEmpty()) {
            side.counters().validatorProtocolErrors.increment();
            return Optional.empty();
        }
        ValidatorSettings v = side.settings();
        Duration tol = Duration.ofSeconds(v.toleranceSeconds());
        long w = PvpSecret.window(tol);
        long center = id.get().startBucket() * w + w / 2;
        List<StoredVcr> candidates = side.candidates(id.get().calledKey(), Instant.ofEpochMilli(center - 2 * w),
                Instant.ofEpochMilli(center + 2 * w));
        if (id.get().method() == PvpSecret.CALLER) {
            byte[] nonce = HexFormat.of().parseHex(id.get().nonce());
            candidates = candidates.stream().filter(c -> !c.vcr().callingNumber().isEmpty()
                    && PvpSecret.tag(nonce, c.vcr().callingNumber()).equals(id.get().callingTag())).toList();
        }
        return candidates.stream()
                .min(Comparator.comparingLong(c -> Math.abs(c.vcr().start().toEpochMilli() - center)))
                .map(c -> new Match(c, id.get().method(), PvpSecret.password(c.vcr().calledNumber(),
                        c.vcr().callingNumber(), id.get().method(), PvpSecret.durationBucket(c.vcr(), tol))));
    }

    private String answer(String request, Match m) {
        String[] lines = request.split("\n");
        if (lines.length < 2 || !REQUEST.equals(lines[0]) || !lines[1].startsWith("domain: ")) {
            side.counters().validatorProtocolErrors.increment();
            return "ERROR bad request";
        }
        String domain = lines[1].substring("domain: ".length()).strip().toLowerCase(Locale.ROOT);
        String number = m.vcr().vcr().calledNumber();
        if (side.excludedNumbers().contains(number)) {
            LOG.info("validation of excluded number {} from {} refused", number, domain);
            return "EXCLUDED";
        }
        Optional<VServiceInfo> vs = side.vservice(m.vcr().vcr().vserviceId());
        if (vs.isEmpty()) {
            LOG.info("validation of {} from {}: its VService is not published now", number, domain);
            return "UNAVAILABLE no VService";
        }
        if (side.blockedDomains().contains(domain) || !vs.get().trusts(domain)) {
            side.counters().validationsBlocked.increment();
            LOG.info("validation of {} from {} blocked: the domain is not trusted", number, domain);
            return "BLOCKED";
        }
        String ticket;
        try {
            ticket = side.issueTicket(vs.get().domain(), domain, number);
        } catch (ValidationException e) {
            LOG.warn("validation of {} from {}: no ticket can be issued: {}", number, domain, e.getMessage());
            return "UNAVAILABLE no ticket";
        }
        LOG.info("validation of {} from {} succeeded (method {}); ticket issued", number, domain, m.method());
        return "OK\n" + new String(ServiceXml.valInfo(new ServiceXml.ValInfo(number, ticket, vs.get().sipUris())),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
        open.keySet().forEach(ValidatorServer::quietly);
        sessions.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            sessions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
