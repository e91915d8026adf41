package org.imegate.tls.proxy;

import java.util.Map;
import java.util.OptionalInt;
import org.imegate.api.tlsproxy.Licence;
import org.imegate.api.tlsproxy.Licence.ExportClass;
import org.imegate.api.validation.Validate;

/**
 * The licence descriptor of PID {@code org.imegate.licence} (catalogue TLS-50..56, UND-18) and the
 * session arithmetic it implies.
 *
 * <p>The default platform profile is the ASA 5540 row of the seed's table (S3 L112-163): 1000 TLS proxy
 * sessions by default, 4500 at most. A K8 licence caps TLS proxy sessions at 1000 and SRTP sessions at
 * 250; K9 allows the platform limit and does not limit SRTP.
 *
 * @param imeLicensed      the Intercompany Media Engine licence is installed; without it nothing is admitted
 * @param exportClass      K8 or K9
 * @param platformLimit    the platform's largest TLS proxy session limit
 * @param defaultSessions  the limit in force when {@code maximum-sessions} is not configured
 * @param srtpLimit        SRTP sessions allowed ({@link Integer#MAX_VALUE}: no limit)
 */
public record LicenceTerms(boolean imeLicensed, ExportClass exportClass, int platformLimit, int defaultSessions,
        int srtpLimit) {

    public static final String IME = "ime";
    public static final String EXPORT_CLASS = "export.class";
    public static final String PLATFORM_LIMIT = "platform.limit";
    public static final String DEFAULT_SESSIONS = "platform.default.sessions";
    public static final String SRTP_LIMIT = "srtp.limit";

    /** K8 (export-unrestricted) TLS proxy session cap (TLS-53). */
    public static final int K8_TLS_SESSIONS = 1000;
    /** K8 SRTP session cap (TLS-54). */
    public static final int K8_SRTP_SESSIONS = 250;
    /** ASA 5540 profile: maximum TLS proxy sessions. */
    public static final int DEFAULT_PLATFORM_LIMIT = 4500;
    /** ASA 5540 profile: default TLS proxy sessions. */
    public static final int DEFAULT_PLATFORM_SESSIONS = 1000;
    /** Largest platform limit accepted (ASA 5580: 13,000 sessions). */
    public static final int MAX_PLATFORM_LIMIT = 13_000;

    /** Terms without a configuration: IME licensed, K8, ASA 5540 profile. */
    public static final LicenceTerms DEFAULT = new LicenceTerms(true, ExportClass.K8, DEFAULT_PLATFORM_LIMIT,
            DEFAULT_PLATFORM_SESSIONS, K8_SRTP_SESSIONS);

    /** The largest {@code maximum-sessions} the licence and platform allow. */
    public int cap() {
        return exportClass == ExportClass.K8 ? Math.min(K8_TLS_SESSIONS, platformLimit) : platformLimit;
    }

    /** The limit in force: the configured value or the platform default, at most {@link #cap()}; 0 without IME. */
    public int effectiveMaximum(OptionalInt configured) {
        if (!imeLicensed) {
            return 0;
        }
        return Math.min(configured.orElse(defaultSessions), cap());
    }

    public Licence licence(OptionalInt configured) {
        return new Licence(imeLicensed, exportClass, platformLimit, effectiveMaximum(configured), srtpLimit);
    }

    /** Reads and validates the descriptor; absent keys take the defaults above. */
    public static LicenceTerms parse(Map<String, ?> p) {
        boolean ime = bool(IME, p.get(IME), DEFAULT.imeLicensed());
        ExportClass exportClass = p.get(EXPORT_CLASS) == null ? DEFAULT.exportClass()
                : Validate.oneOf(EXPORT_CLASS, String.valueOf(p.get(EXPORT_CLASS)), ExportClass.class);
        int platform = integer(PLATFORM_LIMIT, p.get(PLATFORM_LIMIT), DEFAULT_PLATFORM_LIMIT, 1, MAX_PLATFORM_LIMIT);
        int defaults = integer(DEFAULT_SESSIONS, p.get(DEFAULT_SESSIONS), Math.min(DEFAULT_PLATFORM_SESSIONS, platform),
                1, platform);
        int srtp = exportClass == ExportClass.K8
                ? integer(SRTP_LIMIT, p.get(SRTP_LIMIT), K8_SRTP_SESSIONS, 0, K8_SRTP_SESSIONS)
                : integer(SRTP_LIMIT, p.get(SRTP_LIMIT), Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        return new LicenceTerms(ime, exportClass, platform, defaults, srtp);
    }

    private static boolean bool(String key, Object value, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(value).trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw Validate.fail(key, s, "must be true or false");
    }

    private static int integer(String key, Object value, int absent, int min, int max) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Number n) {
            return (int) Validate.range(key, n.longValue(), min, max);
        }
        return Validate.parseInt(key, String.valueOf(value), min, max);
    }
}
