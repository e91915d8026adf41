package org.imegate.drs.archive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The keys of one archive, derived from the DRS security password ({@link ArchiveFormat}). */
public final class ArchiveKeys {
    private final SecretKey encryption;
    private final SecretKey manifest;
    private final byte[] check;

    private ArchiveKeys(SecretKey encryption, SecretKey manifest, byte[] check) {
        this.encryption = encryption;
        this.manifest = manifest;
        this.check = check;
    }

    /** PBKDF2-HMAC-SHA-256 of the password, then HKDF-Expand for each key. */
    public static ArchiveKeys derive(char[] password, byte[] salt, int iterations) {
        byte[] prk = null;
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                prk = SecretKeyFactory.getInstance(ArchiveFormat.KDF).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
            return new ArchiveKeys(
                    new SecretKeySpec(expand(prk, ArchiveFormat.FORMAT + " encryption", 32), "AES"),
                    new SecretKeySpec(expand(prk, ArchiveFormat.FORMAT + " manifest", 32), "HmacSHA256"),
                    expand(prk, ArchiveFormat.FORMAT + " key check", 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ArchiveFormat.KDF + " is not available", e);
        } finally {
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
        }
    }

    /** HKDF-Expand (RFC 5869 §2.3) with HMAC-SHA-256. */
    static byte[] expand(byte[] prk, String info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    public SecretKey encryption() {
        return encryption;
    }

    /** The hex key-check value written in the manifest. */
    public String check() {
        return HexFormat.of().formatHex(check);
    }

    /** Whether {@code hex} is this password's key-check value (constant time). */
    public boolean checks(String hex) {
        try {
            return MessageDigest.isEqual(check, HexFormat.of().parseHex(hex == null ? "" : hex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The hex HMAC-SHA-256 of the manifest bytes. */
    public String mac(byte[] manifestBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(manifest);
            return HexFormat.of().formatHex(mac.doFinal(manifestBytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code hex} is the manifest's MAC (constant time). */
    public boolean macMatches(byte[] manifestBytes, String hex) {
        return MessageDigest.isEqual(mac(manifestBytes).getBytes(StandardCharsets.US_ASCII),
                (hex == null ? "" : hex.trim()).getBytes(StandardCharsets.US_ASCII));
    }
}
