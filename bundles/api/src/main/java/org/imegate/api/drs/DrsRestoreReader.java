package org.imegate.api.drs;

import java.io.IOException;

/** The entries of one component in a backup archive, in the order the component wrote them. */
public interface DrsRestoreReader {

    /**
     * The next entry, or {@code null} after the last one. The previous entry's content can no longer be read.
     * The archive's integrity has been checked before a component is asked to restore; during
     * {@link DrsComponent#verify} a damaged archive surfaces here as an IOException.
     */
    DrsEntry next() throws IOException;
}
