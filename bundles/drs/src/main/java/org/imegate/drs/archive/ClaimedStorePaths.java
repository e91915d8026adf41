package org.imegate.drs.archive;

import java.util.Set;

/**
 * What the built-in {@code appliance-store} component asks of the writer or reader it is given: the paths of the
 * appliance store that other components back up and restore themselves.
 */
public interface ClaimedStorePaths {

    /** Store paths claimed by the other components ({@code /}-separated, relative to the store root). */
    Set<String> claimedStorePaths();

    /** Whether {@code relative} (a path under the store root) is claimed, itself or through a parent directory. */
    static boolean claimed(Set<String> claims, String relative) {
        for (String c : claims) {
            if (relative.equals(c) || relative.startsWith(c + "/")) {
                return true;
            }
        }
        return false;
    }
}
