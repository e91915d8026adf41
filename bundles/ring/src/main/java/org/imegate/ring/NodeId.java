package org.imegate.ring;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

/**
 * A 128-bit CHORD-RELOAD identifier (Node-ID or Resource-ID, RFC 6940 §10), kept as two unsigned
 * longs; the ring is the integers modulo 2^128.
 *
 * @param hi the most significant 64 bits
 * @param lo the least significant 64 bits
 */
public record NodeId(long hi, long lo) implements Comparable<NodeId> {

    /** Identifier length in bytes. */
    public static final int LENGTH = 16;

    public static NodeId of(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("an identifier has 16 bytes, not " + b.length);
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new NodeId(bb.getLong(), bb.getLong());
    }

    public static NodeId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public static NodeId random(Random r) {
        return new NodeId(r.nextLong(), r.nextLong());
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(LENGTH).putLong(hi).putLong(lo).array();
    }

    public String hex() {
        return HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
    }

    /** this + 2^bit (mod 2^128), bit 0..127. */
    public NodeId plusPowerOfTwo(int bit) {
        if (bit >= 64) {
            return new NodeId(hi + (1L << (bit - 64)), lo);
        }
        long add = 1L << bit;
        long nlo = lo + add;
        long carry = Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0;
        return new NodeId(hi + carry, nlo);
    }

    /** (other - this) mod 2^128: the clockwise distance from this to {@code other}. */
    public NodeId distanceTo(NodeId other) {
        long nlo = other.lo - lo;
        long borrow = Long.compareUnsigned(other.lo, lo) < 0 ? 1 : 0;
        return new NodeId(other.hi - hi - borrow, nlo);
    }

    /** Whether this lies in the ring interval (from, to]; (x, x] is the whole ring. */
    public boolean inHalfOpen(NodeId from, NodeId to) {
        if (from.equals(to)) {
            return true;
        }
        NodeId d = from.distanceTo(this);
        return !d.isZero() && d.compareTo(from.distanceTo(to)) <= 0;
    }

    /** Whether this lies in the open ring interval (from, to). */
    public boolean inOpen(NodeId from, NodeId to) {
        NodeId d = from.distanceTo(this);
        if (d.isZero()) {
            return false;
        }
        return from.equals(to) || d.compareTo(from.distanceTo(to)) < 0;
    }

    public boolean isZero() {
        return hi == 0 && lo == 0;
    }

    /** The distance as a double (for estimates). */
    public double asDouble() {
        double h = hi >= 0 ? hi : hi + 0x1p64;
        double l = lo >= 0 ? lo : lo + 0x1p64;
        return h * 0x1p64 + l;
    }

    @Override
    public int compareTo(NodeId o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return hex();
    }
}
