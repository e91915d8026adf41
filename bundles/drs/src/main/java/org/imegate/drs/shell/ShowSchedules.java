package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery schedule list}: device and status of each schedule, with its next run. */
@Service
@Command(scope = "drs", name = "show-schedules",
        description = "Lists the backup schedules (utils disaster_recovery schedule list)")
public class ShowSchedules implements Action {

    @Reference
    MasterAgent ma;

    @Override
    public Object execute() {
        System.out.print(DrsTexts.schedules(ma));
        return null;
    }
}
