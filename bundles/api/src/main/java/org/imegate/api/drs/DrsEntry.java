package org.imegate.api.drs;

import java.io.InputStream;

/** One entry of a component in a backup archive. */
public interface DrsEntry {

    /** The path the component gave it ({@code /}-separated, relative). */
    String path();

    /** Its length in bytes. */
    long size();

    /** Its content; readable until {@link DrsRestoreReader#next()} is called again. Not to be closed by the caller. */
    InputStream content();
}
