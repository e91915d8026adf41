package org.imegate.drs.device;

import java.time.Instant;

/** A file in a device's directory. */
public record BackupFile(String name, long size, Instant modified) {
}
