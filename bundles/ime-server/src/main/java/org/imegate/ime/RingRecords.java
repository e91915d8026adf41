package org.imegate.ime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.imegate.ime.vap.VapAttr;

/**
 * What the IME server stores in the ring for a published number (draft-jennings-vipr-vap-02 §9.4.2):
 * three Resource-IDs, the least significant 128 bits of SHA-1 of the number, of "COPY1" + number and
 * of "COPY2" + number; dictionary key {@code <peerID hex>+<VServiceID hex>}; value a sequence of VAP
 * TLVs: peerID (0x2008) and, as a project extension, the validator address (0x8001). The value is
 * sealed with AES-256-GCM under a key derived from the number (HKDF-SHA-256), so that a storing node,
 * which sees only hashes, cannot read it while anyone who knows the number can (catalogue UND-11).
 */
public final class RingRecords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SALT = "imegate-ring-value".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;

    /** A decoded value: the publishing server's peer ID and where its validator listens. */
    public record Record(byte[] peerId, String validatorAddress) {
    }

    private RingRecords() {
    }

    /** The three Resource-IDs of {@code number}: the number, "COPY1"+number, "COPY2"+number. */
    public static List<byte[]> resourceIds(String number) {
        return List.of(resourceId(number), resourceId("COPY1" + number), resourceId("COPY2" + number));
    }

    /** Least significant 128 bits of SHA-1 of {@code seed} (ASCII). */
    public static byte[] resourceId(String seed) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOfRange(h, h.length - 16, h.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <peerID hex>+<VServiceID hex>}. */
    public static String key(byte[] peerId, long vserviceId) {
        return HexFormat.of().formatHex(peerId) + "+" + HexFormat.of().toHexDigits(vserviceId);
    }

    /** The VServiceID of a dictionary key, empty when the key is not of that form. */
    public static Optional<Long> vserviceId(String key) {
        int plus = key.indexOf('+');
        if (plus < 0 || key.length() - plus - 1 != 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseUnsignedLong(key.substring(plus + 1), 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The sealed value for {@code number}. */
    public static byte[] seal(String number, byte[] peerId, String validatorAddress) {
        byte[] addr = validatorAddress.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer tlv = ByteBuffer.allocate(4 + 16 + 4 + ((addr.length + 3) & ~3));
        tlv.putShort((short) VapAttr.PEER_ID).putShort((short) 16).put(peerId);
        tlv.putShort((short) VapAttr.VALIDATOR_ADDRESS).putShort((short) addr.length).put(addr);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(number), "AES"), new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(tlv.array());
            return ByteBuffer.allocate(1 + 12 + ct.length).put(VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a value stored for {@code number}; empty when it is not one (another key, altered, unknown version). */
    public static Optional<Record> open(String number, byte[] sealed) {
        if (sealed.length < 1 + 12 + 16 || sealed[0] != VERSION) {
            return Optional.empty();
        }
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(number), "AES"),
                    new GCMParameterSpec(128, sealed, 1, 12));
            plain = c.doFinal(sealed, 13, sealed.length - 13);
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        byte[] peer = null;
        String address = null;
        while (b.remaining() >= 4) {
            int type = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            int padded = (len + 3) & ~3;
            if (padded > b.remaining()) {
                return Optional.empty();
            }
            byte[] v = new byte[len];
            b.get(v);
            b.position(b.position() + padded - len);
            if (type == VapAttr.PEER_ID && peer == null && len == 16) {
                peer = v;
            } else if (type == VapAttr.VALIDATOR_ADDRESS && address == null) {
                address = new String(v, StandardCharsets.US_ASCII);
            }
        }
        return peer == null || address == null ? Optional.empty() : Optional.of(new Record(peer, address));
    }

    private static byte[] key(String number) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
        byte[] prk = mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("ring value v1".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        return mac.doFinal();
    }
}
