package org.imegate.sip.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.sip.inspect.UcImeService;
import org.imegate.sip.proxy.SessionView;

/** {@code show uc-ime signaling-sessions [statistics]} in the seed's format (S1 L760-803). */
@Service
@Command(scope = "uc-ime", name = "show-signaling-sessions",
        description = "Shows the SIP signaling sessions of the UC-IME proxy, or their statistics")
public class ShowSignalingSessions implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "statistics", required = false)
    @Completion(value = StringsCompleter.class, values = {"statistics"})
    String what;

    @Override
    public Object execute() {
        if (what != null && !what.equals("statistics")) {
            throw Validate.fail("argument", what, "must be statistics or nothing");
        }
        if (what != null) {
            System.out.print(service.statistics().show());
            return null;
        }
        System.out.print(show(service));
        return null;
    }

    static String show(UcImeService service) {
        List<SessionView> sessions = service.sessions();
        StringBuilder b = new StringBuilder();
        b.append(sessions.size()).append(" in use, ").append(service.statistics().mostUsed()).append(" most used\n");
        for (SessionView s : sessions) {
            b.append(s.show());
        }
        return b.toString();
    }
}
