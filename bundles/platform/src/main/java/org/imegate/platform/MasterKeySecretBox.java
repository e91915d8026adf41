package org.imegate.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.imegate.api.secret.ApplianceStore;
import org.imegate.api.secret.SecretBox;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals secrets with AES-256-GCM under the appliance's master key. The master key is 32 random bytes
 * generated on first start into {@code <store>/platform/master.key} (owner read/write only); it is
 * not a password and is never printed. A sealed value is
 * {@code ENC(base64(version 1 || 12-byte nonce || ciphertext+tag))}; the version byte is bound to the
 * ciphertext as associated data, so a value cannot be moved between formats.
 */
@Component(service = SecretBox.class)
public final class MasterKeySecretBox implements SecretBox {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeySecretBox.class);
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    static final String KEY_FILE = "master.key";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public MasterKeySecretBox(@Reference ApplianceStore store) {
        this(store.directory("platform").resolve(KEY_FILE));
    }

    public MasterKeySecretBox(Path keyFile) {
        this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
    }

    private static byte[] loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.createDirectories(keyFile.getParent());
                    if (Files.getFileAttributeView(keyFile.getParent(),
                            java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(keyFile);
                    }
                    Files.write(keyFile, Base64.getEncoder().encode(fresh), StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.SYNC);
                    LOG.info("generated a new master key in {}", keyFile);
                    return fresh;
                } catch (FileAlreadyExistsException raced) {
                    // another instance created it first: read theirs
                }
            }
            byte[] raw = Base64.getDecoder().decode(new String(Files.readAllBytes(keyFile),
                    StandardCharsets.US_ASCII).trim());
            if (raw.length != 32) {
                throw new IllegalStateException("master key " + keyFile + " is damaged: " + raw.length
                        + " bytes instead of 32");
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + keyFile, e);
        }
    }

    @Override
    public String seal(byte[] secret) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(new byte[] {VERSION});
            byte[] ct = c.doFinal(secret);
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE + ct.length);
            out.put(VERSION).put(nonce).put(ct);
            return "ENC(" + Base64.getEncoder().encodeToString(out.array()) + ")";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public byte[] open(String sealed) {
        if (!SecretBox.isSealed(sealed)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        final byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(4, sealed.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed value is not valid base64", e);
        }
        if (raw.length < 1 + NONCE + TAG_BITS / 8 || raw[0] != VERSION) {
            throw new IllegalArgumentException("sealed value has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE));
            c.updateAAD(new byte[] {VERSION});
            return c.doFinal(Arrays.copyOfRange(raw, 1 + NONCE, raw.length));
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed value was altered or sealed under another master key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
