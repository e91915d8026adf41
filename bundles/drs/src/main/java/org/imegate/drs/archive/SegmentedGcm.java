package org.imegate.drs.archive;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over a stream in segments ({@link ArchiveFormat}): each segment has its own nonce made of a
 * 7-byte prefix, the segment's index and a last-segment flag, so that segments cannot be reordered, dropped or
 * cut off at the end without the reader noticing.
 */
public final class SegmentedGcm {
    public static final int PREFIX = 7;
    public static final int TAG = 16;
    private static final int TAG_BITS = TAG * 8;

    private SegmentedGcm() {
    }

    /** Encrypts what is written to the returned stream into {@code out}; closing it writes the last segment and closes {@code out}. */
    public static OutputStream encrypt(OutputStream out, SecretKey key, byte[] prefix, byte[] aad, int segment) {
        return new Encrypting(out, key, prefix, aad, segment);
    }

    /** Decrypts {@code in}; reading past the last segment gives -1, an altered or cut stream an {@link ArchiveException}. */
    public static InputStream decrypt(InputStream in, SecretKey key, byte[] prefix, byte[] aad, int segment) {
        return new Decrypting(in, key, prefix, aad, segment);
    }

    static byte[] nonce(byte[] prefix, long index, boolean last) {
        if (prefix.length != PREFIX) {
            throw new IllegalArgumentException("nonce prefix must be " + PREFIX + " bytes");
        }
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("too many segments");
        }
        return ByteBuffer.allocate(12).put(prefix).putInt((int) index).put((byte) (last ? 1 : 0)).array();
    }

    static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static final class Encrypting extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] prefix;
        private final byte[] aad;
        private final byte[] buffer;
        private final byte[] sealed;
        private final Cipher cipher = cipher();
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, byte[] prefix, byte[] aad, int segment) {
            super(out);
            this.key = key;
            this.prefix = prefix.clone();
            this.aad = aad.clone();
            this.buffer = new byte[segment];
            this.sealed = new byte[segment + TAG];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (len > 0) {
                if (filled == buffer.length) {
                    // more data follows a full segment: it is not the last one
                    seal(false);
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                int n = cipher.doFinal(buffer, 0, filled, sealed, 0);
                out.write(sealed, 0, n);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encrypt segment " + index, e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
                out.flush();
            } finally {
                java.util.Arrays.fill(buffer, (byte) 0);
                out.close();
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final InputStream in;
        private final SecretKey key;
        private final byte[] prefix;
        private final byte[] aad;
        private final int segment;
        private final byte[] sealed;
        private final byte[] plain;
        private final Cipher cipher = cipher();
        private int pos;
        private int limit;
        private long index;
        private boolean done;
        private int peeked = -1;

        Decrypting(InputStream in, SecretKey key, byte[] prefix, byte[] aad, int segment) {
            this.in = in;
            this.key = key;
            this.prefix = prefix.clone();
            this.aad = aad.clone();
            this.segment = segment;
            this.sealed = new byte[segment + TAG];
            this.plain = new byte[segment];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == limit) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void next() throws IOException {
            int have = 0;
            if (peeked >= 0) {
                sealed[0] = (byte) peeked;
                have = 1;
                peeked = -1;
            }
            have += in.readNBytes(sealed, have, sealed.length - have);
            boolean last;
            if (have < sealed.length) {
                last = true;
            } else {
                peeked = in.read();
                last = peeked < 0;
            }
            if (have < TAG) {
                throw new ArchiveException(ArchiveException.Kind.DAMAGED, "encrypted data ends early (segment "
                        + index + " has " + have + " bytes)", new EOFException());
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                limit = cipher.doFinal(sealed, 0, have, plain, 0);
            } catch (AEADBadTagException e) {
                throw new ArchiveException(ArchiveException.Kind.ALTERED, "encrypted segment " + index
                        + " failed authentication: the archive was altered or cut short", e);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt segment " + index, e);
            }
            pos = 0;
            index++;
            done = last;
        }

        @Override
        public void close() throws IOException {
            java.util.Arrays.fill(plain, (byte) 0);
            in.close();
        }
    }
}
