package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery cancel_backup yes}: the backup stops after the current component. */
@Service
@Command(scope = "drs", name = "cancel-backup",
        description = "Cancels the running backup after its current component: cancel-backup yes")
public class CancelBackup implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "yes", required = true, description = "yes, to confirm")
    @Completion(Completers.Yes.class)
    String yes;

    @Override
    public Object execute() {
        if (!"yes".equals(yes)) {
            throw Validate.fail("cancel_backup", yes, "must be confirmed with yes");
        }
        ma.cancelBackup();
        System.out.println("The backup is being cancelled: it stops after the current component completes.");
        return null;
    }
}
