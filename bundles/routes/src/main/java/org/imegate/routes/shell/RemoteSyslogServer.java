package org.imegate.routes.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.routes.AlertNotifications;

/** {@code set alarm remotesyslogserver}: alerts also go to this syslog receiver (RFC 5424 over UDP or TCP). */
@Service
@Command(scope = "alert", name = "remote-syslog-server",
        description = "Adds or deletes a remote syslog server: remote-syslog-server add|delete udp|tcp <host> [<port>, 514]")
public class RemoteSyslogServer implements Action {

    @Reference
    AlertNotifications notifications;

    @Argument(index = 0, name = "action", required = true, description = "add or delete")
    @Completion(value = StringsCompleter.class, values = {"add", "delete"})
    String action;

    @Argument(index = 1, name = "transport", required = true, description = "udp or tcp")
    @Completion(value = StringsCompleter.class, values = {"udp", "tcp"})
    String transport;

    @Argument(index = 2, name = "host", required = true, description = "IP address or host name")
    String host;

    @Argument(index = 3, name = "port", required = false, description = "port, 514 by default")
    String port;

    @Override
    public Object execute() {
        int p = port == null ? 514 : Validate.parseInt("port", port, 1, 65535);
        switch (action) {
            case "add" -> notifications.addReceiver(transport, host, p);
            case "delete" -> notifications.removeReceiver(transport, host, p);
            default -> throw Validate.fail("action", action, "must be add or delete");
        }
        System.out.print(notifications.showNotifications());
        return null;
    }
}
