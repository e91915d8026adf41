package org.imegate.drs.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.drs.JobStatus;
import org.imegate.drs.MasterAgent;

/** {@code utils disaster_recovery status backup|restore}. */
@Service
@Command(scope = "drs", name = "show-status", description = "Shows the status of the current or last backup or restore")
public class ShowStatus implements Action {

    @Reference
    MasterAgent ma;

    @Argument(index = 0, name = "operation", required = true, description = "backup or restore")
    @Completion(Completers.Operations.class)
    String operation;

    @Override
    public Object execute() {
        JobStatus.Operation op = Validate.oneOf("operation", operation, JobStatus.Operation.class);
        System.out.print(ma.statusText(op));
        return null;
    }
}
