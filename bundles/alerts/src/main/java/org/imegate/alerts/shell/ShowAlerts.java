package org.imegate.alerts.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.alerts.AlertEngineComponent;
import org.imegate.alerts.RulesText;

/** The alert rules (catalogue §9.4 default configuration, as changed) with their counts; {@code --active}: raised now. */
@Service
@Command(scope = "alert", name = "show-alerts", description = "Shows the alerts: enabled, severity, threshold, "
        + "duration, frequency, e-mail, state and counts; --active: the alerts raised now")
public class ShowAlerts implements Action {

    @Reference
    AlertEngineComponent alerts;

    @Option(name = "--active", description = "only the alerts raised now")
    boolean active;

    @Override
    public Object execute() {
        System.out.print(active ? RulesText.active(alerts.engine()) : RulesText.rules(alerts.engine()));
        return null;
    }
}
