package org.imegate.bench.srtprelay;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * rtpengine's ng control protocol: {@code <cookie> <bencoded dictionary>} over UDP, the answer carrying
 * the same cookie (rtpengine's docs, "ng Control Protocol"). Strings, integers, lists and dictionaries.
 */
final class Ng implements Closeable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private int cookie;

    Ng(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.setSoTimeout(2000);
    }

    /** Sends {@code command}; the answer's dictionary, whose result must be "ok". */
    @SuppressWarnings("unchecked")
    Map<String, Object> call(Map<String, Object> command) throws IOException {
        String c = "bench" + (++cookie) + " ";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(c.getBytes(StandardCharsets.US_ASCII));
        encode(command, b);
        byte[] request = b.toByteArray();
        byte[] buf = new byte[65536];
        for (int attempt = 0; attempt < 3; attempt++) {
            socket.send(new DatagramPacket(request, request.length, server));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String s = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (!s.startsWith(c)) {
                    continue;
                }
                int[] pos = {c.length()};
                Map<String, Object> answer = (Map<String, Object>) decode(buf, pos);
                if (!"ok".equals(answer.get("result"))) {
                    throw new IOException("rtpengine refused " + command.get("command") + ": " + answer);
                }
                return answer;
            }
        }
        throw new IOException("rtpengine does not answer " + command.get("command") + " on " + server);
    }

    static Map<String, Object> dict(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void encode(Object o, ByteArrayOutputStream out) {
        if (o instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (o instanceof Integer || o instanceof Long) {
            out.writeBytes(("i" + o + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (o instanceof List<?> l) {
            out.write('l');
            for (Object e : l) {
                encode(e, out);
            }
            out.write('e');
        } else if (o instanceof Map<?, ?> m) {
            out.write('d');
            for (Map.Entry<String, Object> e : new TreeMap<>((Map<String, Object>) m).entrySet()) {
                encode(e.getKey(), out);
                encode(e.getValue(), out);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + o);
        }
    }

    private static Object decode(byte[] b, int[] pos) {
        char c = (char) b[pos[0]];
        if (c == 'i') {
            int end = indexOf(b, 'e', pos[0]);
            long v = Long.parseLong(new String(b, pos[0] + 1, end - pos[0] - 1, StandardCharsets.US_ASCII));
            pos[0] = end + 1;
            return v;
        }
        if (c == 'l') {
            pos[0]++;
            List<Object> l = new ArrayList<>();
            while (b[pos[0]] != 'e') {
                l.add(decode(b, pos));
            }
            pos[0]++;
            return l;
        }
        if (c == 'd') {
            pos[0]++;
            Map<String, Object> m = new LinkedHashMap<>();
            while (b[pos[0]] != 'e') {
                String k = (String) decode(b, pos);
                m.put(k, decode(b, pos));
            }
            pos[0]++;
            return m;
        }
        int colon = indexOf(b, ':', pos[0]);
        int n = Integer.parseInt(new String(b, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
        String s = new String(b, colon + 1, n, StandardCharsets.UTF_8);
        pos[0] = colon + 1 + n;
        return s;
    }

    private static int indexOf(byte[] b, char c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("truncated bencode");
    }

    @Override
    public void close() {
        socket.close();
    }
}
