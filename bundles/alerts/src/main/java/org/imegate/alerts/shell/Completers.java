package org.imegate.alerts.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.alerts.AlertEngineComponent;
import org.imegate.alerts.AlertRule;

/** Completers of the alert scope. */
final class Completers {
    private Completers() {
    }

    @Service
    public static class AlertNames implements Completer {
        @Reference
        AlertEngineComponent alerts;

        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            return new StringsCompleter(alerts.engine().rules().stream().map(AlertRule::name).toList())
                    .complete(s, l, c);
        }
    }

    @Service
    public static class AlertWords implements Completer {
        @Override
        public int complete(Session s, CommandLine l, List<String> c) {
            int i = l.getCursorArgumentIndex();
            String previous = i > 0 ? l.getArguments()[i - 1] : "";
            List<String> values = switch (previous) {
                case "severity" -> List.of("emergency", "alert", "critical", "error", "warning", "notice",
                        "informational", "debug");
                case "frequency" -> List.of("every-poll", "up-to");
                case "email" -> List.of("enable", "disable");
                case "duration" -> List.of("immediately");
                default -> List.of("enable", "disable", "severity", "threshold", "clear-threshold", "duration",
                        "frequency", "within", "email", "default");
            };
            return new StringsCompleter(values).complete(s, l, c);
        }
    }
}
