package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/**
 * {@code utils disaster_recovery restore local|network <restore_server> <tarfilename> <device_name>}: the backup
 * is checked end to end (version, security password, integrity) before anything is overwritten; then restart.
 */
@Service
@Command(scope = "drs", name = "restore", description = "Restores the appliance from a backup: restore"
        + " <local|network> <restore_server> <tarfilename> <device_name>")
public class Restore implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "type", required = true, description = "local (restore directory or local device)"
            + " or network")
    @Completion(Completers.Types.class)
    String type;

    @Argument(index = 1, name = "restore_server", required = true, description = "host name of this appliance")
    @Completion(Completers.Server.class)
    String server;

    @Argument(index = 2, name = "tarfilename", required = true,
            description = "backup file name without extension, e.g. 2008-01-21-18-25-03")
    String tar;

    @Argument(index = 3, name = "device_name", required = true)
    @Completion(Completers.DeviceNames.class)
    String device;

    @Override
    public Object execute() {
        ma.startRestore(type, server, tar, device);
        System.out.println("Restore initiated: the backup is checked in full before any data is overwritten. Run"
                + " 'drs:show-status restore' to see its status, then restart the appliance.");
        return null;
    }
}
