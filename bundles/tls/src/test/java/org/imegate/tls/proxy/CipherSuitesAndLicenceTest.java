package org.imegate.tls.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.net.ssl.SSLParameters;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.Licence.ExportClass;
import org.imegate.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

class CipherSuitesAndLicenceTest {

    @Test
    void seedNamesMapToTheRsaSuitesOfUnd17() {
        assertEquals(List.of("TLS_RSA_WITH_AES_128_CBC_SHA"), CipherSuites.jsse("p", "aes128-sha1"));
        assertEquals(List.of("TLS_RSA_WITH_AES_256_CBC_SHA"), CipherSuites.jsse("p", "aes256-sha1"));
        assertEquals(List.of("TLS_RSA_WITH_3DES_EDE_CBC_SHA"), CipherSuites.jsse("p", "3des-sha1"));
        assertEquals(List.of("TLS_RSA_WITH_DES_CBC_SHA"), CipherSuites.jsse("p", "des-sha1"));
        assertEquals(List.of("TLS_RSA_WITH_NULL_SHA"), CipherSuites.jsse("p", "null-sha1"));
        assertEquals(List.of("TLS_AES_128_GCM_SHA256"), CipherSuites.jsse("p", "aes128-gcm-sha256"));
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                CipherSuites.jsse("p", "ECDHE-AES256-GCM-SHA384"));
        assertEquals(List.of("TLS_CHACHA20_POLY1305_SHA256"), CipherSuites.jsse("p", "chacha20-poly1305"));
        assertThrows(ValidationException.class, () -> CipherSuites.jsse("p", "aes128"));
    }

    @Test
    void defaultsAreTls13AndTls12WithEcdheAeadOnly() {
        SSLParameters p = CipherSuites.parameters("p", List.of(), TlsProxyRules.supported());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, p.getProtocols());
        List<String> suites = Arrays.asList(p.getCipherSuites());
        assertTrue(suites.contains("TLS_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), suites.toString());
        for (String s : suites) {
            assertTrue(s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_") || s.startsWith("TLS_ECDHE_"), s);
            assertTrue(s.contains("GCM") || s.contains("CHACHA20_POLY1305"), s);
        }
    }

    @Test
    void seedOnlyListsEnableTls12OnlyAndNeverOlder() {
        SSLParameters p = CipherSuites.parameters("p", List.of("aes128-sha1", "3des-sha1"), TlsProxyRules.supported());
        assertArrayEquals(new String[] {"TLSv1.2"}, p.getProtocols());
        // the runtime does not offer 3DES: only what it supports is enabled
        assertArrayEquals(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"}, p.getCipherSuites());
        SSLParameters t13 = CipherSuites.parameters("p", List.of("aes256-gcm-sha384"), TlsProxyRules.supported());
        assertArrayEquals(new String[] {"TLSv1.3"}, t13.getProtocols());
        for (String name : CipherSuites.names()) {
            try {
                SSLParameters any = CipherSuites.parameters("p", List.of(name), TlsProxyRules.supported());
                assertFalse(Arrays.asList(any.getProtocols()).contains("TLSv1.1"));
                assertFalse(Arrays.asList(any.getProtocols()).contains("TLSv1"));
            } catch (ValidationException e) {
                assertTrue(List.of("des-sha1", "3des-sha1", "null-sha1").contains(name), name);
            }
        }
    }

    @Test
    void k8CapsTlsSessionsAt1000AndSrtpAt250() {
        LicenceTerms k8 = LicenceTerms.parse(Map.of("export.class", "k8", "platform.limit", "4500"));
        assertEquals(1000, k8.cap());
        assertEquals(1000, k8.effectiveMaximum(OptionalInt.empty()));
        assertEquals(1000, k8.effectiveMaximum(OptionalInt.of(3000)));
        assertEquals(200, k8.effectiveMaximum(OptionalInt.of(200)));
        assertEquals(new Licence(true, ExportClass.K8, 4500, 1000, 250), k8.licence(OptionalInt.of(3000)));
        assertEquals("ERROR: srtp.limit 300 out of range 0-250",
                assertThrows(ValidationException.class, () -> LicenceTerms.parse(Map.of("srtp.limit", "300")))
                        .getMessage());
        // a small platform below the K8 cap
        LicenceTerms small = LicenceTerms.parse(Map.of("platform.limit", "80", "platform.default.sessions", "10"));
        assertEquals(80, small.cap());
        assertEquals(10, small.effectiveMaximum(OptionalInt.empty()));
    }

    @Test
    void k9AllowsThePlatformLimitAndNoSrtpLimit() {
        LicenceTerms k9 = LicenceTerms.parse(Map.of("export.class", "K9", "platform.limit", 13000,
                "platform.default.sessions", 4000));
        assertEquals(13000, k9.cap());
        assertEquals(4000, k9.effectiveMaximum(OptionalInt.empty()));
        assertEquals(13000, k9.effectiveMaximum(OptionalInt.of(13000)));
        assertEquals(Integer.MAX_VALUE, k9.srtpLimit());
    }

    @Test
    void withoutTheImeLicenceNothingIsAdmitted() {
        LicenceTerms none = LicenceTerms.parse(Map.of("ime", "false"));
        assertEquals(0, none.effectiveMaximum(OptionalInt.of(500)));
        assertFalse(none.licence(OptionalInt.empty()).imeLicensed());
        assertEquals("ERROR: ime yes must be true or false",
                assertThrows(ValidationException.class, () -> LicenceTerms.parse(Map.of("ime", "yes"))).getMessage());
        assertEquals("ERROR: export.class K7 must be one of k8, k9",
                assertThrows(ValidationException.class, () -> LicenceTerms.parse(Map.of("export.class", "K7")))
                        .getMessage());
    }

    @Test
    void defaultsAreTheDocumentedProfile() {
        LicenceTerms d = LicenceTerms.parse(Map.of());
        assertEquals(LicenceTerms.DEFAULT, d);
        assertEquals(new Licence(true, ExportClass.K8, 4500, 1000, 250), d.licence(OptionalInt.empty()));
    }
}
