package org.imegate.drs;

/** Why the Local Agent did not produce a backup. */
public final class BackupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The cause, which decides the alarm. */
    public enum Kind {
        /** No component is registered ({@code DRFNoRegisteredComponent}). */
        NO_COMPONENTS,
        /** A component failed ({@code DRFMABackupComponentFailure}). */
        COMPONENT,
        /** The operator cancelled between two components. */
        CANCELLED,
        /** The Master Agent could not be told ({@code DRFLA2MAFailure}). */
        REPORT,
        /** The work directory could not be written. */
        WORK
    }

    private final Kind kind;
    private final String component;

    public BackupFailure(Kind kind, String component, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.component = component;
    }

    public Kind kind() {
        return kind;
    }

    /** The component concerned, or null. */
    public String component() {
        return component;
    }
}
