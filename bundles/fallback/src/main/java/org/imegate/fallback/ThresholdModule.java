package org.imegate.fallback;

import java.util.Dictionary;
import java.util.Hashtable;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.fallback.Thresholds;

/**
 * A sensitivity module that compares the evaluation window with the limits of one level of a {@code .fbs}
 * file. Immutable; two equal modules are interchangeable, so re-applying a file that did not change a level
 * leaves that level's service alone.
 *
 * @param level      the level served
 * @param name       the level's name in the file
 * @param source     {@value FallbackSensitivity#BUILTIN} or the file name
 * @param module     the file's {@code module}
 * @param thresholds the limits
 */
public record ThresholdModule(SensitivityLevel level, String name, String source, String module,
        Thresholds thresholds) implements FallbackSensitivity {

    /** The Disable level: never evaluated, never degraded. */
    static ThresholdModule disable(String module) {
        return new ThresholdModule(SensitivityLevel.DISABLE, SensitivityLevel.DISABLE.displayName(),
                FallbackSensitivity.BUILTIN, module, Thresholds.NONE);
    }

    /** The service properties it is registered with. */
    Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(FallbackSensitivity.LEVEL, level.value());
        p.put(FallbackSensitivity.NAME, name);
        p.put(FallbackSensitivity.SOURCE, source);
        p.put(FallbackSensitivity.MODULE, module);
        p.put("service.description", "fallback sensitivity level " + level.value() + " (" + name + ") from " + source);
        return p;
    }
}
