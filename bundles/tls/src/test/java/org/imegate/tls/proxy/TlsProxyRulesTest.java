package org.imegate.tls.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.imegate.api.tlsproxy.Licence.ExportClass;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class TlsProxyRulesTest {

    private static String refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ValidationException.class, e).getMessage();
    }

    @Test
    void instanceNames() {
        assertEquals("local_to_remote-ent", TlsProxyRules.name("local_to_remote-ent"));
        assertEquals("a.b-c_9", TlsProxyRules.name("a.b-c_9"));
        assertEquals("x".repeat(64), TlsProxyRules.name("x".repeat(64)));
        assertEquals("ERROR: tls-proxy " + "x".repeat(65) + " is 65 characters long, at most 64 allowed",
                refusal(() -> TlsProxyRules.name("x".repeat(65))));
        assertEquals("ERROR: tls-proxy bad/name may contain only letters, digits, '_', '.' and '-'",
                refusal(() -> TlsProxyRules.name("bad/name")));
        assertEquals("ERROR: tls-proxy 'a b' may contain only letters, digits, '_', '.' and '-'",
                refusal(() -> TlsProxyRules.name("a b")));
        assertEquals("ERROR: tls-proxy is required", refusal(() -> TlsProxyRules.name("")));
        assertEquals("ERROR: tls-proxy is required", refusal(() -> TlsProxyRules.name(null)));
    }

    @Test
    void cipherNamesAcceptSeedAndModernNamesInOrder() {
        assertEquals(List.of("aes128-sha1", "aes256-sha1", "ecdhe-aes128-gcm-sha256", "chacha20-poly1305"),
                TlsProxyRules.cipherNames("ssl encryption",
                        List.of("AES128-SHA1", "aes256-sha1", "ecdhe-aes128-gcm-sha256", "chacha20-poly1305")));
        assertEquals(List.of(), TlsProxyRules.cipherNames("ssl encryption", List.of()));
    }

    @Test
    void desAndNullAreRefusedNamingRfc5469() {
        for (String weak : List.of("des-sha1", "null-sha1")) {
            String m = refusal(() -> TlsProxyRules.cipherNames("client cipher-suite", List.of("aes128-sha1", weak)));
            assertEquals("ERROR: client cipher-suite " + weak + " is refused: DES and NULL cipher suites do not"
                    + " protect the signalling (RFC 5469); use aes128-sha1, aes256-sha1 or an ecdhe-/TLS 1.3 suite", m);
        }
        // the seed's own example carries null-sha1: refused as a whole
        assertTrue(refusal(() -> TlsProxyRules.cipherNames("client cipher-suite",
                List.of("aes128-sha1", "aes256-sha1", "3des-sha1", "null-sha1"))).contains("null-sha1 is refused"));
    }

    @Test
    void tripleDesIsAcceptedWithOthersButNotAlone() {
        assertEquals(List.of("3des-sha1", "aes128-sha1"),
                TlsProxyRules.cipherNames("ssl encryption", List.of("3des-sha1", "aes128-sha1")));
        assertEquals("ERROR: ssl encryption 3des-sha1 leaves no cipher suite this Java runtime can use"
                + " (it disables 3DES, DES and NULL suites)",
                refusal(() -> TlsProxyRules.cipherNames("ssl encryption", List.of("3des-sha1"))));
    }

    @Test
    void unknownAndRepeatedCipherNames() {
        String m = refusal(() -> TlsProxyRules.cipherNames("ssl encryption", List.of("rc4-md5")));
        assertTrue(m.startsWith("ERROR: ssl encryption rc4-md5 is not a cipher suite (expected one of des-sha1,"
                + " 3des-sha1, aes128-sha1, aes256-sha1, null-sha1, ecdhe-aes128-gcm-sha256"), m);
        assertEquals("ERROR: ssl encryption aes128-sha1 is given twice",
                refusal(() -> TlsProxyRules.cipherNames("ssl encryption", List.of("aes128-sha1", "AES128-sha1"))));
    }

    @Test
    void unknownTrustpointIsRefusedWhenTheyCanBeLookedUp() {
        TlsProxyConfig c = new TlsProxyConfig("p", Optional.of("nope"), Optional.empty(), List.of());
        assertEquals("ERROR: server trust-point nope does not exist",
                refusal(() -> TlsProxyRules.instance(c, name -> Optional.empty())));
        TlsProxyConfig d = new TlsProxyConfig("p", Optional.empty(), Optional.of("gone"), List.of());
        assertEquals("ERROR: client trust-point gone does not exist",
                refusal(() -> TlsProxyRules.instance(d, name -> Optional.empty())));
        // the configuration path checks them when an engine is built
        assertEquals(c, TlsProxyRules.instance(c, null));
    }

    @Test
    void instanceFromItsFactoryConfiguration() {
        TlsProxyConfig c = TlsProxyRules.fromProperties(Map.of("name", "remote_to_local-ent",
                "server.trustpoint", "local-ent", "client.cipher.suites", "aes128-sha1, aes256-sha1"));
        assertEquals(new TlsProxyConfig("remote_to_local-ent", Optional.of("local-ent"), Optional.empty(),
                List.of("aes128-sha1", "aes256-sha1")), c);
        assertEquals("ERROR: name is required", refusal(() -> TlsProxyRules.fromProperties(Map.of())));
        assertTrue(refusal(() -> TlsProxyRules.fromProperties(Map.of("name", "p", "client.cipher.suites",
                "null-sha1"))).startsWith("ERROR: client cipher-suite null-sha1 is refused"));
    }

    @Test
    void maximumSessionsNamesTheLicenceLimit() {
        LicenceTerms k8 = LicenceTerms.DEFAULT;
        assertEquals(1000, TlsProxyRules.maximumSessions(1000, k8));
        assertEquals(1, TlsProxyRules.maximumSessions("1", k8));
        assertEquals("ERROR: maximum-sessions 1001 out of range 1-1000 (the K8 licence allows at most 1000 TLS proxy"
                + " sessions)", refusal(() -> TlsProxyRules.maximumSessions(1001, k8)));
        assertEquals("ERROR: maximum-sessions 0 out of range 1-1000 (the K8 licence allows at most 1000 TLS proxy"
                + " sessions)", refusal(() -> TlsProxyRules.maximumSessions("0", k8)));
        assertEquals("ERROR: maximum-sessions many is not a number (allowed 1-1000, the K8 licence allows at most"
                + " 1000 TLS proxy sessions)", refusal(() -> TlsProxyRules.maximumSessions("many", k8)));
        LicenceTerms k9 = new LicenceTerms(true, ExportClass.K9, 4500, 1000, Integer.MAX_VALUE);
        assertEquals(4500, TlsProxyRules.maximumSessions(4500, k9));
        assertEquals("ERROR: maximum-sessions 4501 out of range 1-4500 (the K9 licence allows the platform limit of"
                + " 4500 TLS proxy sessions)", refusal(() -> TlsProxyRules.maximumSessions(4501, k9)));
        // configuration path: up to the platform limit, the licence cap applies on top
        assertEquals(OptionalInt.of(3000), TlsProxyRules.maximumSessions((Object) "3000", k8));
        assertEquals(OptionalInt.empty(), TlsProxyRules.maximumSessions((Object) null, k8));
        assertEquals("ERROR: maximum-sessions 5000 out of range 1-4500",
                refusal(() -> TlsProxyRules.maximumSessions((Object) 5000, k8)));
    }
}
