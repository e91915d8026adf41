package org.imegate.api.drs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where a {@link DrsComponent} writes its backup: named entries, in order. An entry path is relative and
 * {@code /}-separated; each segment is made of letters, digits, {@code . _ -} and spaces and is neither
 * {@code .} nor {@code ..}; at most 255 characters in all. A bad path fails the component.
 */
public interface DrsBackupWriter {

    /**
     * Adds the content of {@code file} as it is when opened: a file that its module replaces atomically is read
     * whole, old or new, never a mix.
     */
    void addFile(String path, Path file) throws IOException;

    /** Adds {@code content}. */
    void addBytes(String path, byte[] content) throws IOException;

    /**
     * Adds an entry whose content the caller writes to the returned stream and then closes; for content of
     * unknown length, such as rows read from a database snapshot. The content is kept encrypted until it is
     * archived.
     */
    OutputStream addStream(String path) throws IOException;
}
