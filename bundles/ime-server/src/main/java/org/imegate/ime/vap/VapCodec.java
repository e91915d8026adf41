package org.imegate.ime.vap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VAP wire format (draft-jennings-vipr-vap-02 §4, §10.3): the 20-byte header (two zero bits, 14-bit
 * message type with the method and class bits interleaved as STUN's, length, magic cookie
 * 0x41666679, 96-bit transaction ID) and TLV attributes padded to 32 bits. MESSAGE-INTEGRITY is an
 * HMAC-SHA1 over the message up to the attribute before it, zero-padded to a multiple of 64 bytes,
 * with the header length already counting the MESSAGE-INTEGRITY attribute; its key is
 * MD5(username ":" realm ":" password).
 */
public final class VapCodec {
    private static final int MI_LENGTH = 20;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    private static final long NTP_OFFSET = 2_208_988_800L;

    private VapCodec() {
    }

    /** The 14-bit message type of {@code method} and {@code cls}. */
    public static int messageType(int method, VapClass cls) {
        int c = cls.bits();
        return (method & 0xf) | ((c & 1) << 4) | (((method >> 4) & 0x7) << 5) | (((c >> 1) & 1) << 8)
                | ((method >> 7) << 9);
    }

    static int method(int type) {
        return (type & 0xf) | (((type >> 5) & 0x7) << 4) | ((type >> 9) << 7);
    }

    static VapClass cls(int type) {
        int c = ((type >> 4) & 1) | (((type >> 8) & 1) << 1);
        return VapClass.values()[c];
    }

    /** The total length of the message whose header starts {@code header} (20 bytes at least). */
    public static int frameLength(byte[] header) {
        return VapAttr.HEADER_LENGTH + (((header[2] & 0xff) << 8) | (header[3] & 0xff));
    }

    /**
     * Checks a header: two zero bits, the magic cookie. A failure here leaves nothing to answer.
     *
     * @throws VapFormatException without a transaction ID
     */
    public static void checkHeader(byte[] header) throws VapFormatException {
        if ((header[0] & 0xc0) != 0) {
            throw new VapFormatException("the two most significant bits are not zero", null, -1);
        }
        int cookie = ByteBuffer.wrap(header, 4, 4).getInt();
        if (cookie != VapAttr.MAGIC_COOKIE) {
            throw new VapFormatException("bad magic cookie 0x" + Integer.toHexString(cookie), null, -1);
        }
    }

    /** Parses one complete message (header and exactly the attributes its length announces). */
    public static VapMessage decode(byte[] frame) throws VapFormatException {
        if (frame.length < VapAttr.HEADER_LENGTH) {
            throw new VapFormatException("message shorter than its header", null, -1);
        }
        checkHeader(frame);
        ByteBuffer b = ByteBuffer.wrap(frame);
        int type = b.getShort() & 0x3fff;
        int length = b.getShort() & 0xffff;
        b.getInt();
        byte[] tx = new byte[12];
        b.get(tx);
        int method = method(type);
        VapClass cls = cls(type);
        if (frame.length != VapAttr.HEADER_LENGTH + length) {
            throw new VapFormatException("message length " + length + " does not match " + (frame.length - 20)
                    + " bytes", tx, method);
        }
        if (length % 4 != 0) {
            throw new VapFormatException("message length " + length + " is not a multiple of 4", tx, method);
        }
        List<VapMessage.Attribute> attributes = new ArrayList<>();
        boolean integritySeen = false;
        while (b.remaining() > 0) {
            if (b.remaining() < 4) {
                throw new VapFormatException("truncated attribute header", tx, method);
            }
            int at = b.getShort() & 0xffff;
            int al = b.getShort() & 0xffff;
            int padded = (al + 3) & ~3;
            if (padded > b.remaining()) {
                throw new VapFormatException("attribute 0x" + Integer.toHexString(at) + " of " + al
                        + " bytes overruns the message", tx, method);
            }
            if (integritySeen) {
                throw new VapFormatException("MESSAGE-INTEGRITY is not the last attribute", tx, method);
            }
            byte[] v = new byte[al];
            b.get(v);
            b.position(b.position() + padded - al);
            if (at == VapAttr.MESSAGE_INTEGRITY) {
                if (al != MI_LENGTH) {
                    throw new VapFormatException("MESSAGE-INTEGRITY must be 20 bytes", tx, method);
                }
                integritySeen = true;
            }
            attributes.add(new VapMessage.Attribute(at, v));
        }
        return new VapMessage(method, cls, tx, attributes);
    }

