package org.imegate.media.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.imegate.api.validation.Validate;

/**
 * An SRTP master key and master salt with the optional key lifetime and MKI of the SDES key
 * parameter, and the session keys derived from them. The lengths are those of a {@link SrtpSuite}:
 * a 16-byte key and a 14-byte salt for AES-CM, a 16-byte or 32-byte key and a 12-byte salt for AES-GCM.
 *
 * <ul>
 *   <li>Key derivation, RFC 3711 §4.3.1–§4.3.3 with a key derivation rate of 0: for each label,
 *       {@code x = (label || r) XOR master_salt} with {@code r = 0}, and the session key is the AES-CM
 *       keystream (§4.1.1) under the master key with {@code IV = x * 2^16}. Labels 0x00/0x01/0x02 give
 *       the SRTP encryption key, authentication key and salt, 0x03/0x04/0x05 the SRTCP ones. For AES-GCM
 *       (RFC 7714 §11) the PRF is AES-CM with the master key's size (AES-256 for AEAD_AES_256_GCM), the
 *       96-bit master salt takes the first 12 bytes of the 112-bit {@code x} (zero padded on the right,
 *       as libsrtp does), no authentication key is derived and the session salt is 12 bytes.</li>
 *   <li>The SDES key parameter, RFC 4568 §6.1 and §9.2:
 *       {@code inline:<base64(key||salt)>[|<lifetime>][|<MKI value>:<MKI length>]}, where the lifetime
 *       is {@code 2^n} or a decimal number of packets.</li>
 * </ul>
 *
 * The key material never appears in {@link #toString()} nor in validation messages.
 */
final class SrtpKeys {

    /** HMAC-SHA1 session authentication key length of the AES-CM suites (RFC 3711 §4.2.1). */
    static final int AUTH_KEY_LENGTH = 20;
    /** Length of {@code x} in the key derivation, 112 bits (RFC 3711 §4.3.1). */
    private static final int KEY_ID_SPAN = 14;

    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    /** Largest key lifetime for SRTP, in packets (RFC 3711 §9.2). */
    static final long MAX_LIFETIME = 1L << 48;
    /** Largest MKI length in bytes (RFC 4568 §6.1). */
    static final int MAX_MKI_LENGTH = 128;

    private static final String INLINE = "inline:";
    private static final String HIDDEN = "*****";

    /** The session keys of one of SRTP or SRTCP (RFC 3711 §4.3.1). */
    record SessionKeys(byte[] encryptionKey, byte[] authKey, byte[] salt) {
        @Override
        public String toString() {
            return "SessionKeys[" + HIDDEN + "]";
        }
    }

    private final byte[] masterKey;
    private final byte[] masterSalt;
    private final long lifetime;
    private final long mkiValue;
    private final int mkiLength;

    /**
     * @param lifetime key lifetime in packets, 0 when not signalled
     * @param mkiValue MKI value, ignored when {@code mkiLength} is 0
     * @param mkiLength MKI length in bytes, 0 for no MKI in the packets
     */
    SrtpKeys(byte[] masterKey, byte[] masterSalt, long lifetime, long mkiValue, int mkiLength) {
        if (!fitsAnySuite(masterKey.length, masterSalt.length)) {
            throw Validate.fail("inline", HIDDEN, "must hold the master key and master salt of a supported suite,"
                    + " not " + masterKey.length + " and " + masterSalt.length + " bytes");
        }
        Validate.range("lifetime", lifetime, 0, MAX_LIFETIME);
        Validate.range("MKI length", mkiLength, 0, MAX_MKI_LENGTH);
        if (mkiLength > 0 && (mkiValue < 0 || mkiLength < 8 && mkiValue >= 1L << (8 * mkiLength))) {
            throw Validate.fail("MKI", mkiValue + ":" + mkiLength, "value does not fit its length");
        }
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
        this.lifetime = lifetime;
        this.mkiValue = mkiLength == 0 ? 0 : mkiValue;
        this.mkiLength = mkiLength;
    }

    SrtpKeys(byte[] masterKey, byte[] masterSalt) {
        this(masterKey, masterSalt, 0, 0, 0);
    }

    private static boolean fitsAnySuite(int keyLength, int saltLength) {
        for (SrtpSuite s : SrtpSuite.values()) {
            if (s.keyLength() == keyLength && s.saltLength() == saltLength) {
                return true;
            }
        }
        return false;
    }

    /** Whether the master key and salt have the lengths {@code suite} takes. */
    boolean fits(SrtpSuite suite) {
        return masterKey.length == suite.keyLength() && masterSalt.length == suite.saltLength();
    }

