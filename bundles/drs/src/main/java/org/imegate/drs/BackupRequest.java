package org.imegate.drs;

import java.time.Instant;

/** What a backup is: the archive's name and time, the security password, the product version and the server. */
public record BackupRequest(String tarfile, Instant created, char[] password, String version, String server) {
}
