package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery schedule enable <schedulename>}, one schedule at a time. */
@Service
@Command(scope = "drs", name = "schedule-enable", description = "Enables a backup schedule: the next backup runs at its time")
public class ScheduleEnable implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "schedulename", required = true)
    @Completion(Completers.ScheduleNames.class)
    String name;

    @Override
    public Object execute() {
        ma.enableSchedule(name);
        System.out.println("Schedule " + name + " enabled.");
        return null;
    }
}
