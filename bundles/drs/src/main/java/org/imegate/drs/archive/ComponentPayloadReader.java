package org.imegate.drs.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.LongConsumer;
import javax.crypto.SecretKey;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;

/**
 * The {@link DrsRestoreReader} of one component: decrypts its payload from the archive entry, checks each entry
 * name, and at {@link #finish()} checks that the payload's size, SHA-256 and entry count are those of the
 * manifest. {@code progress} is told the payload bytes decrypted so far (out of the manifest's size).
 */
public final class ComponentPayloadReader implements DrsRestoreReader, ClaimedStorePaths {
    private final Manifest.Component expected;
    private final Set<String> claims;
    private final LongConsumer progress;
    private final DigestCounter payload = new DigestCounter();
    private final InputStream decrypted;
    private final TarArchiveInputStream tar;
    private long entries;
    private long read;
    private boolean ended;

    public ComponentPayloadReader(InputStream encrypted, Manifest manifest, Manifest.Component expected,
            SecretKey key, Set<String> claims, LongConsumer progress) throws IOException {
        this.expected = expected;
        this.claims = Set.copyOf(claims);
        this.progress = progress;
        this.decrypted = payload.wrap(SegmentedGcm.decrypt(encrypted, key, expected.nonce(),
                ArchiveFormat.associatedData(manifest.tarfile(), expected.name()), manifest.segment()));
        try {
            this.tar = new TarArchiveInputStream(new GzipCompressorInputStream(decrypted));
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "component " + expected.name()
                    + ": payload is not gzip: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> claimedStorePaths() {
        return claims;
    }

    @Override
    public DrsEntry next() throws IOException {
        if (ended) {
            return null;
        }
        TarArchiveEntry e;
        try {
            e = tar.getNextEntry();
        } catch (ArchiveException ae) {
            throw ae;
        } catch (IOException io) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "component " + expected.name()
                    + ": payload is damaged: " + ArchiveReader.describe(io), io);
        }
        if (e == null) {
            ended = true;
            return null;
        }
        String name = e.getName();
        if (!EntryPaths.valid(name)) {
            throw new ArchiveException(EntryPaths.traversal(name) ? ArchiveException.Kind.TRAVERSAL
                    : ArchiveException.Kind.DAMAGED, "component " + expected.name() + " holds entry '"
                    + (name.length() > 80 ? name.substring(0, 77) + "..." : name) + "'");
        }
        if (!e.isFile()) {
            throw new ArchiveException(ArchiveException.Kind.DAMAGED, "component " + expected.name() + " entry "
                    + name + " is not a regular file");
        }
        entries++;
        long size = e.getSize();
        InputStream content = new FilterInputStream(tar) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read++;
                    progress.accept(payload.count());
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read += n;
                    progress.accept(payload.count());
                }
                return n;
            }

            @Override
            public void close() {
                // the archive stays open for the next entry
            }
        };
        return new DrsEntry() {
            @Override
            public String path() {
                return name;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream content() {
                return content;
            }
        };
    }

    /**
     * Reads whatever the component left unread, then checks size, SHA-256 and entry count against the manifest.
     */
    public void finish() throws IOException {
        while (next() != null) {
            entriesLeft();
        }
        decrypted.transferTo(OutputStream.nullOutputStream());
        String sha = payload.hex();
        if (payload.count() != expected.size() || !sha.equals(expected.sha256()) || entries != expected.entries()) {
            throw new ArchiveException(ArchiveException.Kind.ALTERED, "component " + expected.name()
                    + " does not match the manifest (" + payload.count() + " bytes, " + entries + " entries, sha256 "
                    + sha + "; expected " + expected.size() + " bytes, " + expected.entries() + " entries, sha256 "
                    + expected.sha256() + ")");
        }
    }

    private void entriesLeft() throws IOException {
        tar.transferTo(OutputStream.nullOutputStream());
    }

    /** Plaintext bytes of entries read so far. */
    public long read() {
        return read;
    }
}
