package org.imegate.ime.validator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.ime.store.migration.V2__CalledKey;

/**
 * What the two IME servers of a PSTN call derive from their own VCRs for the validation (catalogue
 * UND-08, after the PVP idea: SRP-TLS, RFC 5054, with a password both sides know from the call).
 *
 * <p>The originating side discloses, in the SRP identity, only what lets the terminating side find its
 * VCR: the called number's ring key (already public in the ring), the start time rounded down to the
 * tolerance window, the method and, for method 12, a salted tag of the calling number. The SRP
 * password is derived from what is not disclosed: the call's duration rounded to the window and, for
 * method 12, the calling number itself. The TLS handshake succeeds only when both sides hold the same
 * values; neither learns the other's otherwise.
 *
 * <p>Methods (the bucket values of the seed, UND-07): {@value #TIME} proves the call's times;
 * {@value #CALLER} also proves the calling number.
 */
public final class PvpSecret {
    /** Validation method: the time window of the call. */
    public static final int TIME = 8;
    /** Validation method: the time window and the calling number. */
    public static final int CALLER = 12;
    static final String VERSION = "v1";

    /** The parsed SRP identity. */
    public record Identity(String calledKey, int method, long startBucket, String nonce, String callingTag) {
    }

    private PvpSecret() {
    }

    static long window(Duration tolerance) {
        return Math.max(1000, tolerance.toMillis());
    }

    /** {@code floor(start / window)}. */
    public static long startBucket(Instant start, Duration tolerance) {
        return Math.floorDiv(start.toEpochMilli(), window(tolerance));
    }

    /** The duration rounded to the nearest window count. */
    public static long durationBucket(VoiceCallRecord v, Duration tolerance) {
        long d = Duration.between(v.start(), v.stop()).toMillis();
        long w = window(tolerance);
        return Math.floorDiv(d + w / 2, w);
    }

    /**
     * The duration buckets the originator tries, most likely first: the nearest and, when the duration
     * lies within a quarter window of a rounding boundary, the neighbour across it.
     */
    public static List<Long> durationBuckets(VoiceCallRecord v, Duration tolerance) {
        long d = Duration.between(v.start(), v.stop()).toMillis();
        long w = window(tolerance);
        long nearest = Math.floorDiv(d + w / 2, w);
        long frac = Math.floorMod(d, w);
        if (Math.abs(frac - w / 2) <= w / 4) {
            return List.of(nearest, frac < w / 2 ? nearest + 1 : nearest - 1);
        }
        return List.of(nearest);
    }

    /** The identity an originator sends for its VCR {@code v}. */
    public static byte[] identity(VoiceCallRecord v, int method, Duration tolerance, byte[] nonce) {
        StringBuilder b = new StringBuilder(VERSION).append(':').append(V2__CalledKey.calledKey(v.calledNumber()))
                .append(':').append(method).append(':').append(startBucket(v.start(), tolerance));
        if (method == CALLER) {
            String n = HexFormat.of().formatHex(nonce);
            b.append(':').append(n).append(':').append(tag(nonce, v.callingNumber()));
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses an identity; empty when it is not one. */
    public static Optional<Identity> parse(byte[] identity) {
        if (identity == null || identity.length > 200) {
            return Optional.empty();
        }
        String[] f = new String(identity, StandardCharsets.US_ASCII).split(":", -1);
        try {
            if (f.length < 4 || !VERSION.equals(f[0]) || f[1].length() != 32 || !f[1].matches("[0-9a-f]{32}")) {
                return Optional.empty();
            }
            int method = Integer.parseInt(f[2]);
            long bucket = Long.parseLong(f[3]);
            if (method == TIME && f.length == 4) {
                return Optional.of(new Identity(f[1], method, bucket, "", ""));
            }
            if (method == CALLER && f.length == 6 && f[4].matches("[0-9a-f]{32}") && f[5].matches("[0-9a-f]{16}")) {
                return Optional.of(new Identity(f[1], method, bucket, f[4], f[5]));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The calling-number tag: 64 bits of HMAC-SHA-256 keyed with the nonce. */
    public static String tag(byte[] nonce, String calling) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(nonce, "HmacSHA256"));
            byte[] t = mac.doFinal(calling.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(t, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SRP password: SHA-256 of the called number, the calling number (method 12) and the duration bucket. */
    public static byte[] password(String called, String calling, int method, long durationBucket) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(("imegate-pvp-" + VERSION + "|" + called + "|" + (method == CALLER ? calling : "") + "|"
                    + method + "|" + durationBucket).getBytes(StandardCharsets.US_ASCII));
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
