package org.imegate.api.drs;

import java.io.IOException;
import java.util.Set;

/**
 * A part of the appliance's data that the Disaster Recovery System backs up and restores, registered as an
 * OSGi service by the module that owns the data (see the package documentation).
 * <p>
 * During a backup the Local Agent calls {@link #backup} on every registered component, one after the other, on
 * its own thread while the appliance keeps serving. During a restore it first calls {@link #verify} on every
 * component of the archive, and only when every component and the whole archive are found intact does it call
 * {@link #restore} on each; the appliance is restarted afterwards, so a component need not apply restored data
 * to the running module.
 */
public interface DrsComponent {

    /** What a component name must match: lower-case letters, digits and '-', starting with a letter. */
    String NAME_PATTERN = "[a-z][a-z0-9-]{0,31}";

    /** The component's name, unique on the appliance and stable across versions (it names the data in the archive). */
    String name();

    /** One line for the operator, shown in the backup and restore status. */
    String description();

    /**
     * Paths relative to {@link org.imegate.api.secret.ApplianceStore#root()} ({@code /}-separated; a directory
     * stands for everything under it) that this component backs up and restores itself, so that the built-in
     * {@code appliance-store} component leaves them alone. Empty by default.
     */
    default Set<String> storePaths() {
        return Set.of();
    }

    /** About how many bytes {@link #backup} will write, for the percentage of the status; -1 when unknown. */
    default long estimatedSize() {
        return -1;
    }

    /**
     * Writes a consistent snapshot of the component's data as entries of {@code out}. Must not stop or block the
     * module's service. An exception fails this component and with it the backup
     * ({@code DRFMABackupComponentFailure}); no archive is kept.
     */
    void backup(DrsBackupWriter out) throws IOException;

    /**
     * Reads every entry the component wrote and checks it can be restored, changing nothing. An exception refuses
     * the whole restore before any component is touched. The default reads the entries and accepts them.
     */
    default void verify(DrsRestoreReader in) throws IOException {
        for (DrsEntry e = in.next(); e != null; e = in.next()) {
            e.content().transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /**
     * Replaces the component's data with the entries of {@code in}, in the order they were written. Called only
     * after every component of the archive has passed {@link #verify}.
     */
    void restore(DrsRestoreReader in) throws IOException;
}
