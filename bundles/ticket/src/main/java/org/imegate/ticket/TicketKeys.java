package org.imegate.ticket;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;

/**
 * The ticket password rules (TKT-13, ERR-06) and the MAC key derived from it (UND-02): HKDF-SHA-256
 * (RFC 5869) with IKM = the password octets (US-ASCII), salt {@code "UC-IME-TICKET"} and info = the epoch
 * as one octet, 32 bytes long. Refusals never show the password, only {@link SecretBox#MASK}.
 */
final class TicketKeys {
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 64;
    static final char FIRST = 0x21;
    static final char LAST = 0x73;
    static final int MIN_EPOCH = 1;
    static final int MAX_EPOCH = 255;
    static final int KEY_LENGTH = 32;
    static final byte[] SALT = "UC-IME-TICKET".getBytes(StandardCharsets.US_ASCII);

    private TicketKeys() {
    }

    /** Checks the epoch: 1-255. */
    static int epoch(int epoch) {
        return Validate.range("epoch", epoch, MIN_EPOCH, MAX_EPOCH);
    }

    /** Checks {@code password} and returns its US-ASCII octets (a fresh array the caller wipes). */
    static byte[] octets(char[] password) {
        if (password == null || password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            throw lengthRefused();
        }
        byte[] octets = new byte[password.length];
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            if (c < FIRST || c > LAST) {
                java.util.Arrays.fill(octets, (byte) 0);
                throw charactersRefused();
            }
            octets[i] = (byte) c;
        }
        return octets;
    }

    /** Checks password octets read back from the store. */
    static byte[] check(byte[] octets) {
        if (octets.length < MIN_LENGTH || octets.length > MAX_LENGTH) {
            throw lengthRefused();
        }
        for (byte b : octets) {
            if (b < FIRST || b > LAST) {
                throw charactersRefused();
            }
        }
        return octets;
    }

    /** The 32-byte HS256 key of {@code epoch} for password {@code octets}. */
    static byte[] derive(byte[] octets, int epoch) {
        return hkdf(octets, SALT, new byte[] {(byte) epoch(epoch)}, KEY_LENGTH);
    }

    /** HKDF-SHA-256 (RFC 5869) extract-then-expand, by Bouncy Castle. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static RuntimeException lengthRefused() {
        return Validate.fail("password", SecretBox.MASK, "must be " + MIN_LENGTH + " to " + MAX_LENGTH
                + " characters long, each in 0x21-0x73 ('!' to 's')");
    }

    private static RuntimeException charactersRefused() {
        return Validate.fail("password", SecretBox.MASK, "may contain only characters 0x21-0x73 ('!' to 's');"
                + " space and 't' to '~' are not allowed (length 10-64)");
    }
}
