package org.imegate.ime.validator;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The messages inside the validation TLS session: a 4-byte length, then UTF-8 text; at most 64 KiB. */
final class Frames {
    static final int MAX = 64 * 1024;

    private Frames() {
    }

    static void write(OutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX) {
            throw new IOException("message of " + b.length + " bytes exceeds " + MAX);
        }
        out.write(ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array());
        out.flush();
    }

    static String read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int len = d.readInt();
        if (len < 0 || len > MAX) {
            throw new IOException("message length " + len + " out of range 0-" + MAX);
        }
        byte[] b = new byte[len];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
