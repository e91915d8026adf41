package org.imegate.tls.proxy.shell;

import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsProxyStatistics;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.imegate.tls.proxy.CipherSuites;

/** The text of the {@code tls-proxy} show commands. */
final class ProxyText {
    private static final int LABEL = 24;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z MMM d yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ProxyText() {
    }

    /** {@code Label ........ value}, the style of {@code show ime vapstatus summary} (catalogue UND-21). */
    static String line(String label, Object value) {
        int dots = Math.max(2, LABEL - label.length() - 1);
        return label + " " + ".".repeat(dots) + " " + value + "\n";
    }

    /** The running configuration of the instances, as {@code show running-config tls-proxy}. */
    static String config(List<TlsProxyConfig> instances, List<String> sslEncryption, Licence licence,
            boolean globals) {
        StringBuilder b = new StringBuilder();
        if (globals) {
            b.append("ssl encryption ").append(sslEncryption.isEmpty()
                    ? String.join(" ", CipherSuites.DEFAULT_NAMES) + " (default)" : String.join(" ", sslEncryption))
                    .append('\n');
            b.append("tls-proxy maximum-sessions ").append(licence.maximumSessions()).append('\n');
        }
        for (TlsProxyConfig c : instances) {
            b.append("tls-proxy ").append(c.name()).append('\n');
            c.serverTrustpoint().ifPresent(t -> b.append(" server trust-point ").append(t).append('\n'));
            c.clientTrustpoint().ifPresent(t -> b.append(" client trust-point ").append(t).append('\n'));
            if (!c.clientCipherSuites().isEmpty()) {
                b.append(" client cipher-suite ").append(String.join(" ", c.clientCipherSuites())).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code show tls-proxy session}: one block per session, then the totals. */
    static String sessions(List<TlsSessionInfo> sessions, TlsProxyStatistics stats, Map<String, Long> failures) {
        StringBuilder b = new StringBuilder();
        for (TlsSessionInfo s : sessions) {
            b.append("TLS Proxy Session ").append(s.id()).append('\n');
            b.append(line("Instance", s.instance()));
            b.append(line("Role", s.role().name().toLowerCase(Locale.ROOT)));
            b.append(line("Local", address(s.local())));
            b.append(line("Remote", address(s.remote())));
            b.append(line("State", s.state()));
            b.append(line("Protocol", s.protocol().isEmpty() ? "-" : s.protocol()));
            b.append(line("Cipher", s.cipherSuite().isEmpty() ? "-" : s.cipherSuite()));
            b.append(line("Peer Domain", s.peerDomain().isEmpty() ? "-" : s.peerDomain()));
            b.append(line("Since", TIME.format(s.since())));
            b.append('\n');
        }
        b.append(line("Active Sessions", stats.activeSessions() + " of " + stats.maximumSessions() + " maximum"));
        b.append(line("Handshakes Completed", stats.handshakesCompleted()));
        b.append(line("Handshakes Failed", stats.handshakesFailed()));
        failures.forEach((reason, count) -> b.append(line("  " + reason, count)));
        b.append(line("Refused Over Limit", stats.refusedOverLimit()));
        return b.toString();
    }

    /** The licence, as the licence lines of {@code show version}. */
    static String licence(Licence l) {
        return line("Intercompany Media Engine", l.imeLicensed() ? "Enabled" : "Disabled")
                + line("Export Class", l.exportClass())
                + line("Platform Limit", l.platformLimit())
                + line("Total TLS Proxy Sessions", l.maximumSessions())
                + line("SRTP Sessions", l.srtpSessionLimit() == Integer.MAX_VALUE ? "Unlimited" : l.srtpSessionLimit());
    }

    private static String address(InetSocketAddress a) {
        return a == null ? "-" : a.getHostString() + ":" + a.getPort();
    }
}
