package org.imegate.drs.archive;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an archive file ({@link ArchiveFormat}) front to back: the manifest and its MAC first, then the
 * components' encrypted payloads in order. Anything out of form is an {@link ArchiveException}.
 */
public final class ArchiveReader implements AutoCloseable {
    private final InputStream gzip;
    private final TarArchiveInputStream tar;
    private byte[] manifest;
    private String hmac;

    public ArchiveReader(InputStream file) throws ArchiveException {
        try {
            this.gzip = new GzipCompressorInputStream(file);
            this.tar = new TarArchiveInputStream(gzip);
        } catch (IOException e) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "the file is not a gzip archive: "
                    + e.getMessage(), e);
        }
    }

    /** Reads MANIFEST and MANIFEST.hmac, which must be the first two entries. */
    public void readHeader() throws ArchiveException {
        manifest = small(ArchiveFormat.MANIFEST);
        hmac = new String(small(ArchiveFormat.MANIFEST_HMAC), StandardCharsets.US_ASCII).trim();
    }

    public byte[] manifestBytes() {
        return manifest.clone();
    }

    public String hmac() {
        return hmac;
    }

    private byte[] small(String expected) throws ArchiveException {
        TarArchiveEntry e = nextEntry();
        if (e == null) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "the archive ends before its " + expected);
        }
        check(e, expected);
        if (e.getSize() > ArchiveFormat.MANIFEST_MAX) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, expected + " is " + e.getSize()
                    + " bytes long");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            tar.transferTo(out);
            if (out.size() != e.getSize()) {
                throw new ArchiveException(ArchiveException.Kind.DAMAGED, expected + " is cut short");
            }
            return out.toByteArray();
        } catch (ArchiveException ae) {
            throw ae;
        } catch (IOException io) {
            throw damaged(io);
        }
    }

    /** The encrypted payload of the next component, which must be {@code name}. */
    public InputStream component(String name) throws ArchiveException {
        String expected = ArchiveFormat.componentEntry(name);
        TarArchiveEntry e = nextEntry();
        if (e == null) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "the archive ends before component " + name);
        }
        check(e, expected);
        return new FilterInputStream(tar) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (ArchiveException ae) {
                    throw ae;
                } catch (IOException io) {
                    throw damaged(io);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (ArchiveException ae) {
                    throw ae;
                } catch (IOException io) {
                    throw damaged(io);
                }
            }

            @Override
            public void close() {
                // the archive stays open for the next component
            }
        };
    }

    /** Checks that nothing follows the last component and that the gzip stream ends intact. */
    public void finish() throws ArchiveException {
        TarArchiveEntry e = nextEntry();
        if (e != null) {
            throw new ArchiveException(ArchiveException.Kind.ALTERED, "the archive holds an entry '"
                    + e.getName() + "' after its last component");
        }
        try {
            // to the end of the gzip member: its CRC and length are checked there
            gzip.transferTo(OutputStream.nullOutputStream());
        } catch (IOException io) {
            throw damaged(io);
        }
    }

    private TarArchiveEntry nextEntry() throws ArchiveException {
        try {
            return tar.getNextEntry();
        } catch (IOException io) {
            throw damaged(io);
        }
    }

    private static void check(TarArchiveEntry e, String expected) throws ArchiveException {
        String name = e.getName();
        if (EntryPaths.traversal(name)) {
            throw new ArchiveException(ArchiveException.Kind.TRAVERSAL, "the archive holds entry '"
                    + (name.length() > 80 ? name.substring(0, 77) + "..." : name) + "'");
        }
        if (!name.equals(expected) || !e.isFile()) {
            throw new ArchiveException(ArchiveException.Kind.ALTERED, "the archive holds '" + name + "' where "
                    + expected + " belongs");
        }
    }

    private static ArchiveException damaged(IOException io) {
        return new ArchiveException(ArchiveException.Kind.DAMAGED, "the archive is damaged or cut short ("
                + describe(io) + ")", io);
    }

    /** What went wrong reading, in words (an end of file has no message of its own). */
    static String describe(IOException io) {
        if (io instanceof java.io.EOFException || io.getMessage() == null) {
            return "unexpected end of file";
        }
        return io.getMessage();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
