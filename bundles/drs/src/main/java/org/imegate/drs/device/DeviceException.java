package org.imegate.drs.device;

import java.io.IOException;

/** A device that cannot be used, and why (the words the operator sees, and the alarm). */
public final class DeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Kind {
        /** The server cannot be reached (refused, timed out, unknown host). */
        UNREACHABLE,
        /** The user name or password was refused. */
        AUTHENTICATION,
        /** The server presented another host key than the one recorded with the device. */
        HOST_KEY,
        /** The directory does not exist, is not a directory or cannot be written. */
        PATH,
        /** A file operation failed. */
        IO,
        /** The operation was stopped (cancel, timeout). */
        ABORTED
    }

    private final Kind kind;

    public DeviceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
