package org.imegate.sip.config;

import java.util.Locale;
import org.imegate.api.validation.Validate;

/** {@code trunk-security-mode}: TCP toward the call agent, or TLS. */
public enum TrunkSecurityMode {
    NONSECURE, SECURE;

    /** Accepts both seed spellings, {@code nonsecure} and {@code non-secure} (ERR: S1 text vs syntax). */
    public static TrunkSecurityMode parse(String word) {
        String w = Validate.required("trunk-security-mode", word).trim().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "nonsecure", "non-secure" -> NONSECURE;
            case "secure" -> SECURE;
            default -> throw Validate.fail("trunk-security-mode", word, "must be nonsecure (or non-secure) or secure");
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
