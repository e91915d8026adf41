package org.imegate.rtpmonitor;

import java.util.HashMap;
import java.util.Map;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.SensitivityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FallbackSensitivity} services bound now and, per level, the one in force: the highest
 * {@code service.ranking}, then the lowest {@code service.id}, as OSGi ranks services. Binding and unbinding
 * happen on any thread; {@link #current} is one volatile read, for the monitor's ticks.
 */
final class SensitivityModules {
    private static final Logger LOG = LoggerFactory.getLogger(SensitivityModules.class);

    private record Entry(FallbackSensitivity module, SensitivityLevel level, int ranking, long id) {
        boolean outranks(Entry other) {
            return ranking != other.ranking ? ranking > other.ranking : id < other.id;
        }
    }

    private final Map<Long, Entry> entries = new HashMap<>();
    private volatile FallbackSensitivity[] current = new FallbackSensitivity[SensitivityLevel.MAX + 1];
    /** Levels for which a missing module was already reported; guarded by this. */
    private final boolean[] missingReported = new boolean[SensitivityLevel.MAX + 1];

    /** The module in force for {@code level}, or null if there is none. */
    FallbackSensitivity current(SensitivityLevel level) {
        FallbackSensitivity m = current[level.value()];
        if (m == null) {
            reportMissing(level);
        }
        return m;
    }

    synchronized void add(FallbackSensitivity module, Map<String, ?> properties) {
        long id = id(properties);
        SensitivityLevel level;
        try {
            level = module.level();
        } catch (RuntimeException e) {
            LOG.error("fallback sensitivity service {} ignored: level() failed", id, e);
            return;
        }
        if (level == null) {
            LOG.error("fallback sensitivity service {} ignored: it has no level", id);
            return;
        }
        entries.put(id, new Entry(module, level, ranking(properties), id));
        recompute();
    }

    synchronized void update(FallbackSensitivity module, Map<String, ?> properties) {
        entries.remove(id(properties));
        add(module, properties);
    }

    synchronized void remove(FallbackSensitivity module, Map<String, ?> properties) {
        if (entries.remove(id(properties)) == null) {
            entries.values().removeIf(e -> e.module() == module);
        }
        recompute();
    }

    private void recompute() {
        Entry[] best = new Entry[SensitivityLevel.MAX + 1];
        for (Entry e : entries.values()) {
            int l = e.level().value();
            if (best[l] == null || e.outranks(best[l])) {
                best[l] = e;
            }
        }
        FallbackSensitivity[] next = new FallbackSensitivity[best.length];
        FallbackSensitivity[] previous = current;
        for (int l = 0; l < best.length; l++) {
            next[l] = best[l] == null ? null : best[l].module();
            if (next[l] != previous[l]) {
                if (next[l] != null) {
                    missingReported[l] = false;
                    LOG.info("fallback sensitivity level {} ({}) now decided by {} from {}", l, safeName(next[l]),
                            next[l].getClass().getName(), safeSource(next[l]));
                } else {
                    // a call that needs the level reports it (reportMissing); at shutdown this is expected
                    LOG.info("no fallback sensitivity module for level {} any more", l);
                }
            }
        }
        current = next;
    }

    private synchronized void reportMissing(SensitivityLevel level) {
        if (!missingReported[level.value()] && current[level.value()] == null) {
            missingReported[level.value()] = true;
            LOG.warn("no fallback sensitivity module for level {} ({}): calls at that level are monitored but never"
                    + " fall back until one is registered (feature imegate-fallback)", level.value(),
                    level.displayName());
        }
    }

    private static String safeName(FallbackSensitivity m) {
        try {
            return m.name();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String safeSource(FallbackSensitivity m) {
        try {
            return m.source();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static long id(Map<String, ?> properties) {
        Object id = properties.get("service.id");
        return id instanceof Number n ? n.longValue() : -1L;
    }

    private static int ranking(Map<String, ?> properties) {
        Object r = properties.get("service.ranking");
        return r instanceof Integer i ? i : 0;
    }
}
