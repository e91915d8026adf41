package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery device list}: device name, device type and device path of each device. */
@Service
@Command(scope = "drs", name = "show-devices", description = "Lists the backup devices (utils disaster_recovery device list)")
public class ShowDevices implements Action {

    @Reference
    MasterAgent ma;

    @Override
    public Object execute() {
        System.out.print(DrsTexts.devices(ma));
        return null;
    }
}
