package org.imegate.fallback;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.imegate.api.fallback.SensitivityLevel;

/**
 * A valid {@code .fbs} file (UND-04).
 *
 * @param fileName the file name
 * @param module   its {@code module}
 * @param levels   the levels it defines, each with its module
 */
public record FbsFile(String fileName, String module, Map<SensitivityLevel, ThresholdModule> levels) {

    public FbsFile {
        levels = Collections.unmodifiableMap(new EnumMap<>(levels));
    }

    /** The levels defined, e.g. {@code 3, 4}. */
    public String levelList() {
        return levels.keySet().stream().map(l -> Integer.toString(l.value())).collect(Collectors.joining(", "));
    }
}
