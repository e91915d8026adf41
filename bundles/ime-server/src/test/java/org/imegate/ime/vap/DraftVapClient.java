package org.imegate.ime.vap;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A VAP call agent written from draft-jennings-vipr-vap-02 alone (it shares no code with the server):
 * header §4 (Figures 2, 3), attributes §10.3, MESSAGE-INTEGRITY §10.3.3, requestor and responder
 * procedures §5.2, §5.3. Server requests (Notify, PublishRevoke) are answered with a success response
 * and queued for the test.
 */
public final class DraftVapClient implements AutoCloseable {
    public static final int COOKIE = 0x41666679;
    public static final int REGISTER = 0x001, UNREGISTER = 0x002, PUBLISH = 0x004, UNPUBLISH = 0x005,
            PUBLISH_REVOKE = 0x006, SUBSCRIBE = 0x007, UNSUBSCRIBE = 0x008, NOTIFY = 0x00a, UPLOAD_VCR = 0x00b;
    public static final int REQUEST = 0b00, SUCCESS = 0b10, ERROR = 0b11;
    public static final int USERNAME = 0x0006, MESSAGE_INTEGRITY = 0x0008, ERROR_CODE = 0x0009, REALM = 0x0014,
            CLIENT_NAME = 0x1001, CLIENT_HANDLE = 0x1002, PROTOCOL_VERSION = 0x1003, CLIENT_LABEL = 0x1005,
            KEEPALIVE = 0x1006, SERVICE_IDENTITY = 0x1007, SERVICE_VERSION = 0x100b, SERVICE_CONTENT = 0x100c,
            SUBSCRIPTION_ID = 0x100e, CALL_DIRECTION = 0x2001, START_TIME = 0x2002, STOP_TIME = 0x2003,
            CALLING_NUM = 0x2004, CALLED_NUM = 0x2005, QUOTA = 0x200a, DHT_LIFETIME = 0x200b;

    /** One attribute. */
    public record Attr(int type, byte[] value) {
        public static Attr str(int type, String s) {
            return new Attr(type, s.getBytes(StandardCharsets.UTF_8));
        }

        public static Attr u32(int type, long v) {
            return new Attr(type, ByteBuffer.allocate(4).putInt((int) v).array());
        }

        public static Attr u64(int type, long v) {
            return new Attr(type, ByteBuffer.allocate(8).putLong(v).array());
        }

        /** ServiceIdentity, Figure 14. */
        public static Attr service(int serviceId, int subservice, long vserviceId, long instance) {
            return new Attr(SERVICE_IDENTITY, ByteBuffer.allocate(20).putShort((short) serviceId)
                    .putShort((short) subservice).putLong(vserviceId).putLong(instance).array());
        }
    }

