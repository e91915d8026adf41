package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.sip.inspect.UcImeService;

/**
 * {@code show uc-ime fallback-notification statistics} in the seed's format (S1 L863-872): per call-agent
 * address, the fallback REFERs sent. Blank when none was sent.
 */
@Service
@Command(scope = "uc-ime", name = "show-fallback-notification",
        description = "Shows the PSTN fallback notifications (REFERs) sent to each call agent")
public class ShowFallbackNotification implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "statistics", required = true, description = "statistics")
    @Completion(value = StringsCompleter.class, values = {"statistics"})
    String what;

    @Override
    public Object execute() {
        if (!"statistics".equals(what)) {
            throw Validate.fail("argument", what, "must be statistics");
        }
        System.out.print(service.fallbackNotifications().show());
        return null;
    }
}
