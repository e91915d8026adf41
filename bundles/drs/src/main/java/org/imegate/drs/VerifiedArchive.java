package org.imegate.drs;

import java.nio.file.Path;
import org.imegate.drs.archive.ArchiveKeys;
import org.imegate.drs.archive.Manifest;

/** An archive found intact and restorable by {@link LocalAgent#verify}. */
public record VerifiedArchive(Path file, Manifest manifest, byte[] manifestBytes, ArchiveKeys keys) {
}
