package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery backup <type> <featurelist> <device_name>}: starts a manual backup. */
@Service
@Command(scope = "drs", name = "backup",
        description = "Starts a manual backup: backup <local|network> IME <device_name>")
public class Backup implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "type", required = true, description = "local or network")
    @Completion(Completers.Types.class)
    String type;

    @Argument(index = 1, name = "featurelist", required = true, description = "IME")
    @Completion(Completers.Features.class)
    String features;

    @Argument(index = 2, name = "device_name", required = true)
    @Completion(Completers.DeviceNames.class)
    String device;

    @Override
    public Object execute() {
        String tar = ma.startBackup(type, features, device);
        if ("local".equalsIgnoreCase(type)) {
            System.out.println("WARNING: local backup files older than one week are deleted automatically; copy"
                    + " them off the appliance (SFTP) to keep them longer.");
        }
        System.out.println("Backup initiated successfully: " + tar + ".tar.gz. Run 'drs:show-status backup' to see"
                + " its status.");
        return null;
    }
}
