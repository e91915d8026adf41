package org.imegate.tls.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.management.openmbean.CompositeData;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.Licence.ExportClass;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.validation.ValidationException;
import org.imegate.platform.MasterKeySecretBox;
import org.imegate.tls.PkiStore;
import org.imegate.tls.proxy.jmx.TlsProxyMBeanImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator changes through the service and the MBean: validated once, applied, persisted. */
class TlsProxyServiceTest {
    @TempDir
    Path tmp;

    private final List<String> saved = new ArrayList<>();
    private TlsProxyService proxy;
    private TlsProxyMBeanImpl mbean;

    @BeforeEach
    void setUp() throws Exception {
        PkiStore pki = new PkiStore(tmp.resolve("tls"), new MasterKeySecretBox(tmp.resolve("master.key")),
                Clock.systemUTC());
        pki.defineTrustpoint(TrustpointSpec.named("local-ent"));
        pki.defineTrustpoint(TrustpointSpec.named("local-asa"));
        proxy = new TlsProxyService(pki, pki, new TlsProxyStore() {
            @Override
            public void saveInstance(TlsProxyConfig instance) {
                saved.add("save " + instance.name() + " " + instance.serverTrustpoint().orElse("-") + " "
                        + instance.clientTrustpoint().orElse("-") + " " + instance.clientCipherSuites());
            }

            @Override
            public void deleteInstance(String name) {
                saved.add("delete " + name);
            }

            @Override
            public void saveGlobal(List<String> sslEncryption, OptionalInt maximumSessions) {
                saved.add("global " + sslEncryption + " " + maximumSessions);
            }
        }, Clock.systemUTC(), a -> { });
        mbean = new TlsProxyMBeanImpl(proxy);
    }

    @Test
    void defineMergesSubCommandsAndPersists() {
        proxy.define("local_to_remote-ent", Optional.empty(), Optional.of("local-ent"), Optional.empty());
        proxy.define("local_to_remote-ent", Optional.of("local-asa"), Optional.empty(),
                Optional.of(List.of("aes128-sha1", "aes256-sha1")));
        assertEquals(new TlsProxyConfig("local_to_remote-ent", Optional.of("local-asa"), Optional.of("local-ent"),
                List.of("aes128-sha1", "aes256-sha1")), proxy.instance("local_to_remote-ent").orElseThrow());
        assertEquals(List.of("save local_to_remote-ent - local-ent []",
                "save local_to_remote-ent local-asa local-ent [aes128-sha1, aes256-sha1]"), saved);
        proxy.remove("local_to_remote-ent");
        assertEquals(List.of(), proxy.instances());
        assertEquals("delete local_to_remote-ent", saved.get(2));
        assertEquals("ERROR: tls-proxy local_to_remote-ent does not exist", assertThrows(ValidationException.class,
                () -> proxy.remove("local_to_remote-ent")).getMessage());
    }

    @Test
    void aRefusedChangeChangesNothing() {
        proxy.define("p", Optional.of("local-ent"), Optional.empty(), Optional.empty());
        saved.clear();
        assertThrows(ValidationException.class, () -> proxy.define("p", Optional.of("gone"), Optional.empty(),
                Optional.empty()));
        assertThrows(ValidationException.class, () -> proxy.define("p", Optional.empty(), Optional.empty(),
                Optional.of(List.of("des-sha1"))));
        assertThrows(ValidationException.class, () -> proxy.sslEncryption(List.of("null-sha1")));
        assertThrows(ValidationException.class, () -> proxy.maximumSessions("1001"));
        assertEquals(List.of(), saved);
        assertEquals(Optional.of("local-ent"), proxy.instance("p").orElseThrow().serverTrustpoint());
        assertEquals(1000, proxy.statistics().maximumSessions());
    }

