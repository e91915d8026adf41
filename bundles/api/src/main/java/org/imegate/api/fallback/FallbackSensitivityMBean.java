package org.imegate.api.fallback;

import javax.management.openmbean.TabularData;

/**
 * {@code org.imegate:type=fallback,name=sensitivity}: the sensitivity modules in force, as
 * {@code fallback:show-sensitivity} prints them.
 */
public interface FallbackSensitivityMBean {

    /**
     * One row per level 0-5 (key {@code Level}): {@code Level}, {@code Name}, {@code Source}, {@code Module},
     * {@code MaxRblrPctX100}, {@code MaxIteIn8s}, {@code MaxBlsMs}, {@code MaxMovAvgPdvUs},
     * {@code MaxConcealedSecPct} (-1 where no limit applies). A level without a module is absent.
     */
    TabularData getLevels();

    /** The last refused {@code .fbs} file and why ({@code <file>: <error>}), or "" if none was refused. */
    String getLastRefusal();
}
