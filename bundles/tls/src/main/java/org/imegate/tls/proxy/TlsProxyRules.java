package org.imegate.tls.proxy;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.validation.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every rule of the TLS proxy configuration, used alike by the shell, JMX and the ConfigAdmin path
 * (catalogue UND-19): instance names, trust-points, cipher lists and the session limit.
 */
public final class TlsProxyRules {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProxyRules.class);

    public static final int MAX_NAME = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    /** Instance factory configuration keys (factory PID {@code org.imegate.tls.proxy}). */
    public static final String NAME_KEY = "name";
    public static final String SERVER_TRUSTPOINT = "server.trustpoint";
    public static final String CLIENT_TRUSTPOINT = "client.trustpoint";
    public static final String CLIENT_CIPHER_SUITES = "client.cipher.suites";
    /** Global keys (PID {@code org.imegate.tls}). */
    public static final String SSL_ENCRYPTION = "ssl.encryption";
    public static final String MAXIMUM_SESSIONS = "maximum.sessions";

    private static final String[] SUPPORTED = supportedSuites();

    private TlsProxyRules() {
    }

    /** An instance name: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
    public static String name(String value) {
        return Validate.name("tls-proxy", value, MAX_NAME, NAME, "letters, digits, '_', '.' and '-'");
    }

    /**
     * A cipher list ({@code ssl encryption} or {@code client cipher-suite}): known names, each once,
     * DES and NULL refused (RFC 5469), 3DES accepted with a warning (RFC 8996, RFC 9325), and at least
     * one suite the runtime can use. Returns the names in lower case, in the given order.
     */
    public static List<String> cipherNames(String parameter, Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            CipherSuites.jsse(parameter, name);
            if (CipherSuites.refused(name)) {
                throw Validate.fail(parameter, name, "is refused: DES and NULL cipher suites do not protect the"
                        + " signalling (RFC 5469); use aes128-sha1, aes256-sha1 or an ecdhe-/TLS 1.3 suite");
            }
            if (out.contains(name)) {
                throw Validate.fail(parameter, name, "is given twice");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            return out;
        }
        CipherSuites.parameters(parameter, out, SUPPORTED);
        for (String name : out) {
            if (CipherSuites.deprecated(name)) {
                LOG.warn("{} {}: 3DES is a 64-bit block cipher deprecated for TLS (RFC 8996, RFC 9325 / BCP 195);"
                        + " this Java runtime does not negotiate it", parameter, name);
            }
        }
        return List.copyOf(out);
    }

    /** Splits a configuration value ({@code "aes128-sha1 aes256-sha1"}, commas allowed, or a String[]). */
    public static List<String> words(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).flatMap(s -> words(s).stream()).toList();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().flatMap(s -> words(s).stream()).toList();
        }
        String s = String.valueOf(value).trim();
        return s.isEmpty() ? List.of() : List.of(SEPARATORS.split(s));
    }

    /**
     * A whole instance. {@code trustpoints} looks trust-points up; when null (configuration read at
     * start, before or after the PKI changed) their existence is checked when an engine is built.
     */
    public static TlsProxyConfig instance(TlsProxyConfig c, Function<String, Optional<TrustpointInfo>> trustpoints) {
        String name = name(c.name());
        Optional<String> server = trustpoint("server trust-point", c.serverTrustpoint(), trustpoints);
        Optional<String> client = trustpoint("client trust-point", c.clientTrustpoint(), trustpoints);
        return new TlsProxyConfig(name, server, client, cipherNames("client cipher-suite", c.clientCipherSuites()));
    }

    private static Optional<String> trustpoint(String parameter, Optional<String> value,
            Function<String, Optional<TrustpointInfo>> trustpoints) {
        if (value.isEmpty()) {
            return value;
        }
        String tp = Validate.required(parameter, value.get().trim());
        if (trustpoints != null && trustpoints.apply(tp).isEmpty()) {
            throw Validate.unknown(parameter, tp);
        }
        return Optional.of(tp);
    }

    /** An instance from its factory configuration. */
    public static TlsProxyConfig fromProperties(Map<String, ?> p) {
        Object name = p.get(NAME_KEY);
        TlsProxyConfig c = new TlsProxyConfig(Validate.required(NAME_KEY, name == null ? null : name.toString()),
                text(p.get(SERVER_TRUSTPOINT)), text(p.get(CLIENT_TRUSTPOINT)), words(p.get(CLIENT_CIPHER_SUITES)));
        return instance(c, null);
    }

    private static Optional<String> text(Object value) {
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    /** {@code tls-proxy maximum-sessions <n>}: 1 up to what the licence and platform allow. */
    public static int maximumSessions(long value, LicenceTerms terms) {
        if (value < 1 || value > terms.cap()) {
            throw Validate.fail("maximum-sessions", value, "out of range " + maximumSessionsRange(terms) + " ("
                    + licenceLimit(terms) + ")");
        }
        return (int) value;
    }

    /** {@code maximum-sessions} text as typed: a number, or {@code ?} which the caller answers with the range. */
    public static int maximumSessions(String text, LicenceTerms terms) {
        Validate.required("maximum-sessions", text);
        final long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw Validate.fail("maximum-sessions", text, "is not a number (allowed " + maximumSessionsRange(terms)
                    + ", " + licenceLimit(terms) + ")");
        }
        return maximumSessions(value, terms);
    }

    public static String maximumSessionsRange(LicenceTerms terms) {
        return "1-" + terms.cap();
    }

    /** What limits {@code maximum-sessions}, in words. */
    public static String licenceLimit(LicenceTerms terms) {
        return terms.exportClass() == org.imegate.api.tlsproxy.Licence.ExportClass.K8
                ? "the K8 licence allows at most " + terms.cap() + " TLS proxy sessions"
                : "the K9 licence allows the platform limit of " + terms.cap() + " TLS proxy sessions";
    }

    /**
     * The optional {@code maximum.sessions} of the global configuration: 1 up to the platform limit (the
     * licence may cap it lower; the limit in force is then the cap, see {@link LicenceTerms#effectiveMaximum}).
     */
    public static OptionalInt maximumSessions(Object value, LicenceTerms terms) {
        if (value == null || value.toString().isBlank()) {
            return OptionalInt.empty();
        }
        int max = terms.platformLimit();
        int n = value instanceof Number number ? (int) Validate.range("maximum-sessions", number.longValue(), 1, max)
                : Validate.parseInt("maximum-sessions", value.toString(), 1, max);
        if (n > terms.cap()) {
            LOG.warn("maximum-sessions {} is above what the {} licence allows; {} applies", n, terms.exportClass(),
                    terms.cap());
        }
        return OptionalInt.of(n);
    }

    /** The suites this Java runtime supports. */
    static String[] supported() {
        return SUPPORTED.clone();
    }

    private static String[] supportedSuites() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            return context.getSupportedSSLParameters().getCipherSuites();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this Java runtime", e);
        }
    }
}
