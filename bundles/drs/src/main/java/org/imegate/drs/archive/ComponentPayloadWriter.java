package org.imegate.drs.archive;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.imegate.api.drs.DrsBackupWriter;

/**
 * The {@link DrsBackupWriter} given to one component: its entries go into a gzip-compressed tar, encrypted as it
 * is written ({@link SegmentedGcm}) into a spool file; the payload's size and SHA-256 are taken on the way for the
 * manifest. Entries are added one at a time.
 */
public final class ComponentPayloadWriter implements DrsBackupWriter, ClaimedStorePaths, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COPY = 64 * 1024;

    private final String component;
    private final Path spool;
    private final Set<String> claims;
    private final LongConsumer progress;
    private final Instant time;
    private final DigestCounter payload = new DigestCounter();
    private final TarArchiveOutputStream tar;
    private final byte[] nonce = new byte[SegmentedGcm.PREFIX];
    private long entries;
    private long added;
    private boolean streamOpen;
    private boolean finished;

    /**
     * @param progress told the plaintext bytes added so far, after each chunk
     */
    public ComponentPayloadWriter(String component, String tarfile, SecretKey key, Path spool, Set<String> claims,
            Instant time, LongConsumer progress) throws IOException {
        this.component = component;
        this.spool = spool;
        this.claims = Set.copyOf(claims);
        this.progress = progress;
        this.time = time;
        RANDOM.nextBytes(nonce);
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), COPY);
        OutputStream encrypted = SegmentedGcm.encrypt(file, key, nonce,
                ArchiveFormat.associatedData(tarfile, component), ArchiveFormat.SEGMENT);
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_SPEED);
        this.tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(payload.wrap(encrypted), gzip));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @Override
    public Set<String> claimedStorePaths() {
        return claims;
    }

    @Override
    public void addFile(String path, Path file) throws IOException {
        checkPath(path);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            InputStream in = Channels.newInputStream(channel);
            put(path, size, in, "file " + file + " became shorter while it was read");
        }
    }

    @Override
    public void addBytes(String path, byte[] content) throws IOException {
        checkPath(path);
        put(path, content.length, new java.io.ByteArrayInputStream(content), "bytes");
    }

    @Override
    public OutputStream addStream(String path) throws IOException {
        checkPath(path);
        // the content's length is not known before it ends: keep it in a temporary file under a key that lives
        // only in memory, then archive it
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        SecretKey ephemeral = new SecretKeySpec(raw, "AES");
        byte[] prefix = new byte[SegmentedGcm.PREFIX];
        RANDOM.nextBytes(prefix);
        Path temp = Files.createTempFile(spool.getParent(), "stream-", ".tmp");
        DigestCounter count = new DigestCounter();
        OutputStream sink = count.wrap(SegmentedGcm.encrypt(new BufferedOutputStream(Files.newOutputStream(temp),
                COPY), ephemeral, prefix, new byte[0], ArchiveFormat.SEGMENT));
        streamOpen = true;
        return new FilterOutputStream(sink) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    out.close();
                    streamOpen = false;
                    try (InputStream in = SegmentedGcm.decrypt(java.nio.file.Files.newInputStream(temp), ephemeral,
                            prefix, new byte[0], ArchiveFormat.SEGMENT)) {
                        put(path, count.count(), in, "stream");
                    }
                } finally {
                    streamOpen = false;
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    private void checkPath(String path) throws IOException {
        if (finished) {
            throw new IOException("component " + component + " already finished its backup");
        }
        if (streamOpen) {
            throw new IOException("component " + component + " adds " + path + " while a stream entry is open");
        }
        if (!EntryPaths.valid(path)) {
            throw new IOException("component " + component + " gave entry path '" + path
                    + "' (relative, '/'-separated, segments of letters, digits, '.', '_', '-' and spaces, no '..')");
        }
    }

    private void put(String path, long size, InputStream in, String what) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setSize(size);
        e.setMode(0100600);
        e.setModTime(Date.from(time));
        tar.putArchiveEntry(e);
        byte[] buf = new byte[COPY];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("entry " + path + " of component " + component + ": " + what);
            }
            tar.write(buf, 0, n);
            left -= n;
            added += n;
            progress.accept(added);
        }
        tar.closeArchiveEntry();
        entries++;
    }

    /** Ends the payload; the spool file is complete. */
    public Manifest.Component finish(String description, Set<String> storePaths) throws IOException {
        if (streamOpen) {
            throw new IOException("component " + component + " left a stream entry open");
        }
        finished = true;
        tar.finish();
        tar.close();
        return new Manifest.Component(component, description, entries, payload.count(), payload.hex(), nonce.clone(),
                Set.copyOf(storePaths));
    }

    /** Plaintext bytes of the entries added so far. */
    public long added() {
        return added;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            try {
                tar.close();
            } catch (IOException ignored) {
                // the spool is discarded by the caller
            }
        }
    }
}
