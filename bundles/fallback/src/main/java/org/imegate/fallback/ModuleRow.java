package org.imegate.fallback;

import org.imegate.api.fallback.Thresholds;

/**
 * One level as {@code fallback:show-sensitivity} and the MBean show it: the module in force.
 *
 * @param level      0-5
 * @param name       the level's name
 * @param source     {@code builtin} or the file name
 * @param module     the file's {@code module} (service property {@code fallback.module}), "" if none
 * @param thresholds the limits
 */
public record ModuleRow(int level, String name, String source, String module, Thresholds thresholds) {
}
