package org.imegate.api.secret;

import java.nio.file.Path;

/**
 * Where modules keep their persistent state: one directory per module under the appliance store
 * ({@code ${karaf.base}/store} unless {@code imegate.store} says otherwise). Unlike Karaf's
 * {@code data/} cache, it survives {@code bin/karaf clean}; the backup system archives it whole.
 */
public interface ApplianceStore {

    /** The store's root directory. */
    Path root();

    /** The directory of {@code module}, created (owner-only permissions) if missing. */
    Path directory(String module);
}