    /** A received message. */
    public record Message(int method, int cls, byte[] transactionId, List<Attr> attrs, boolean integrityOk,
            boolean hasIntegrity) {
        public byte[] get(int type) {
            return attrs.stream().filter(a -> a.type() == type).map(Attr::value).findFirst().orElse(null);
        }

        public long u32(int type) {
            return ByteBuffer.wrap(get(type)).getInt() & 0xffffffffL;
        }

        public String str(int type) {
            return new String(get(type), StandardCharsets.UTF_8);
        }

        /** The response code of ERROR-CODE (Figure 12), 0 when absent. */
        public int errorCode() {
            byte[] v = get(ERROR_CODE);
            return v == null ? 0 : (v[2] & 7) * 100 + (v[3] & 0xff);
        }

        public String reason() {
            byte[] v = get(ERROR_CODE);
            return v == null ? "" : new String(v, 4, v.length - 4, StandardCharsets.UTF_8);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final OutputStream out;
    private final String username;
    private final byte[] key;
    private final Map<String, BlockingQueue<Message>> waiting = new ConcurrentHashMap<>();
    private final BlockingQueue<Message> serverRequests = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile int answerServerRequestsWith;
    private volatile boolean closedByPeer;

    public DraftVapClient(Socket socket, String username, String password) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.username = username;
        this.key = key(username, "ViPR", password);
        this.reader = new Thread(this::read, "draft-vap-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** §5.2.1: MD5 of username ":" realm ":" password. */
    public static byte[] key(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Figure 3: M11..M7 | C1 | M6..M4 | C0 | M3..M0. */
    static int type(int method, int cls) {
        int m11to7 = (method >> 7) & 0x1f;
        int m6to4 = (method >> 4) & 0x7;
        int m3to0 = method & 0xf;
        return (m11to7 << 9) | (((cls >> 1) & 1) << 8) | (m6to4 << 5) | ((cls & 1) << 4) | m3to0;
    }

    static int methodOf(int type) {
        return ((type >> 9) << 7) | (((type >> 5) & 7) << 4) | (type & 0xf);
    }

    static int classOf(int type) {
        return (((type >> 8) & 1) << 1) | ((type >> 4) & 1);
    }

    /** A message with the given attributes and, when {@code miKey} is given, a MESSAGE-INTEGRITY last (§10.3.3). */
    public static byte[] encode(int method, int cls, byte[] tx, List<Attr> attrs, byte[] miKey) {
        int len = 0;
        for (Attr a : attrs) {
            len += 4 + (a.value().length + 3) / 4 * 4;
        }
        if (miKey != null) {
            len += 24;
        }
        ByteBuffer b = ByteBuffer.allocate(20 + len);
        b.putShort((short) type(method, cls)).putShort((short) len).putInt(COOKIE).put(tx);
        for (Attr a : attrs) {
            b.putShort((short) a.type()).putShort((short) a.value().length).put(a.value());
            for (int i = a.value().length; i % 4 != 0; i++) {
                b.put((byte) 0);
            }
        }
        if (miKey != null) {
            int upTo = b.position();
            byte[] mac = hmac(miKey, Arrays.copyOf(b.array(), upTo));
            b.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(mac);
        }
        return b.array();
    }

    static byte[] hmac(byte[] key, byte[] text) {
        try {
            byte[] padded = Arrays.copyOf(text, (text.length + 63) / 64 * 64);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(padded);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] newTx() {
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        return tx;
    }

    /** Sends a request with USERNAME, REALM and MESSAGE-INTEGRITY and waits for its response. */
    public Message request(int method, Attr... attrs) throws IOException, InterruptedException {
        return request(method, key, attrs);
    }

    /** As {@link #request(int, Attr...)} with another MESSAGE-INTEGRITY key (a wrong password). */
    public Message request(int method, byte[] miKey, Attr... attrs) throws IOException, InterruptedException {
        List<Attr> all = new ArrayList<>(Arrays.asList(attrs));
        all.add(Attr.str(USERNAME, username));
        all.add(Attr.str(REALM, "\"ViPR\""));
        byte[] tx = newTx();
        return exchange(tx, encode(method, REQUEST, tx, all, miKey));
    }

    /** Sends raw bytes carrying transaction {@code tx} and waits for the response to it. */
    public Message exchange(byte[] tx, byte[] raw) throws IOException, InterruptedException {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        waiting.put(HexFormat.of().formatHex(tx), q);
        send(raw);
        Message m = q.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new IOException("no response within 20 s (connection " + (closedByPeer ? "closed by the server" : "open") + ")");
        }
        return m;
    }

    public synchronized void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** The next request of the server (Notify, PublishRevoke), already answered. */
    public Message awaitServerRequest(Duration timeout) throws InterruptedException {
        return serverRequests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answer the following server requests with this error code (0: success). */
    public void answerServerRequestsWith(int code) {
        answerServerRequestsWith = code;
    }

    /** Whether the server closed the connection (reads end of stream) within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return closedByPeer;
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                byte[] header = new byte[20];
                in.readFully(header);
                ByteBuffer h = ByteBuffer.wrap(header);
                int type = h.getShort() & 0x3fff;
                int len = h.getShort() & 0xffff;
                if (h.getInt() != COOKIE) {
                    throw new IOException("bad cookie from server");
                }
                byte[] tx = new byte[12];
                h.get(tx);
                byte[] body = new byte[len];
                in.readFully(body);
                List<Attr> attrs = new ArrayList<>();
                ByteBuffer b = ByteBuffer.wrap(body);
                boolean miOk = false;
                boolean hasMi = false;
                while (b.remaining() >= 4) {
                    int start = 20 + b.position();
                    int at = b.getShort() & 0xffff;
                    int al = b.getShort() & 0xffff;
                    byte[] v = new byte[al];
                    b.get(v);
                    b.position(b.position() + (al + 3) / 4 * 4 - al);
                    if (at == MESSAGE_INTEGRITY) {
                        hasMi = true;
                        byte[] whole = new byte[20 + len];
                        System.arraycopy(header, 0, whole, 0, 20);
                        System.arraycopy(body, 0, whole, 20, len);
                        miOk = Arrays.equals(hmac(key, Arrays.copyOf(whole, start)), v);
                    }
                    attrs.add(new Attr(at, v));
                }
                Message m = new Message(methodOf(type), classOf(type), tx, attrs, miOk, hasMi);
                if (m.cls() == REQUEST) {
                    int code = answerServerRequestsWith;
                    List<Attr> answer = new ArrayList<>();
                    if (code != 0) {
                        ByteBuffer ec = ByteBuffer.allocate(4 + 12).putShort((short) 0).put((byte) (code / 100))
                                .put((byte) (code % 100)).put("Test refusal".getBytes(StandardCharsets.US_ASCII));
                        answer.add(new Attr(ERROR_CODE, ec.array()));
                    }
                    answer.add(Attr.str(REALM, "\"ViPR\""));
                    send(encode(m.method(), code == 0 ? SUCCESS : ERROR, tx, answer, key));
                    serverRequests.add(m);
                } else {
                    BlockingQueue<Message> q = waiting.remove(HexFormat.of().formatHex(tx));
                    if (q != null) {
                        q.add(m);
                    }
                }
            }
        } catch (IOException e) {
            closedByPeer = true;
        }
    }

    /** A Register without Client-Handle (§8.2). */
    public Message register(String clientName) throws IOException, InterruptedException {
        return request(REGISTER, Attr.str(CLIENT_NAME, clientName), Attr.str(CLIENT_LABEL, "lab"),
                Attr.u32(PROTOCOL_VERSION, 0x00010000));
    }

    /** The key of this client's credentials. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } catch (SocketException e) {
            // already closed by the server
        }
    }

    /** NTP 64-bit time of an instant (RFC 5905 era 0). */
    public static long ntp(java.time.Instant t) {
        return ((t.getEpochSecond() + 2_208_988_800L) << 32) | ((((long) t.getNano()) << 32) / 1_000_000_000L);
    }
}
