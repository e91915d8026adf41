package org.imegate.drs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.imegate.drs.archive.ArchiveException;

/**
 * The Local Agent (DRS-05): keeps the registered components and runs their backup and restore on the appliance,
 * reporting to the Master Agent through a {@link JobListener}.
 */
public interface LocalAgent {

    /** The registered components, in backup order. */
    List<String> componentNames();

    /** Every registered component's snapshot, encrypted into spool files under the work directory. */
    BackupSpool backup(BackupRequest request, JobListener listener) throws BackupFailure;

    /**
     * Checks an archive end to end (version, password, MAC, every segment and SHA-256, every entry name, and each
     * component's own check), changing nothing.
     */
    VerifiedArchive verify(Path archive, char[] password, String installedVersion, JobListener listener)
            throws ArchiveException, IOException;

    /** Restores every component of a verified archive; returns the components that failed (empty when all did). */
    List<String> apply(VerifiedArchive archive, JobListener listener) throws IOException;

    /** Where jobs keep their temporary files. */
    Path workDirectory();
}
