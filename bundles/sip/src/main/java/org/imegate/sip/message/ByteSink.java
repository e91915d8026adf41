package org.imegate.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer writing ASCII without a charset encoder. */
final class ByteSink {

    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                return textSlow(s, i);
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    /** UTF-8 text with an ASCII fast path. */
    ByteSink text(String s) {
        return ascii(s);
    }

    private ByteSink textSlow(String s, int from) {
        byte[] rest = s.substring(from).getBytes(StandardCharsets.UTF_8);
        return bytes(rest);
    }

    ByteSink bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    ByteSink decimal(long v) {
        return ascii(Long.toString(v));
    }

    ByteSink crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
}
