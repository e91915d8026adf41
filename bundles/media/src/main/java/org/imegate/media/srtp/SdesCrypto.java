package org.imegate.media.srtp;

import org.imegate.api.validation.Validate;

/**
 * The SDP Security Descriptions attribute {@code a=crypto:<tag> <crypto-suite> <key-params>}
 * (RFC 4568 §4, §9.1) with one inline key parameter and no session parameters. The AES-GCM suites are
 * named {@code AEAD_AES_128_GCM} and {@code AEAD_AES_256_GCM}, their inline key being
 * {@code base64(key || salt)} of 28 or 44 bytes (RFC 7714 §14.1).
 *
 * @param tag the attribute's tag, 1 to 999999999
 */
record SdesCrypto(int tag, SrtpSuite suite, SrtpKeys keys) {

    private static final String PREFIX = "a=crypto:";

    SdesCrypto {
        if (!keys.fits(suite)) {
            throw new IllegalArgumentException("the key does not fit " + suite);
        }
    }

    /** Parses {@code [a=crypto:]<tag> <suite> inline:...}; an unknown suite or a malformed key is refused. */
    static SdesCrypto parse(String attribute) {
        String a = Validate.required("crypto", attribute).trim();
        if (a.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            a = a.substring(PREFIX.length());
        }
        String[] f = a.split("[ \t]+");
        if (f.length < 3) {
            throw Validate.fail("crypto", f[0], "needs a tag, a crypto suite and key parameters");
        }
        if (f.length > 3) {
            throw Validate.fail("session-params", f[3], "not supported");
        }
        int tag = Validate.parseInt("tag", f[0], 1, 999_999_999);
        SrtpSuite suite = SrtpSuite.byName(f[1]);
        if (suite == null) {
            throw Validate.fail("crypto-suite", f[1], "not supported");
        }
        if (f[2].indexOf(';') >= 0) {
            throw Validate.fail("key-params", "*****", "more than one key not supported");
        }
        return new SdesCrypto(tag, suite, SrtpKeys.parseInline(suite, f[2]));
    }

    /** The attribute value, without {@code a=crypto:}. */
    String format() {
        return tag + " " + suite.name() + " " + keys.formatInline();
    }
}
