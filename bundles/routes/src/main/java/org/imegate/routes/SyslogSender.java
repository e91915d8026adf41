package org.imegate.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.imegate.api.alert.Alert;

/**
 * Alerts as syslog messages (RFC 5424) to a remote receiver: over UDP (RFC 5426, one message per datagram, at most
 * 2048 octets) or TCP (RFC 6587 octet counting). PRI = facility * 8 + the alert's severity; APP-NAME
 * {@code imegate}; MSGID the alert's name; structured data {@code [origin software="imegate"]}; the message is
 * {@code <NAME> <RAISED|CLEARED> <severity> <module>: <text> [key=value ...]}.
 */
public final class SyslogSender {
    static final int MAX_UDP = 2048;
    static final int TIMEOUT_MS = 3000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final String hostname;
    private final String procId;

    public SyslogSender(String hostname, String procId) {
        this.hostname = field(hostname, 255);
        this.procId = field(procId, 128);
    }

    /** The RFC 5424 message of {@code alert}. */
    public String format(Alert alert, int facility) {
        int pri = facility * 8 + alert.severity().syslogLevel();
        StringBuilder msg = new StringBuilder();
        msg.append(alert.name()).append(' ').append(alert.state()).append(' ')
                .append(alert.severity().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(alert.module())
                .append(": ").append(alert.message());
        for (Map.Entry<String, String> d : alert.details().entrySet()) {
            msg.append(' ').append(d.getKey()).append('=').append(d.getValue());
        }
        return "<" + pri + ">1 " + TIME.format(alert.time().atOffset(ZoneOffset.UTC)) + " " + hostname
                + " imegate " + procId + " " + field(alert.name(), 32) + " [origin software=\"imegate\"] "
                + msg.toString().replaceAll("[\\r\\n]+", " ");
    }

    /** Sends one message; throws when a TCP receiver cannot be reached. */
    public void send(NotifyConfig.Receiver r, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        InetAddress to = InetAddress.getByName(r.host());
        if (r.transport().equals("udp")) {
            int length = Math.min(bytes.length, MAX_UDP);
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(bytes, length, to, r.port()));
            }
        } else {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(to, r.port()), TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                OutputStream out = s.getOutputStream();
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        }
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters, "-" when empty. */
    static String field(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (c > 32 && c < 127) {
                b.append(c);
            }
            if (b.length() == max) {
                break;
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
