package org.imegate.alerts.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.alerts.AlertEngine;
import org.imegate.alerts.AlertEngineComponent;
import org.imegate.alerts.RulesText;
import org.imegate.api.validation.Validate;

/**
 * Changes an alert's configuration, with the words of the seed's alert settings:
 * {@code alert:alert ValidationsPendingExceeded threshold 100 clear-threshold 80 frequency up-to 1 within 60
 * duration immediately email enable}, {@code alert:alert BannedFromNetwork disable}, {@code ... default}.
 */
@Service
@Command(scope = "alert", name = "alert", description = "Changes an alert: alert <name> [enable|disable] "
        + "[severity <emergency..debug>] [threshold <n> [clear-threshold <n>]] [duration <seconds>|immediately] "
        + "[frequency every-poll | frequency up-to <N> within <M>] [email enable|disable] [default]")
public class AlertCommand implements Action {

    @Reference
    AlertEngineComponent alerts;

    @Argument(index = 0, name = "name", required = true, description = "the alert, e.g. ValidationsPendingExceeded")
    @Completion(Completers.AlertNames.class)
    String name;

    @Argument(index = 1, name = "settings", required = true, multiValued = true,
            description = "enable | disable | severity <s> | threshold <n> [clear-threshold <n>] | duration <s> | "
                    + "frequency every-poll | frequency up-to <N> within <M> | email enable|disable | default")
    @Completion(Completers.AlertWords.class)
    List<String> words;

    @Override
    public Object execute() {
        AlertEngine e = alerts.engine();
        e.rule(name);
        int i = 0;
        while (i < words.size()) {
            String k = words.get(i);
            switch (k) {
                case "enable" -> {
                    e.setEnabled(name, true);
                    i++;
                }
                case "disable" -> {
                    e.setEnabled(name, false);
                    i++;
                }
                case "default" -> {
                    e.restoreDefault(name);
                    i++;
                }
                case "severity" -> {
                    e.setSeverity(name, value(i + 1, k));
                    i += 2;
                }
                case "threshold" -> {
                    long t = Validate.parseInt("threshold", value(i + 1, k), -1_000_000_000, 1_000_000_000);
                    long clear = t;
                    i += 2;
                    if (i < words.size() && words.get(i).equals("clear-threshold")) {
                        clear = Validate.parseInt("clear-threshold", value(i + 1, "clear-threshold"),
                                -1_000_000_000, 1_000_000_000);
                        i += 2;
                    } else if (e.rule(name).counter() != null) {
                        var c = e.rule(name).counter();
                        clear = c.clearThreshold() == c.threshold() ? t : Math.min(clear, c.clearThreshold());
                    }
                    e.setThreshold(name, t, clear);
                }
                case "duration" -> {
                    String v = value(i + 1, k);
                    e.setDuration(name, v.equals("immediately") ? 0 : Validate.parseInt("duration", v, 0, 86_400));
                    i += 2;
                }
                case "frequency" -> {
                    String v = value(i + 1, k);
                    if (v.equals("every-poll")) {
                        e.setFrequency(name, "every poll");
                        i += 2;
                    } else if (v.equals("up-to")) {
                        int n = Validate.parseInt("frequency alerts", value(i + 2, "up-to"), 1, 1000);
                        if (!value(i + 3, "within").equals("within")) {
                            throw Validate.fail(words.get(i + 3), "", "found where 'within' was expected");
                        }
                        int m = Validate.parseInt("frequency minutes", value(i + 4, "within"), 1, 525_600);
                        e.setFrequency(name, "up to " + n + " alerts within " + m + " minutes");
                        i += 5;
                    } else {
                        throw Validate.fail("frequency", v, "must be every-poll or up-to <N> within <M>");
                    }
                }
                case "email" -> {
                    String v = value(i + 1, k);
                    if (!v.equals("enable") && !v.equals("disable")) {
                        throw Validate.fail("email", v, "must be enable or disable");
                    }
                    e.setEmail(name, v.equals("enable"));
                    i += 2;
                }
                default -> throw Validate.fail(k, "", "is not an alert setting (enable, disable, severity, threshold, "
                        + "duration, frequency, email, default)");
            }
        }
        String table = RulesText.rules(e);
        System.out.print(table.lines().limit(1).findFirst().orElse("") + "\n");
        table.lines().filter(l -> l.startsWith(name + " ")).forEach(System.out::println);
        return null;
    }

    private String value(int i, String what) {
        if (i >= words.size()) {
            throw Validate.fail(what, "", "needs a value");
        }
        return words.get(i);
    }
}
