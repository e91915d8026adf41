package org.imegate.drs.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.imegate.drs.Device;
import org.imegate.drs.DrsRules;
import org.imegate.drs.MasterAgent;
import org.imegate.drs.Schedule;

/** The device and schedule lists as the shell prints them. */
final class DrsTexts {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu/MM/dd-HH:mm", Locale.ROOT);

    private DrsTexts() {
    }

    static String devices(MasterAgent ma) {
        StringBuilder b = new StringBuilder(String.format("%-24s %-8s %-7s %s%n", "Device Name", "Type", "Backups",
                "Device Path"));
        for (Device d : ma.devices()) {
            b.append(String.format("%-24s %-8s %-7d %s%n", d.name(), d.type().word(), d.numberOfBackups(),
                    ma.devicePath(d)));
        }
        if (ma.devices().isEmpty()) {
            b.append("No backup device is configured.\n");
        }
        return b.toString();
    }

    static String schedules(MasterAgent ma) {
        ZoneId zone = ma.zone();
        StringBuilder b = new StringBuilder(String.format("%-20s %-20s %-8s %-16s %-9s %-9s %-16s %s%n", "Schedule Name",
                "Device Name", "Features", "Start", "Frequency", "Status", "Next Run", "Last Result"));
        for (MasterAgent.ScheduleView v : ma.schedules()) {
            Schedule s = v.schedule();
            b.append(String.format("%-20s %-20s %-8s %-16s %-9s %-9s %-16s %s%n", s.name(), s.device(), s.features(),
                    DrsRules.dateTime(s.start()), s.frequency().word(), s.enabled() ? "enabled" : "disabled",
                    v.next().map(t -> WHEN.format(t.atZone(zone))).orElse("-"),
                    s.lastResult() == null ? "-" : s.lastResult()));
        }
        if (ma.schedules().isEmpty()) {
            b.append("No backup schedule is configured.\n");
        }
        return b.toString();
    }
}
