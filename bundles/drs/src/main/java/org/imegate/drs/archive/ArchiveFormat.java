package org.imegate.drs.archive;

import java.util.regex.Pattern;

/**
 * The backup archive, version 1. One file per backup, {@code <tarfile>.tar.gz} where {@code <tarfile>} is
 * {@code yyyy-mm-dd-hh-mm-ss} (the appliance's local time when the backup started).
 *
 * <pre>
 * gzip (RFC 1952; stored blocks, the payload is already compressed and encrypted)
 *  └ POSIX tar (pax headers where needed)
 *     1. MANIFEST                 UTF-8 text, "key=value" lines (below)
 *     2. MANIFEST.hmac            hex HMAC-SHA-256(K_mac, bytes of MANIFEST) and a newline
 *     3. components/&lt;name&gt;.enc   one per component, in the order of "components": the component's
 *                                 payload encrypted with AES-256-GCM in segments (below)
 * </pre>
 *
 * <b>MANIFEST keys</b>: {@code format=imegate-drs-archive/1}, {@code product=imegate}, {@code version} (the
 * product version, compared end to end at restore), {@code feature=IME}, {@code created} (ISO-8601 UTC),
 * {@code server} (host name of the appliance backed up), {@code tarfile}, {@code kdf=PBKDF2WithHmacSHA256},
 * {@code kdf.iterations}, {@code kdf.salt} (base64, 16 random bytes), {@code key.check} (hex, 16 bytes),
 * {@code cipher=AES-256-GCM}, {@code cipher.segment} (plaintext bytes per segment), {@code components}
 * (comma-separated names) and per component {@code component.<name>.description}, {@code .entries} (count),
 * {@code .size} (payload bytes), {@code .sha256} (hex SHA-256 of the payload), {@code .nonce} (base64, 7 random
 * bytes) and {@code .store-paths} (comma-separated paths of the appliance store the component claims).
 *
 * <p><b>Keys</b>: {@code PRK = PBKDF2-HMAC-SHA-256(UTF-8(security password), kdf.salt, kdf.iterations, 32 bytes)};
 * {@code K_enc}, {@code K_mac} = HKDF-Expand-SHA-256 (RFC 5869) of PRK with info
 * {@code "imegate-drs-archive/1 encryption"} and {@code "imegate-drs-archive/1 manifest"}, 32 bytes each;
 * {@code key.check} = HKDF-Expand of PRK with info {@code "imegate-drs-archive/1 key check"}, 16 bytes (it tells
 * a wrong password from an altered archive).
 *
 * <p><b>Payload</b> of a component: a gzip-compressed POSIX tar of the entries the component wrote, in order.
 *
 * <p><b>Encryption</b> of a payload (a segmented AEAD in the manner of the STREAM construction): the payload is
 * cut into segments of {@code cipher.segment} bytes, the last one holding the rest (1 to {@code cipher.segment}
 * bytes; an empty payload is one empty segment); segment {@code i} is
 * sealed with AES-256-GCM under {@code K_enc}, 96-bit nonce = {@code nonce (7 bytes) || i (4 bytes, big-endian)
 * || last (1 byte, 1 for the last segment, else 0)}, associated data = UTF-8 of
 * {@code "imegate-drs-archive/1|" + tarfile + "|" + name}, 128-bit tag appended. A segment that is altered,
 * reordered, moved to another component or archive, or cut off at the end fails authentication.
 */
public final class ArchiveFormat {
    public static final String FORMAT = "imegate-drs-archive/1";
    public static final String PRODUCT = "imegate";
    public static final String FEATURE = "IME";
    public static final String MANIFEST = "MANIFEST";
    public static final String MANIFEST_HMAC = "MANIFEST.hmac";
    public static final String COMPONENT_DIR = "components/";
    public static final String COMPONENT_SUFFIX = ".enc";
    public static final String EXTENSION = ".tar.gz";
    /** A backup being written; renamed to {@link #EXTENSION} only when complete. */
    public static final String PARTIAL_EXTENSION = ".tar.gz.part";
    public static final String KDF = "PBKDF2WithHmacSHA256";
    public static final String CIPHER = "AES-256-GCM";
    /** Iterations of PBKDF2 for new archives (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). */
    public static final int KDF_ITERATIONS = 600_000;
    /** Bounds accepted when reading, so that a forged manifest cannot make a restore spin for hours. */
    public static final int KDF_ITERATIONS_MIN = 100_000;
    public static final int KDF_ITERATIONS_MAX = 10_000_000;
    public static final int SEGMENT = 256 * 1024;
    /** {@code yyyy-mm-dd-hh-mm-ss}, the name of a backup without extension. */
    public static final Pattern TARFILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}");
    /** The largest manifest accepted (a few hundred bytes per component). */
    public static final int MANIFEST_MAX = 1 << 20;

    private ArchiveFormat() {
    }

    /** The associated data of component {@code name} in archive {@code tarfile}. */
    public static byte[] associatedData(String tarfile, String name) {
        return (FORMAT + "|" + tarfile + "|" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The tar entry of a component's encrypted payload. */
    public static String componentEntry(String name) {
        return COMPONENT_DIR + name + COMPONENT_SUFFIX;
    }
}