    @Test
    void configurationPathAppliesTheLicenceAndTheLimit() {
        proxy.applyGlobal(Map.of("ime", "true", "export.class", "K9", "platform.limit", "4500",
                "maximum.sessions", "3000", "ssl.encryption", "aes128-sha1 ecdhe-aes128-gcm-sha256"));
        assertEquals(new Licence(true, ExportClass.K9, 4500, 3000, Integer.MAX_VALUE), proxy.licence());
        assertEquals(3000, proxy.statistics().maximumSessions());
        assertEquals(List.of("aes128-sha1", "ecdhe-aes128-gcm-sha256"), proxy.sslEncryption());
        // a K8 licence caps the same configuration at 1000
        proxy.applyGlobal(Map.of("export.class", "K8", "maximum.sessions", "3000"));
        assertEquals(1000, proxy.statistics().maximumSessions());
        assertTrue(proxy.maximumSessionsHelp().startsWith("<1-1000>  Maximum number of TLS proxy sessions (the K8"
                + " licence allows at most 1000 TLS proxy sessions"), proxy.maximumSessionsHelp());
        // no IME licence: instances stay configurable, every session is refused and counted
        proxy.applyGlobal(Map.of("ime", "false"));
        proxy.define("p", Optional.of("local-ent"), Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), proxy.admit("p", TlsRole.SERVER, null, new InetSocketAddress("127.0.0.9", 1)));
        assertEquals(1, proxy.statistics().refusedOverLimit());
        assertEquals(0, proxy.licence().maximumSessions());
        // a bad value is refused as a whole
        assertThrows(ValidationException.class, () -> proxy.applyGlobal(Map.of("ssl.encryption", "des-sha1")));
        assertEquals(0, proxy.licence().maximumSessions());
    }

    @Test
    void jmxAppliesTheSameRulesAndReportsPlainExceptions() {
        mbean.defineInstance("inbound", "local-ent", "", "aes256-gcm-sha384 chacha20-poly1305");
        CompositeData row = (CompositeData) mbean.getInstances().values().iterator().next();
        assertEquals("inbound", row.get("Name"));
        assertEquals("local-ent", row.get("ServerTrustpoint"));
        assertEquals("", row.get("ClientTrustpoint"));
        assertEquals("aes256-gcm-sha384 chacha20-poly1305", row.get("ClientCipherSuites"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mbean.defineInstance("inbound", "", "", "null-sha1"));
        assertEquals(IllegalArgumentException.class, e.getClass());
        assertTrue(e.getMessage().startsWith("ERROR: client cipher-suite null-sha1 is refused"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mbean.maximumSessions(5000));
        assertEquals("ERROR: maximum-sessions 5000 out of range 1-1000 (the K8 licence allows at most 1000 TLS proxy"
                + " sessions)", e.getMessage());
        mbean.maximumSessions(10);
        assertEquals(10, mbean.getMaximumSessions());
        proxy.admit("inbound", TlsRole.CLIENT, null, new InetSocketAddress("127.0.0.9", 5061)).orElseThrow()
                .failed("untrusted certificate");
        assertEquals(1, mbean.getHandshakesFailed());
        CompositeData reason = (CompositeData) mbean.getHandshakeFailureReasons().values().iterator().next();
        assertEquals("untrusted certificate", reason.get("Reason"));
        assertEquals(1L, reason.get("Count"));
        proxy.admit("inbound", TlsRole.SERVER, new InetSocketAddress("127.0.0.3", 5061),
                new InetSocketAddress("127.0.0.9", 40000)).orElseThrow();
        CompositeData session = (CompositeData) mbean.getSessions().values().iterator().next();
        assertEquals("handshaking", session.get("State"));
        assertEquals("127.0.0.9:40000", session.get("Remote"));
        assertEquals(1, mbean.getActiveSessions());
        mbean.removeInstance("inbound");
        assertTrue(mbean.getInstances().isEmpty());
        mbean.sslEncryption("");
        assertEquals(List.of(), proxy.sslEncryption());
    }
}
