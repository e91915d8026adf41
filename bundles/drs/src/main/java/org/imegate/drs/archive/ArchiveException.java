package org.imegate.drs.archive;

import java.io.IOException;

/** An archive that cannot be restored, and why: the kind decides the alarm and the words of the refusal. */
public final class ArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why an archive is refused. */
    public enum Kind {
        /** Cut short, not a gzip/tar, or missing a part: the file is damaged. */
        DAMAGED,
        /** Authenticated content does not match (manifest MAC, a segment's tag, a payload's SHA-256). */
        ALTERED,
        /** A name in the archive tries to leave its directory. */
        TRAVERSAL,
        /** Made by another product version. */
        VERSION,
        /** The security password set on this appliance is not the one the archive was made with. */
        PASSWORD,
        /** Holds a component that is not installed here, or is otherwise not restorable. */
        INCOMPATIBLE
    }

    private final Kind kind;

    public ArchiveException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ArchiveException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