    /**
     * Encodes {@code m}; when {@code key} is not null a MESSAGE-INTEGRITY attribute is appended (any
     * MESSAGE-INTEGRITY already in {@code m} is dropped).
     */
    public static byte[] encode(VapMessage m, byte[] key) {
        List<VapMessage.Attribute> attrs = m.attributes().stream()
                .filter(a -> a.type() != VapAttr.MESSAGE_INTEGRITY).toList();
        int body = 0;
        for (VapMessage.Attribute a : attrs) {
            body += 4 + ((a.length() + 3) & ~3);
        }
        int total = body + (key == null ? 0 : 4 + MI_LENGTH);
        if (total > 0xffff) {
            throw new IllegalArgumentException("VAP message of " + total + " bytes exceeds 65535");
        }
        ByteBuffer b = ByteBuffer.allocate(VapAttr.HEADER_LENGTH + total);
        b.putShort((short) messageType(m.method(), m.messageClass()));
        b.putShort((short) total);
        b.putInt(VapAttr.MAGIC_COOKIE);
        b.put(m.transactionId());
        for (VapMessage.Attribute a : attrs) {
            byte[] v = a.value();
            b.putShort((short) a.type()).putShort((short) v.length).put(v);
            b.position(b.position() + (((v.length + 3) & ~3) - v.length));
        }
        if (key != null) {
            int miStart = b.position();
            byte[] mac = hmac(key, b.array(), miStart);
            b.putShort((short) VapAttr.MESSAGE_INTEGRITY).putShort((short) MI_LENGTH).put(mac);
        }
        return b.array();
    }

    /**
     * Whether the MESSAGE-INTEGRITY of the encoded message {@code frame} verifies with {@code key}.
     * False when there is none.
     */
    public static boolean verify(byte[] frame, byte[] key) {
        int pos = VapAttr.HEADER_LENGTH;
        while (pos + 4 <= frame.length) {
            int at = ((frame[pos] & 0xff) << 8) | (frame[pos + 1] & 0xff);
            int al = ((frame[pos + 2] & 0xff) << 8) | (frame[pos + 3] & 0xff);
            if (at == VapAttr.MESSAGE_INTEGRITY && al == MI_LENGTH && pos + 4 + MI_LENGTH <= frame.length) {
                byte[] expected = hmac(key, frame, pos);
                return MessageDigest.isEqual(expected, Arrays.copyOfRange(frame, pos + 4, pos + 4 + MI_LENGTH));
            }
            pos += 4 + ((al + 3) & ~3);
        }
        return false;
    }

    private static byte[] hmac(byte[] key, byte[] message, int upTo) {
        int padded = (upTo + 63) / 64 * 64;
        byte[] input = Arrays.copyOf(message, padded);
        for (int i = upTo; i < padded; i++) {
            input[i] = 0;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 unavailable", e);
        }
    }

    /** The 16-byte MESSAGE-INTEGRITY key: MD5(username ":" realm ":" password), quotes and trailing NULs removed. */
    public static byte[] key(String username, String realm, byte[] password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(clean(username).getBytes(StandardCharsets.UTF_8));
            md5.update((byte) ':');
            md5.update(clean(realm).getBytes(StandardCharsets.UTF_8));
            md5.update((byte) ':');
            int n = password.length;
            while (n > 0 && password[n - 1] == 0) {
                n--;
            }
            md5.update(password, 0, n);
            return md5.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** A value with its quotes and trailing NULs removed. */
    public static String clean(String s) {
        String t = s;
        while (t.endsWith("\0")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.replace("\"", "");
    }

    /** 64-bit NTP time of {@code t}. */
    public static long ntp(Instant t) {
        long seconds = t.getEpochSecond() + NTP_OFFSET;
        long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
        return (seconds << 32) | (fraction & 0xffffffffL);
    }

    /** The instant of a 64-bit NTP time (era 0, 1900-2036). */
    public static Instant fromNtp(long ntp) {
        long seconds = (ntp >>> 32) - NTP_OFFSET;
        long nanos = ((ntp & 0xffffffffL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The response code of an ERROR-CODE attribute value. */
    public static int errorCode(byte[] value) {
        return value.length < 4 ? 0 : (value[2] & 0x7) * 100 + (value[3] & 0xff);
    }

    /** The reason phrase of an ERROR-CODE attribute value. */
    public static String errorReason(byte[] value) {
        return value.length <= 4 ? "" : new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
    }
}
