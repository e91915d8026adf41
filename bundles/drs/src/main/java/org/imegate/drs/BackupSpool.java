package org.imegate.drs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.imegate.drs.archive.ArchiveKeys;
import org.imegate.drs.archive.ArchiveWriter;
import org.imegate.drs.archive.Manifest;

/** The encrypted components of one backup, waiting to be written to a device as one archive. */
public final class BackupSpool implements AutoCloseable {
    private final Path directory;
    private final Manifest manifest;
    private final ArchiveKeys keys;
    private final List<Path> spools;

    BackupSpool(Path directory, Manifest manifest, ArchiveKeys keys, List<Path> spools) {
        this.directory = directory;
        this.manifest = manifest;
        this.keys = keys;
        this.spools = List.copyOf(spools);
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Bytes of all spools (about the archive's size). */
    public long size() throws IOException {
        long total = 0;
        for (Path p : spools) {
            total += Files.size(p);
        }
        return total;
    }

    /** Writes the archive to {@code out} and closes it. */
    public void writeArchive(OutputStream out, LongConsumer progress) throws IOException {
        ArchiveWriter.write(out, manifest, keys, spools, progress);
    }

    /** Deletes the spool files. */
    @Override
    public void close() throws IOException {
        deleteTree(directory);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
