package org.imegate.drs.archive;

import java.util.regex.Pattern;

/** The rule for entry paths of components: relative, '/'-separated, plain segments, no traversal. */
public final class EntryPaths {
    public static final int MAX_LENGTH = 255;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._ -]+");

    private EntryPaths() {
    }

    /** Whether {@code path} follows the rule. */
    public static boolean valid(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH || path.startsWith("/")
                || path.endsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} tries to climb out of its directory or to be absolute. */
    public static boolean traversal(String name) {
        if (name == null) {
            return false;
        }
        String n = name.replace('\\', '/');
        return n.startsWith("/") || n.equals("..") || n.startsWith("../") || n.endsWith("/..")
                || n.contains("/../") || n.indexOf('\0') >= 0;
    }
}
