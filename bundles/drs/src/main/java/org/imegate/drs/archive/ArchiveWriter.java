package org.imegate.drs.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Writes the archive file ({@link ArchiveFormat}) from a manifest and the components' spool files. */
public final class ArchiveWriter {
    private static final int COPY = 64 * 1024;

    private ArchiveWriter() {
    }

    /**
     * Writes the archive to {@code out} (closed at the end): MANIFEST, its MAC, then each spool in the order of the
     * manifest's components. {@code progress} is told the bytes of spools copied so far.
     */
    public static void write(OutputStream out, Manifest manifest, ArchiveKeys keys, List<Path> spools,
            LongConsumer progress) throws IOException {
        if (spools.size() != manifest.components().size()) {
            throw new IllegalArgumentException(spools.size() + " spools for " + manifest.components().size()
                    + " components");
        }
        GzipParameters gzip = new GzipParameters();
        // the payloads are compressed before they are encrypted; compressing the ciphertext again gains nothing
        gzip.setCompressionLevel(Deflater.NO_COMPRESSION);
        gzip.setModificationTime(manifest.created().toEpochMilli());
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] text = manifest.toBytes();
            put(tar, ArchiveFormat.MANIFEST, text, manifest);
            put(tar, ArchiveFormat.MANIFEST_HMAC, (keys.mac(text) + "\n").getBytes(StandardCharsets.US_ASCII),
                    manifest);
            long copied = 0;
            byte[] buf = new byte[COPY];
            for (int i = 0; i < spools.size(); i++) {
                Path spool = spools.get(i);
                TarArchiveEntry e = entry(ArchiveFormat.componentEntry(manifest.components().get(i).name()), manifest);
                e.setSize(Files.size(spool));
                tar.putArchiveEntry(e);
                try (InputStream in = Files.newInputStream(spool)) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        tar.write(buf, 0, n);
                        copied += n;
                        progress.accept(copied);
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content, Manifest m) throws IOException {
        TarArchiveEntry e = entry(name, m);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, Manifest m) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100600);
        e.setModTime(Date.from(m.created()));
        return e;
    }
}
