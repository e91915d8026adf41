package org.imegate.alerts;

import java.util.Locale;
import java.util.Map;

/** The texts of {@code alert:show-alerts} and {@code alert:show-active}. */
public final class RulesText {
    private RulesText() {
    }

    public static String rules(AlertEngine engine) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-40s %-8s %-13s %-10s %-16s %-9s %-40s %-6s %-8s %s%n", "Alert", "Enabled",
                "Severity", "Threshold", "Clear threshold", "Duration", "Frequency", "Email", "State",
                "Raised/Suppressed/Cleared"));
        for (AlertRule r : engine.rules()) {
            long[] c = engine.counts(r.name());
            b.append(String.format("%-40s %-8s %-13s %-10s %-16s %-9s %-40s %-6s %-8s %d/%d/%d%n", r.name(),
                    r.enabled() ? "yes" : "no", r.severity().name().toLowerCase(Locale.ROOT),
                    r.counter() == null ? "-" : Long.toString(r.counter().threshold()),
                    r.counter() == null ? "-" : Long.toString(r.counter().clearThreshold()),
                    r.durationSeconds() == 0 ? "immediate" : r.durationSeconds() + " s", r.frequency(),
                    r.email() ? "yes" : "no", c[3] == 1 ? "RAISED" : "clear", c[0], c[1], c[2]));
        }
        return b.toString();
    }

    public static String active(AlertEngine engine) {
        Map<String, String[]> a = engine.active();
        StringBuilder b = new StringBuilder(a.size() + " alerts raised\n");
        a.forEach((name, s) -> b.append(String.format("%-40s %-13s since %s  %s%n", name,
                s[0].toLowerCase(Locale.ROOT), s[1], s[2])));
        return b.toString();
    }
}
