package org.imegate.fallback.shell;

import java.util.List;
import org.imegate.api.fallback.Thresholds;
import org.imegate.fallback.ModuleRow;

/** The text of {@code fallback:show-sensitivity}: one line per level, the limits under their {@code .fbs} keys. */
final class SensitivityTable {

    private SensitivityTable() {
    }

    static String format(List<ModuleRow> rows, String lastRefusal) {
        int name = "Name".length();
        int source = "Source".length();
        int module = "Module".length();
        for (ModuleRow r : rows) {
            name = Math.max(name, r.name().length());
            source = Math.max(source, r.source().length());
            module = Math.max(module, r.module().length());
        }
        String format = "%-5s  %-" + name + "s  %-" + source + "s  %-" + module + "s  %14s  %10s  %8s  %14s  %18s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(format, "Level", "Name", "Source", "Module", "maxRblrPctX100", "maxIteIn8s",
                "maxBlsMs", "maxMovAvgPdvUs", "maxConcealedSecPct"));
        for (ModuleRow r : rows) {
            Thresholds t = r.thresholds();
            out.append(String.format(format, r.level(), r.name(), r.source(), r.module(), limit(t.maxRblrPctX100()),
                    limit(t.maxIteIn8s()), limit(t.maxBlsMs()), limit(t.maxMovAvgPdvUs()),
                    limit(t.maxConcealedSecPct())));
        }
        if (!lastRefusal.isEmpty()) {
            out.append("Last refused file: ").append(lastRefusal).append('\n');
        }
        return out.toString();
    }

    /** "-" for no limit. */
    private static String limit(int value) {
        return value == Integer.MAX_VALUE ? "-" : Integer.toString(value);
    }
}
