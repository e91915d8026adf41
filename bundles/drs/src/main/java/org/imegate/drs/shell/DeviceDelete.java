package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery device delete <device_name>}; refused while a schedule uses the device. */
@Service
@Command(scope = "drs", name = "device-delete", description = "Deletes a backup device that no schedule uses")
public class DeviceDelete implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "device_name", required = true)
    @Completion(Completers.DeviceNames.class)
    String name;

    @Override
    public Object execute() {
        ma.deleteDevice(name);
        System.out.println("Backup device " + name + " deleted.");
        return null;
    }
}
