package org.imegate.ring.msg;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Big-endian writer and reader of the RELOAD presentation language (RFC 6940 §6.3): fixed ints, opaque<..>. */
public final class Wire {

    /** A growable big-endian output. */
    public static final class Out {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream(128);

        public Out u8(int v) {
            b.write(v);
            return this;
        }

        public Out u16(int v) {
            b.write(v >>> 8);
            b.write(v);
            return this;
        }

        public Out u32(long v) {
            u16((int) (v >>> 16));
            return u16((int) v);
        }

        public Out u64(long v) {
            u32(v >>> 32);
            return u32(v);
        }

        public Out raw(byte[] v) {
            b.write(v, 0, v.length);
            return this;
        }

        /** opaque<0..2^8-1>. */
        public Out opaque8(byte[] v) {
            if (v.length > 0xff) {
                throw new IllegalArgumentException("opaque8 of " + v.length + " bytes");
            }
            return u8(v.length).raw(v);
        }

        /** opaque<0..2^16-1>. */
        public Out opaque16(byte[] v) {
            if (v.length > 0xffff) {
                throw new IllegalArgumentException("opaque16 of " + v.length + " bytes");
            }
            return u16(v.length).raw(v);
        }

        /** opaque<0..2^32-1>. */
        public Out opaque32(byte[] v) {
            return u32(v.length).raw(v);
        }

        public Out string16(String s) {
            return opaque16(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A vector with a 16-bit byte length, its elements written by {@code body}. */
        public Out vector16(Consumer<Out> body) {
            Out inner = new Out();
            body.accept(inner);
            return opaque16(inner.bytes());
        }

        /** A vector with a 32-bit byte length. */
        public Out vector32(Consumer<Out> body) {
            Out inner = new Out();
            body.accept(inner);
            return opaque32(inner.bytes());
        }

        public int size() {
            return b.size();
        }

        public byte[] bytes() {
            return b.toByteArray();
        }
    }

    /** A big-endian reader that throws {@link MalformedMessageException} on short input. */
    public static final class In {
        private final ByteBuffer b;

        public In(byte[] data) {
            this.b = ByteBuffer.wrap(data);
        }

        private In(ByteBuffer b) {
            this.b = b;
        }

        public int u8() {
            try {
                return b.get() & 0xff;
            } catch (BufferUnderflowException e) {
                throw new MalformedMessageException("truncated message");
            }
        }

        public int u16() {
            return (u8() << 8) | u8();
        }

        public long u32() {
            return ((long) u16() << 16) | u16();
        }

        public long u64() {
            return (u32() << 32) | u32();
        }

        public byte[] raw(int n) {
            if (n < 0 || n > b.remaining()) {
                throw new MalformedMessageException("length " + n + " beyond the message");
            }
            byte[] v = new byte[n];
            b.get(v);
            return v;
        }

        public byte[] opaque8() {
            return raw(u8());
        }

        public byte[] opaque16() {
            return raw(u16());
        }

        public byte[] opaque32() {
            long n = u32();
            if (n > Integer.MAX_VALUE) {
                throw new MalformedMessageException("length " + n + " beyond the message");
            }
            return raw((int) n);
        }

        public String string16() {
            return new String(opaque16(), StandardCharsets.UTF_8);
        }

        /** The sub-reader of a vector with a 16-bit length. */
        public In vector16() {
            return new In(opaque16());
        }

        public In vector32() {
            return new In(opaque32());
        }

        public boolean hasMore() {
            return b.hasRemaining();
        }

        public int remaining() {
            return b.remaining();
        }

        public void end() {
            if (b.hasRemaining()) {
                throw new MalformedMessageException(b.remaining() + " unexpected trailing bytes");
            }
        }

        static In slice(ByteBuffer b) {
            return new In(b);
        }
    }

    private Wire() {
    }
}
