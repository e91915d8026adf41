package org.imegate.tls.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import org.imegate.api.validation.Validate;

/**
 * The cipher names operators type ({@code ssl encryption}, {@code client cipher-suite}) and the JSSE
 * suites they stand for (catalogue UND-17). The seed names map to the RSA key-transport suites of
 * RFC 5246; the modern names to the ECDHE AEAD suites of TLS 1.2 (RFC 5289, RFC 7905) and to the
 * TLS 1.3 suites (RFC 8446). TLS 1.0 and 1.1 are never enabled (RFC 8996).
 */
public final class CipherSuites {

    public static final String TLS13 = "TLSv1.3";
    public static final String TLS12 = "TLSv1.2";

    /** Name to JSSE suites, in the order names are listed to the operator. */
    private static final Map<String, List<String>> SUITES = new LinkedHashMap<>();
    /** Names refused because they give no (NULL) or broken (DES) confidentiality, RFC 5469. */
    private static final Set<String> REFUSED = Set.of("des-sha1", "null-sha1");
    /** Names accepted with a warning (64-bit block cipher, RFC 8996 / RFC 9325 BCP 195). */
    private static final Set<String> DEPRECATED = Set.of("3des-sha1");

    static {
        // the seed's names (S1 L539-541), RFC 5246 / RFC 5469
        SUITES.put("des-sha1", List.of("TLS_RSA_WITH_DES_CBC_SHA"));
        SUITES.put("3des-sha1", List.of("TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        SUITES.put("aes128-sha1", List.of("TLS_RSA_WITH_AES_128_CBC_SHA"));
        SUITES.put("aes256-sha1", List.of("TLS_RSA_WITH_AES_256_CBC_SHA"));
        SUITES.put("null-sha1", List.of("TLS_RSA_WITH_NULL_SHA"));
        // TLS 1.2 ECDHE AEAD (RFC 5289, RFC 7905)
        SUITES.put("ecdhe-aes128-gcm-sha256",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        SUITES.put("ecdhe-aes256-gcm-sha384",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        SUITES.put("ecdhe-chacha20-poly1305",
                List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        // TLS 1.3 (RFC 8446 B.4)
        SUITES.put("aes128-gcm-sha256", List.of("TLS_AES_128_GCM_SHA256"));
        SUITES.put("aes256-gcm-sha384", List.of("TLS_AES_256_GCM_SHA384"));
        SUITES.put("chacha20-poly1305", List.of("TLS_CHACHA20_POLY1305_SHA256"));
    }

    /** What is enabled when neither {@code ssl encryption} nor {@code client cipher-suite} is set. */
    public static final List<String> DEFAULT_NAMES = List.of("aes128-gcm-sha256", "aes256-gcm-sha384",
            "chacha20-poly1305", "ecdhe-aes128-gcm-sha256", "ecdhe-aes256-gcm-sha384", "ecdhe-chacha20-poly1305");

    private CipherSuites() {
    }

    /** Every name an operator may type, seed names first. */
    public static List<String> names() {
        return List.copyOf(SUITES.keySet());
    }

    /** The JSSE suites of one name; an unknown name is refused. */
    public static List<String> jsse(String parameter, String name) {
        List<String> suites = SUITES.get(name == null ? null : name.toLowerCase(Locale.ROOT));
        if (suites == null) {
            throw Validate.fail(parameter, name, "is not a cipher suite (expected one of " + String.join(", ", names())
                    + ")");
        }
        return suites;
    }

    static boolean refused(String name) {
        return REFUSED.contains(name);
    }

    static boolean deprecated(String name) {
        return DEPRECATED.contains(name);
    }

    /** Whether a JSSE suite is a TLS 1.3 one (TLS 1.3 suites name no key exchange). */
    static boolean tls13(String jsseSuite) {
        return !jsseSuite.contains("_WITH_");
    }

    /**
     * The protocols and suites for a list of names (empty: the defaults), restricted to what the runtime
     * supports. TLS 1.3 is enabled when a TLS 1.3 suite is, TLS 1.2 when a TLS 1.2 suite is.
     *
     * @param parameter  named in the refusal when nothing of the list is available
     * @param names      cipher names, already validated
     * @param supported  the runtime's supported suites
     */
    public static SSLParameters parameters(String parameter, List<String> names, String[] supported) {
        List<String> effective = names.isEmpty() ? DEFAULT_NAMES : names;
        Set<String> available = new LinkedHashSet<>(Arrays.asList(supported));
        List<String> suites = new ArrayList<>();
        for (String name : effective) {
            for (String s : jsse(parameter, name)) {
                if (available.contains(s) && !suites.contains(s)) {
                    suites.add(s);
                }
            }
        }
        if (suites.isEmpty()) {
            throw Validate.fail(parameter, String.join(" ", effective),
                    "leaves no cipher suite this Java runtime can use (it disables 3DES, DES and NULL suites)");
        }
        List<String> protocols = new ArrayList<>();
        if (suites.stream().anyMatch(CipherSuites::tls13)) {
            protocols.add(TLS13);
        }
        if (suites.stream().anyMatch(s -> !tls13(s))) {
            protocols.add(TLS12);
        }
        SSLParameters p = new SSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setCipherSuites(suites.toArray(new String[0]));
        p.setUseCipherSuitesOrder(true);
        return p;
    }
}
