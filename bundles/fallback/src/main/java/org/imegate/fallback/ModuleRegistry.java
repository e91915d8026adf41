package org.imegate.fallback;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.fallback.SensitivityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules this bundle publishes, one service per level: the built-in file at the bottom, then the deployed
 * files in the order they were (last) applied; for each level the most recent file defining it wins. A change
 * registers the new service of a level <em>before</em> unregistering the old one, so that a level never goes
 * without a module; levels whose module did not change keep their service.
 */
final class ModuleRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistry.class);

    /** Publishes a module (an OSGi service registration in the appliance). */
    interface Registrar {
        Registration register(ThresholdModule module);
    }

    /** Withdraws a published module. */
    interface Registration {
        void unregister();
    }

    private record Active(ThresholdModule module, Registration registration) {
    }

    private final Registrar registrar;
    private Map<SensitivityLevel, ThresholdModule> builtin = Map.of();
    private final LinkedHashMap<String, FbsFile> deployed = new LinkedHashMap<>();
    private final Map<SensitivityLevel, Active> active = new EnumMap<>(SensitivityLevel.class);
    private boolean stopped;

    ModuleRegistry(Registrar registrar) {
        this.registrar = registrar;
    }

    /**
     * Publishes Disable and the levels of the built-in file, or of the file that replaces it.
     *
     * @return the levels whose module changed
     */
    synchronized List<SensitivityLevel> start(FbsFile builtinFile) {
        Map<SensitivityLevel, ThresholdModule> b = new EnumMap<>(SensitivityLevel.class);
        b.put(SensitivityLevel.DISABLE, ThresholdModule.disable(builtinFile.module()));
        b.putAll(builtinFile.levels());
        builtin = b;
        return apply();
    }

    /**
     * Puts {@code file} on top (replacing an earlier version of the same name).
     *
     * @return the levels whose module changed
     */
    synchronized List<SensitivityLevel> deploy(FbsFile file) {
        deployed.remove(file.fileName());
        deployed.put(file.fileName(), file);
        return apply();
    }

    /**
     * Removes the file of that name, if deployed; its levels go back to the files below.
     *
     * @return the levels whose module changed, empty if the file was not deployed
     */
    synchronized Optional<List<SensitivityLevel>> undeploy(String fileName) {
        if (deployed.remove(fileName) == null) {
            return Optional.empty();
        }
        return Optional.of(apply());
    }

    /** The module this bundle publishes for each level. */
    synchronized Map<SensitivityLevel, ThresholdModule> inForce() {
        Map<SensitivityLevel, ThresholdModule> out = new EnumMap<>(SensitivityLevel.class);
        active.forEach((l, a) -> out.put(l, a.module()));
        return out;
    }

    /** Names of the deployed files in force, oldest first. */
    synchronized List<String> deployedFiles() {
        return new ArrayList<>(deployed.keySet());
    }

    /** Withdraws every module. */
    synchronized void stop() {
        stopped = true;
        for (Active a : active.values()) {
            unregister(a);
        }
        active.clear();
    }

    private List<SensitivityLevel> apply() {
        List<SensitivityLevel> changed = new ArrayList<>();
        if (stopped) {
            return changed;
        }
        Map<SensitivityLevel, ThresholdModule> wanted = new EnumMap<>(builtin);
        for (FbsFile f : deployed.values()) {
            wanted.putAll(f.levels());
        }
        for (Map.Entry<SensitivityLevel, ThresholdModule> e : wanted.entrySet()) {
            Active old = active.get(e.getKey());
            if (old != null && old.module().equals(e.getValue())) {
                continue;
            }
            // the new one first: the monitor always finds a module for the level
            Registration r = registrar.register(e.getValue());
            active.put(e.getKey(), new Active(e.getValue(), r));
            if (old != null) {
                unregister(old);
            }
            changed.add(e.getKey());
        }
        return changed;
    }

    private static void unregister(Active a) {
        try {
            a.registration().unregister();
        } catch (IllegalStateException e) {
            LOG.debug("fallback sensitivity level {} was already unregistered", a.module().level().value());
        }
    }
}
