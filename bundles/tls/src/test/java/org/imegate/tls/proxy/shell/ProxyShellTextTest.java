package org.imegate.tls.proxy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.Licence.ExportClass;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsProxyStatistics;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSessionInfo;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class ProxyShellTextTest {

    @Test
    void seedWordsOfTheTlsProxyCommand() {
        ProxyWords w = ProxyWords.parse(List.of("server", "trust-point", "local-ent", "client", "trust-point",
                "local-asa", "client", "cipher-suite", "aes128-sha1", "aes256-sha1"));
        assertEquals(new ProxyWords(Optional.of("local-ent"), Optional.of("local-asa"),
                Optional.of(List.of("aes128-sha1", "aes256-sha1"))), w);
        assertEquals(new ProxyWords(Optional.empty(), Optional.empty(), Optional.empty()), ProxyWords.parse(null));
        assertEquals("ERROR: server trust-point-x is not a sub-command of tls-proxy (expected " + ProxyWords.EXPECTED
                + ")", assertThrows(ValidationException.class,
                        () -> ProxyWords.parse(List.of("server", "trust-point-x", "a"))).getMessage());
        assertEquals("ERROR: bogus is not a sub-command of tls-proxy (expected " + ProxyWords.EXPECTED + ")",
                assertThrows(ValidationException.class, () -> ProxyWords.parse(List.of("bogus"))).getMessage());
        assertEquals("ERROR: client trust-point '' needs a trust-point name",
                assertThrows(ValidationException.class, () -> ProxyWords.parse(List.of("client", "trust-point")))
                        .getMessage());
        assertEquals("ERROR: client cipher-suite '' needs at least one cipher suite",
                assertThrows(ValidationException.class, () -> ProxyWords.parse(List.of("client", "cipher-suite")))
                        .getMessage());
        assertEquals("ERROR: server trust-point b is given twice", assertThrows(ValidationException.class,
                () -> ProxyWords.parse(List.of("server", "trust-point", "a", "server", "trust-point", "b")))
                .getMessage());
    }

    @Test
    void runningConfiguration() {
        String text = ProxyText.config(List.of(new TlsProxyConfig("local_to_remote-ent", Optional.empty(),
                Optional.of("local-ent"), List.of("aes128-sha1", "aes256-sha1"))), List.of("aes128-sha1"),
                new Licence(true, ExportClass.K8, 4500, 1000, 250), true);
        assertEquals("ssl encryption aes128-sha1\n"
                + "tls-proxy maximum-sessions 1000\n"
                + "tls-proxy local_to_remote-ent\n"
                + " client trust-point local-ent\n"
                + " client cipher-suite aes128-sha1 aes256-sha1\n", text);
    }

    @Test
    void sessionsInTheLabelDotsValueStyle() {
        TlsSessionInfo s = new TlsSessionInfo(7, "remote_to_local-ent", TlsRole.SERVER,
                new InetSocketAddress("127.0.0.3", 5061), new InetSocketAddress("127.0.0.9", 40000), "established",
                "TLSv1.3", "TLS_AES_128_GCM_SHA256", "ent-b.example", Instant.parse("2026-01-02T03:04:05Z"));
        String text = ProxyText.sessions(List.of(s), new TlsProxyStatistics(12, 3, 2, 1, 1000),
                Map.of("protocol", 3L));
        assertEquals("TLS Proxy Session 7\n"
                + "Instance ............... remote_to_local-ent\n"
                + "Role ................... server\n"
                + "Local .................. 127.0.0.3:5061\n"
                + "Remote ................. 127.0.0.9:40000\n"
                + "State .................. established\n"
                + "Protocol ............... TLSv1.3\n"
                + "Cipher ................. TLS_AES_128_GCM_SHA256\n"
                + "Peer Domain ............ ent-b.example\n"
                + "Since .................. 03:04:05 Z Jan 2 2026\n"
                + "\n"
                + "Active Sessions ........ 1 of 1000 maximum\n"
                + "Handshakes Completed ... 12\n"
                + "Handshakes Failed ...... 3\n"
                + "  protocol ............. 3\n"
                + "Refused Over Limit ..... 2\n", text);
        assertEquals("Intercompany Media Engine .. Disabled\n"
                + "Export Class ........... K9\n"
                + "Platform Limit ......... 4500\n"
                + "Total TLS Proxy Sessions .. 0\n"
                + "SRTP Sessions .......... Unlimited\n",
                ProxyText.licence(new Licence(false, ExportClass.K9, 4500, 0, Integer.MAX_VALUE)));
    }
}