    /** A fresh random master key and salt for {@code suite}, without lifetime or MKI. */
    static SrtpKeys generate(SrtpSuite suite, SecureRandom random) {
        byte[] key = new byte[suite.keyLength()];
        byte[] salt = new byte[suite.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpKeys(key, salt);
    }

    byte[] masterKey() {
        return masterKey.clone();
    }

    byte[] masterSalt() {
        return masterSalt.clone();
    }

    /** Key lifetime in packets, 0 when not signalled. */
    long lifetime() {
        return lifetime;
    }

    long mkiValue() {
        return mkiValue;
    }

    /** MKI length in bytes, 0 when the packets carry no MKI. */
    int mkiLength() {
        return mkiLength;
    }

    /** The MKI as carried in each packet (big-endian, {@link #mkiLength()} bytes). */
    byte[] mki() {
        byte[] m = new byte[mkiLength];
        long v = mkiValue;
        for (int i = mkiLength - 1; i >= 0 && v != 0; i--) {
            m[i] = (byte) v;
            v >>>= 8;
        }
        return m;
    }

    /**
     * The SRTP session keys of {@code suite} (labels 0x00, 0x01, 0x02); an AEAD suite has an empty
     * authentication key.
     */
    SessionKeys srtp(SrtpSuite suite) {
        return session(suite, LABEL_RTP_ENCRYPTION, LABEL_RTP_AUTH, LABEL_RTP_SALT);
    }

    /** The SRTCP session keys of {@code suite} (labels 0x03, 0x04, 0x05). */
    SessionKeys srtcp(SrtpSuite suite) {
        return session(suite, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_AUTH, LABEL_RTCP_SALT);
    }

    private SessionKeys session(SrtpSuite suite, int encryptionLabel, int authLabel, int saltLabel) {
        if (!fits(suite)) {
            throw new IllegalArgumentException(suite + " takes a " + suite.keyLength() + "-byte master key and a "
                    + suite.saltLength() + "-byte master salt");
        }
        AesCm prf = new AesCm(masterKey);
        return new SessionKeys(derive(prf, masterSalt, encryptionLabel, suite.keyLength()),
                suite.aead() ? new byte[0] : derive(prf, masterSalt, authLabel, AUTH_KEY_LENGTH),
                derive(prf, masterSalt, saltLabel, suite.saltLength()));
    }

    /** {@code length} bytes of session key for {@code label}, key derivation rate 0 (RFC 3711 §4.3.1). */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        return derive(new AesCm(masterKey), masterSalt, label, length);
    }

    private static byte[] derive(AesCm prf, byte[] masterSalt, int label, int length) {
        // key_id = label || r (48 bits, 0 with a derivation rate of 0), right-aligned on the 112-bit x; a
        // 96-bit master salt fills the first 12 bytes of x and leaves the last two 0
        byte[] iv = new byte[AesCm.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[KEY_ID_SPAN - 7] ^= (byte) label;
        return prf.keystream(iv, length);
    }

    /**
     * Parses an SDES key parameter of {@code suite}, {@code inline:<key||salt>[|lifetime][|MKI:length]}.
     *
     * @throws org.imegate.api.validation.ValidationException when it is malformed or the key and salt are
     *     not of the suite's lengths (the key is never quoted)
     */
    static SrtpKeys parseInline(SrtpSuite suite, String keyParam) {
        Validate.required("key-params", keyParam);
        String p = keyParam.trim();
        if (!p.regionMatches(true, 0, INLINE, 0, INLINE.length())) {
            throw Validate.fail("key-method", p.split(":", 2)[0], "is not inline");
        }
        String[] parts = p.substring(INLINE.length()).split("\\|", -1);
        if (parts.length > 3) {
            throw Validate.fail("inline", HIDDEN, "has more than a lifetime and an MKI after the key");
        }
        byte[] keySalt;
        try {
            keySalt = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            throw Validate.fail("inline", HIDDEN, "is not base64");
        }
        if (keySalt.length != suite.keyLength() + suite.saltLength()) {
            throw Validate.fail("inline", HIDDEN, "must hold a " + suite.keyLength() + "-byte master key and a "
                    + suite.saltLength() + "-byte master salt for " + suite + ", not " + keySalt.length + " bytes");
        }
        long lifetime = 0;
        long mkiValue = 0;
        int mkiLength = 0;
        for (int i = 1; i < parts.length; i++) {
            String s = parts[i];
            int colon = s.indexOf(':');
            if (colon >= 0) {
                if (i != parts.length - 1 || mkiLength > 0) {
                    throw Validate.fail("MKI", s, "must come last, once");
                }
                mkiLength = Validate.parseInt("MKI length", s.substring(colon + 1), 1, MAX_MKI_LENGTH);
                mkiValue = parseLong("MKI", s.substring(0, colon));
            } else {
                if (i != 1) {
                    throw Validate.fail("lifetime", s, "must come before the MKI");
                }
                lifetime = parseLifetime(s);
            }
        }
        byte[] key = Arrays.copyOfRange(keySalt, 0, suite.keyLength());
        byte[] salt = Arrays.copyOfRange(keySalt, suite.keyLength(), keySalt.length);
        Arrays.fill(keySalt, (byte) 0);
        return new SrtpKeys(key, salt, lifetime, mkiValue, mkiLength);
    }

    private static long parseLifetime(String s) {
        long v;
        if (s.startsWith("2^")) {
            int exp = Validate.parseInt("lifetime", s.substring(2), 0, 48);
            v = 1L << exp;
        } else {
            v = parseLong("lifetime", s);
        }
        if (v < 1 || v > MAX_LIFETIME) {
            throw Validate.fail("lifetime", s, "out of range 1-2^48");
        }
        return v;
    }

    private static long parseLong(String parameter, String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Validate.fail(parameter, s, "is not a decimal number");
        }
        return Long.parseLong(s);
    }

    /** The SDES key parameter, lifetime as {@code 2^n} when it is a power of two. */
    String formatInline() {
        byte[] keySalt = new byte[masterKey.length + masterSalt.length];
        System.arraycopy(masterKey, 0, keySalt, 0, masterKey.length);
        System.arraycopy(masterSalt, 0, keySalt, masterKey.length, masterSalt.length);
        StringBuilder b = new StringBuilder(INLINE).append(Base64.getEncoder().encodeToString(keySalt));
        Arrays.fill(keySalt, (byte) 0);
        if (lifetime > 0) {
            b.append('|');
            if (Long.bitCount(lifetime) == 1) {
                b.append("2^").append(Long.numberOfTrailingZeros(lifetime));
            } else {
                b.append(lifetime);
            }
        }
        if (mkiLength > 0) {
            b.append('|').append(mkiValue).append(':').append(mkiLength);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SrtpKeys[%s, lifetime %d, MKI %d:%d]", HIDDEN, lifetime, mkiValue,
                mkiLength);
    }
}
