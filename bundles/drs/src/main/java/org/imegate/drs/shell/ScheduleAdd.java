package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.drs.MasterAgent;

/**
 * {@code utils disaster_recovery schedule add <schedulename> <devicename> <featurelist> <datetime> <frequency>};
 * the new schedule is disabled until {@code schedule-enable}.
 */
@Service
@Command(scope = "drs", name = "schedule-add", description = "Adds a backup schedule: schedule-add <schedulename>"
        + " <devicename> IME <yyyy/mm/dd-hh:mm> <once|daily|weekly|monthly>")
public class ScheduleAdd implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "schedulename", required = true)
    String name;

    @Argument(index = 1, name = "devicename", required = true)
    @Completion(Completers.DeviceNames.class)
    String device;

    @Argument(index = 2, name = "featurelist", required = true, description = "IME")
    @Completion(Completers.Features.class)
    String features;

    @Argument(index = 3, name = "datetime", required = true, description = "yyyy/mm/dd-hh:mm, 24-hour clock")
    String dateTime;

    @Argument(index = 4, name = "frequency", required = true, description = "once, daily, weekly or monthly")
    @Completion(Completers.Frequencies.class)
    String frequency;

    @Override
    public Object execute() {
        ma.addSchedule(name, device, features, dateTime, frequency);
        System.out.println("Schedule " + name + " added (disabled); enable it with drs:schedule-enable " + name);
        return null;
    }
}
