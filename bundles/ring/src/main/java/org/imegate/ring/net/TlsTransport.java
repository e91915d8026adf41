package org.imegate.ring.net;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.imegate.ring.NodeId;
import org.imegate.ring.RingSecurityException;
import org.imegate.ring.Transport;
import org.imegate.ring.msg.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay link over TLS 1.3/1.2 on TCP (RFC 6940 §5.6 TLS overlay link, with a simpler framing):
 * mutual authentication with certificates from the enrollment CA only; a peer whose certificate is not
 * from that CA, is not valid, or whose Node-ID is banned fails the handshake. Each frame is
 * {@code u32 exchange id, u32 length, message}; the dialling side sends requests and the accepting side
 * answers them on the same connection, so each peer keeps one outgoing connection per neighbour.
 */
public final class TlsTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TlsTransport.class);

    private final InetSocketAddress bind;
    private final SSLContext context;
    private final Duration timeout;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final AtomicInteger exchanges = new AtomicInteger();
    private final SSLServerSocket server;
    private volatile boolean closed;
    private final String localAddress;

    /** Binds the listening socket at once (so that its address is known); {@link #start} accepts. */
    public TlsTransport(InetSocketAddress bind, SSLContext context, Duration timeout, int threads) throws IOException {
        this.bind = bind;
        this.context = context;
        this.timeout = timeout;
        SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(bind, 64);
        } catch (IOException e) {
            s.close();
            throw new IOException("ring port " + bind.getHostString() + ":" + bind.getPort() + " cannot be bound: "
                    + e.getMessage(), e);
        }
        s.setNeedClientAuth(true);
        s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.server = s;
        this.localAddress = bind.getAddress().getHostAddress() + ":" + s.getLocalPort();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
                r -> daemon(r, "ring-worker"), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * A TLS context presenting {@code chain} with {@code key} and trusting only certificates that
     * {@link X509Security#check} accepts against {@code ca} and whose Node-ID {@code banned} does not match.
     */
    public static SSLContext context(PrivateKey key, X509Certificate[] chain, X509Certificate ca, String overlay,
            Predicate<NodeId> banned, Clock clock) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "ring".toCharArray();
        ks.setKeyEntry("ring", key, pw, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        X509TrustManager tm = new X509TrustManager() {
            private void check(X509Certificate[] c) throws CertificateException {
                if (c == null || c.length == 0) {
                    throw new CertificateException("no certificate");
                }
                try {
                    NodeId id = X509Security.check(c[0], ca, overlay, clock);
                    if (banned.test(id)) {
                        throw new CertificateException("node " + id + " is banned from the overlay");
                    }
                } catch (RingSecurityException e) {
                    throw new CertificateException(e.getMessage());
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                check(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                check(chain);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] {ca};
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {tm}, null);
        return ctx;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void start(UnaryOperator<byte[]> handler) {
        SSLServerSocket s = server;
        daemon(() -> accept(s, handler), "ring-accept " + localAddress).start();
        LOG.info("ring listening on {}", localAddress);
    }

    private void accept(SSLServerSocket s, UnaryOperator<byte[]> handler) {
        while (!closed) {
            try {
                SSLSocket c = (SSLSocket) s.accept();
                daemon(() -> serve(c, handler), "ring-in " + c.getRemoteSocketAddress()).start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ring accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SSLSocket c, UnaryOperator<byte[]> handler) {
        try (c) {
            c.setSoTimeout(0);
            c.setTcpNoDelay(true);
            c.startHandshake();
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(c.getInputStream()));
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(c.getOutputStream()));
            while (!closed) {
                int xid = in.readInt();
                int len = in.readInt();
                if (len < 0 || len > Codec.MAX_MESSAGE) {
                    throw new IOException("frame of " + len + " bytes");
                }
                byte[] msg = new byte[len];
                in.readFully(msg);
                workers.execute(() -> {
                    byte[] ans = handler.apply(msg);
                    synchronized (out) {
                        try {
                            out.writeInt(xid);
                            out.writeInt(ans.length);
                            out.write(ans);
                            out.flush();
                        } catch (IOException e) {
                            LOG.debug("answer to {} lost: {}", c.getRemoteSocketAddress(), e.getMessage());
                        }
                    }
                });
            }
        } catch (EOFException | SocketException e) {
            LOG.debug("ring link from {} closed", c.getRemoteSocketAddress());
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            LOG.info("ring link from {} refused or failed: {}", c.getRemoteSocketAddress(), e.getMessage());
        }
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public byte[] request(String address, byte[] request) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        Link link = links.get(address);
        if (link == null || link.dead) {
            link = open(address);
        }
        int xid = exchanges.incrementAndGet();
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        link.pending.put(xid, f);
        try {
            synchronized (link.out) {
                link.out.writeInt(xid);
                link.out.writeInt(request.length);
                link.out.write(request);
                link.out.flush();
            }
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            link.fail();
            throw e;
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + address + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("link to " + address + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            link.pending.remove(xid);
        }
    }

    private synchronized Link open(String address) throws IOException {
        Link l = links.get(address);
        if (l != null && !l.dead) {
            return l;
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("bad ring address " + address);
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            s.bind(new InetSocketAddress(bind.getAddress(), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), (int) timeout.toMillis());
            s.setSoTimeout(0);
            s.setTcpNoDelay(true);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        Link link = new Link(s);
        links.put(address, link);
        daemon(link::read, "ring-out " + address).start();
        return link;
    }

    private final class Link {
        final SSLSocket socket;
        final DataOutputStream out;
        final DataInputStream in;
        final Map<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
        volatile boolean dead;

        Link(SSLSocket s) throws IOException {
            this.socket = s;
            this.out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream()));
            this.in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
        }

        void read() {
            try {
                while (!dead) {
                    int xid = in.readInt();
                    int len = in.readInt();
                    if (len < 0 || len > Codec.MAX_MESSAGE) {
                        throw new IOException("frame of " + len + " bytes");
                    }
                    byte[] b = new byte[len];
                    in.readFully(b);
                    CompletableFuture<byte[]> f = pending.get(xid);
                    if (f != null) {
                        f.complete(b);
                    }
                }
            } catch (IOException e) {
                fail();
            }
        }

        void fail() {
            dead = true;
            try {
                socket.close();
            } catch (IOException e) {
                LOG.trace("close", e);
            }
            pending.values().forEach(f -> f.completeExceptionally(new IOException("link closed")));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("close", e);
        }
        links.values().forEach(Link::fail);
        workers.shutdownNow();
    }
}
