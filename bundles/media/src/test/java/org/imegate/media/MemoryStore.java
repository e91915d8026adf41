package org.imegate.media;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imegate.api.media.MediaTerminationConfig;

/** Instances kept in memory, with users declared by the test. */
final class MemoryStore implements ConfigStore {
    final Map<String, MediaTerminationConfig> saved = new HashMap<>();
    final Map<String, List<String>> users = new HashMap<>();

    @Override
    public String save(MediaTerminationConfig config) {
        saved.put(config.name(), config);
        return "org.imegate.media.termination." + config.name();
    }

    @Override
    public void delete(String name) {
        saved.remove(name);
    }

    @Override
    public List<String> users(String name) {
        return new ArrayList<>(users.getOrDefault(name, List.of()));
    }
}
