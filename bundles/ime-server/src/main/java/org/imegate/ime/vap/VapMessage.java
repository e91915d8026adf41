package org.imegate.ime.vap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** One VAP message: method, class, transaction ID and attributes in order. Immutable. */
public final class VapMessage {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One attribute: its type and its value (unpadded). */
    public record Attribute(int type, byte[] value) {
        public Attribute {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        int length() {
            return value.length;
        }
    }

    private final int method;
    private final VapClass cls;
    private final byte[] transactionId;
    private final List<Attribute> attributes;

    public VapMessage(int method, VapClass cls, byte[] transactionId, List<Attribute> attributes) {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("transaction ID must be 96 bits");
        }
        this.method = method;
        this.cls = cls;
        this.transactionId = transactionId.clone();
        this.attributes = Collections.unmodifiableList(new ArrayList<>(attributes));
    }

    /** A fresh, cryptographically random transaction ID. */
    public static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    public int method() {
        return method;
    }

    /** The method, or null when its code is not one of VAP's. */
    public VapMethod knownMethod() {
        return VapMethod.ofCode(method);
    }

    public VapClass messageClass() {
        return cls;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public String transactionHex() {
        return HexFormat.of().formatHex(transactionId);
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    /** The first attribute of {@code type}. */
    public Optional<byte[]> attribute(int type) {
        for (Attribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }

    public boolean has(int type) {
        return attribute(type).isPresent();
    }

    /** A UTF-8 attribute. */
    public Optional<String> string(int type) {
        return attribute(type).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /**
     * A 32-bit unsigned attribute.
     *
     * @throws VapFormatException when present with another length
     */
    public Optional<Long> u32(int type) throws VapFormatException {
        Optional<byte[]> v = attribute(type);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().length != 4) {
            throw bad("attribute 0x" + Integer.toHexString(type) + " must be 4 bytes, is " + v.get().length);
        }
        return Optional.of(ByteBuffer.wrap(v.get()).getInt() & 0xffffffffL);
    }

    /**
     * A 64-bit attribute (NTP time).
     *
     * @throws VapFormatException when present with another length
     */
    public Optional<Long> u64(int type) throws VapFormatException {
        Optional<byte[]> v = attribute(type);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().length != 8) {
            throw bad("attribute 0x" + Integer.toHexString(type) + " must be 8 bytes, is " + v.get().length);
        }
        return Optional.of(ByteBuffer.wrap(v.get()).getLong());
    }

    /** A {@link VapFormatException} about this message (answerable with 400). */
    public VapFormatException bad(String reason) {
        return new VapFormatException(reason, transactionId, method);
    }

    @Override
    public String toString() {
        VapMethod m = knownMethod();
        return (m == null ? "0x" + Integer.toHexString(method) : m.name()) + " " + cls + " " + transactionHex()
                + " (" + attributes.size() + " attributes)";
    }

    /** Builds a message. */
    public static Builder builder(int method, VapClass cls, byte[] transactionId) {
        return new Builder(method, cls, transactionId);
    }

    /** Builder of a {@link VapMessage}. */
    public static final class Builder {
        private final int method;
        private final VapClass cls;
        private final byte[] transactionId;
        private final List<Attribute> attributes = new ArrayList<>();

        Builder(int method, VapClass cls, byte[] transactionId) {
            this.method = method;
            this.cls = cls;
            this.transactionId = transactionId.clone();
        }

        public Builder add(int type, byte[] value) {
            attributes.add(new Attribute(type, value));
            return this;
        }

        public Builder string(int type, String value) {
            return add(type, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder u32(int type, long value) {
            return add(type, ByteBuffer.allocate(4).putInt((int) value).array());
        }

        public Builder u64(int type, long value) {
            return add(type, ByteBuffer.allocate(8).putLong(value).array());
        }

        public Builder u32pair(int type, long a, long b) {
            return add(type, ByteBuffer.allocate(8).putInt((int) a).putInt((int) b).array());
        }

        public Builder errorCode(int code, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + r.length);
            b.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(r);
            return add(VapAttr.ERROR_CODE, b.array());
        }

        public Builder serviceIdentity(ServiceIdentity id) {
            return add(VapAttr.SERVICE_IDENTITY, id.encode());
        }

        public VapMessage build() {
            return new VapMessage(method, cls, transactionId, attributes);
        }
    }
}
