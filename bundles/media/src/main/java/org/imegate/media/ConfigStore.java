package org.imegate.media;

import java.util.List;
import org.imegate.api.media.MediaTerminationConfig;

/** Where instances persist (ConfigAdmin factory configurations in the appliance). */
interface ConfigStore {

    /** Writes the instance; returns the configuration's PID. */
    String save(MediaTerminationConfig config);

    void delete(String name);

    /** Configurations of other modules that use the instance (property {@code media.termination}). */
    List<String> users(String name);
}
