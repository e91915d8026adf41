package org.imegate.routes.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.routes.AlertNotifications;

/** Where alerts are delivered and how that went. */
@Service
@Command(scope = "alert", name = "show-notifications", description = "Shows the alert receivers (SNMP, syslog, "
        + "e-mail) and the delivered, failed and dropped counts")
public class ShowNotifications implements Action {

    @Reference
    AlertNotifications notifications;

    @Override
    public Object execute() {
        System.out.print(notifications.showNotifications());
        return null;
    }
}
