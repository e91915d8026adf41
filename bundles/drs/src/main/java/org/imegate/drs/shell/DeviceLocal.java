package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.DrsRules;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery device local <device_name> <number_of_backups>}. */
@Service
@Command(scope = "drs", name = "device-local",
        description = "Creates a local backup device: device-local <device_name> <number_of_backups>")
public class DeviceLocal implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "device_name", required = true,
            description = "letters, digits, spaces, '-' and '_' (quote a name with spaces)")
    String name;

    @Argument(index = 1, name = "number_of_backups", required = true, description = "backups kept, 1-14")
    String backups;

    @Override
    public Object execute() {
        var d = ma.addLocalDevice(name, DrsRules.numberOfBackups(backups));
        System.out.println("Local backup device " + d.name() + " created (" + d.numberOfBackups()
                + " backups kept).");
        return null;
    }
}
