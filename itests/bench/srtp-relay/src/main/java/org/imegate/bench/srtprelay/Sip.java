package org.imegate.bench.srtprelay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal SIP user agent over TCP for call set-up through the appliance, as the remote enterprise
 * (UAC, through the stunnel client that presents enterprise B's certificate) and as the call agent (UAS):
 * INVITE with an SDP offer and the IME ticket, 200 OK with the phone's SDP answer, ACK and BYE along the
 * route set. Enough for the benchmark; not a general SIP stack.
 */
final class Sip {

    /** A SIP message: start line, headers in order (names as received), body. */
    record Message(String startLine, List<String[]> headers, String body) {
        String header(String name) {
            for (String[] h : headers) {
                if (matches(h[0], name)) {
                    return h[1];
                }
            }
            return null;
        }

        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (matches(h[0], name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }

        int status() {
            return startLine.startsWith("SIP/2.0 ") ? Integer.parseInt(startLine.substring(8, 11)) : -1;
        }

        private static boolean matches(String actual, String name) {
            String a = actual.toLowerCase(Locale.ROOT);
            String n = name.toLowerCase(Locale.ROOT);
            if (a.equals(n)) {
                return true;
            }
            String compact = switch (n) {
                case "via" -> "v";
                case "from" -> "f";
                case "to" -> "t";
                case "call-id" -> "i";
                case "contact" -> "m";
                case "content-length" -> "l";
                case "content-type" -> "c";
                default -> null;
            };
            return a.equals(compact);
        }
    }

    private Sip() {
    }

    /** Reads one message (skipping keep-alive CRLFs); null at the end of the stream. */
    static Message read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (head.size() == 0 && (c == '\r' || c == '\n')) {
                continue;
            }
            head.write(c);
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : 0;
                case 2 -> c == '\r' ? 3 : 0;
                case 3 -> c == '\n' ? 4 : 0;
                default -> 0;
            };
            if (state == 4) {
                break;
            }
            if (head.size() > 65536) {
                throw new IOException("SIP header too long");
            }
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            if ((l.startsWith(" ") || l.startsWith("\t")) && !headers.isEmpty()) {
                String[] last = headers.get(headers.size() - 1);
                last[1] = last[1] + " " + l.trim();
                continue;
            }
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        Message m = new Message(lines[0], headers, "");
        String cl = m.header("Content-Length");
        int n = cl == null ? 0 : Integer.parseInt(cl.trim());
        byte[] body = in.readNBytes(n);
        if (body.length != n) {
            return null;
        }
        return new Message(lines[0], headers, new String(body, StandardCharsets.UTF_8));
    }

    static void write(OutputStream out, String startLine, List<String> headerLines, String body) throws IOException {
        StringBuilder b = new StringBuilder(startLine).append("\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            b.append("Content-Type: application/sdp\r\n");
        }
        b.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.flush();
    }

    /** The URI inside a name-addr ({@code "x" <sip:...>;tag=1} gives {@code sip:...}). */
    static String uri(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        int gt = nameAddr.indexOf('>');
        return lt >= 0 && gt > lt ? nameAddr.substring(lt + 1, gt) : nameAddr.split(";")[0].trim();
    }

    static String tag(String nameAddr) {
        int gt = Math.max(0, nameAddr.indexOf('>'));
        for (String p : nameAddr.substring(gt).split(";")) {
            if (p.trim().startsWith("tag=")) {
                return p.trim().substring(4);
            }
        }
        return null;
    }

    /** The values of a header that may carry several comma-separated name-addrs. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            int depth = 0;
            int start = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '<') {
                    depth++;
                } else if (c == '>') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(v.substring(start, i).trim());
                    start = i + 1;
                }
            }
            out.add(v.substring(start).trim());
        }
        return out;
    }

    /**
     * The remote enterprise: one TCP connection to the stunnel client (which speaks TLS with enterprise
     * B's certificate to the appliance), calls set up one after the other.
     */
    static final class Uac implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String target;
        private final String callee;
        private final String ticket;
        private final String local;
        private int branch;

        Uac(InetSocketAddress stunnel, String target, String callee, String ticket) throws IOException {
            socket = new Socket();
            socket.connect(stunnel, 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            this.target = target;
            this.callee = callee;
            this.ticket = ticket;
            this.local = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        }

        /** INVITE with {@code sdp}, 200 OK, ACK; returns the 200 OK. */
        Message invite(Call call, String sdp) throws IOException {
            String to = "<sip:" + callee + "@" + target + ">";
            String from = "\"Caller\" <sip:+15551230000@" + local + ">;tag=" + call.fromTag;
            String via = "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-bench-" + (++branch);
            write(out, "INVITE sip:" + callee + "@" + target + ";transport=TLS SIP/2.0", List.of(via,
                    "From: " + from, "To: " + to, "Call-ID: " + call.callId, "CSeq: 1 INVITE",
                    "Contact: <sip:+15551230000@" + local + ";transport=TLS>", "Max-Forwards: 70",
                    "X-Cisco-UC-IME-Ticket: " + ticket), sdp);
            for (int i = 0; i < 20; i++) {
                Message m = read(in);
                if (m == null) {
                    throw new IOException("the appliance closed the connection during the INVITE of " + call.callId);
                }
                int status = m.status();
                if (status < 0) {
                    answerStray(m);
                    continue;
                }
                if (!call.callId.equals(m.header("Call-ID")) || status < 200) {
                    continue;
                }
                if (status >= 300) {
                    throw new IOException("INVITE " + call.callId + " refused: " + m.startLine());
                }
                call.toTag = tag(m.header("To"));
                routeAndSend(m, call, "ACK", 1, from);
                return m;
            }
            throw new IOException("no final response to the INVITE of " + call.callId);
        }

        void bye(Call call, Message ok) throws IOException {
            String from = "\"Caller\" <sip:+15551230000@" + local + ">;tag=" + call.fromTag;
            routeAndSend(ok, call, "BYE", 2, from);
            for (int i = 0; i < 20; i++) {
                Message m = read(in);
                if (m == null) {
                    throw new IOException("the appliance closed the connection during the BYE of " + call.callId);
                }
                if (m.status() < 0) {
                    answerStray(m);
                } else if (m.status() >= 200 && call.callId.equals(m.header("Call-ID"))
                        && m.header("CSeq").endsWith("BYE")) {
                    return;
                }
            }
            throw new IOException("no final response to the BYE of " + call.callId);
        }

        private void routeAndSend(Message ok, Call call, String method, int cseq, String from) throws IOException {
            List<String> rr = split(ok.all("Record-Route"));
            Collections.reverse(rr);
            String contact = ok.header("Contact");
            String requestUri = contact != null ? uri(contact) : "sip:" + callee + "@" + target;
            List<String> h = new ArrayList<>();
            h.add("Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-bench-" + (++branch));
            for (String r : rr) {
                h.add("Route: " + r);
            }
            h.add("From: " + from);
            h.add("To: " + ok.header("To"));
            h.add("Call-ID: " + call.callId);
            h.add("CSeq: " + cseq + " " + method);
            h.add("Max-Forwards: 70");
            write(out, method + " " + requestUri + " SIP/2.0", h, "");
        }

        /** A request from the appliance on this connection (none expected): answered 200 OK. */
        private void answerStray(Message m) throws IOException {
            if (!m.isRequest("ACK")) {
                write(out, "SIP/2.0 200 OK", Uas.echo(m, null), "");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * The call agent: answers each INVITE with the phone's SDP of the call it carries (looked up by
     * Call-ID), notes the appliance's inside address from the INVITE's SDP, answers BYE and anything else
     * with 200 OK.
     */
    static final class Uas implements Closeable {
        private final ServerSocket server;
        private final Map<String, Call> calls = new ConcurrentHashMap<>();
        private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;
        private final String contact;
        private volatile Throwable failure;

        Uas(InetSocketAddress bind) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(bind);
            contact = "Contact: <sip:callee@" + bind.getHostString() + ":" + bind.getPort() + ";transport=tcp>";
            acceptor = new Thread(this::accept, "bench-uas");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void expect(Call call) {
            calls.put(call.callId, call);
        }

        Throwable failure() {
            return failure;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    connections.add(s);
                    Thread t = new Thread(() -> serve(s), "bench-uas-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    Message m;
                    try {
                        m = read(in);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (m == null) {
                        return;
                    }
                    if (m.status() >= 0 || m.isRequest("ACK")) {
                        continue;
                    }
                    if (m.isRequest("INVITE")) {
                        Call call = calls.get(m.header("Call-ID"));
                        if (call == null) {
                            write(out, "SIP/2.0 404 Not Found", echo(m, "uas"), "");
                            continue;
                        }
                        call.relayInside = Sdp.parse(m.body()).audio();
                        String sdp = Sdp.body("phone", call.phoneLocal().getHostString(), call.phoneLocal().getPort(),
                                "RTP/AVP", null);
                        List<String> h = echo(m, "uas-" + call.index);
                        h.add(contact);
                        write(out, "SIP/2.0 200 OK", h, sdp);
                    } else {
                        List<String> h = echo(m, null);
                        h.add(contact);
                        write(out, "SIP/2.0 200 OK", h, "");
                    }
                }
            } catch (SocketException e) {
                // closed at the end of the run
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        /** Via, Record-Route, From, To (with {@code toTag} added when given), Call-ID and CSeq of a request. */
        static List<String> echo(Message m, String toTag) {
            List<String> h = new ArrayList<>();
            for (String v : m.all("Via")) {
                h.add("Via: " + v);
            }
            for (String r : m.all("Record-Route")) {
                h.add("Record-Route: " + r);
            }
            h.add("From: " + m.header("From"));
            String to = m.header("To");
            h.add("To: " + (toTag != null && tag(to) == null ? to + ";tag=" + toTag : to));
            h.add("Call-ID: " + m.header("Call-ID"));
            h.add("CSeq: " + m.header("CSeq"));
            return h;
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (connections) {
                for (Socket s : connections) {
                    s.close();
                }
            }
        }
    }
}
