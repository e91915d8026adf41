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
import org.imegate.sip.mapping.MappingSession;

/** {@code show uc-ime mapping-service-sessions [statistics]} in the seed's format (S1 L874-901). */
@Service
@Command(scope = "uc-ime", name = "show-mapping-service-sessions",
        description = "Shows the call agents connected to the off-path mapping service, or their statistics")
public class ShowMappingServiceSessions implements Action {

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
        System.out.print(what == null ? sessions(service.mappingSessions()) : statistics(service.mappingSessions()));
        return null;
    }

    /** {@code show uc-ime mapping-service-sessions}. */
    public static String sessions(List<MappingSession> sessions) {
        StringBuilder b = new StringBuilder();
        b.append("Total active sessions: ").append(sessions.size()).append('\n');
        b.append(String.format("%-28s%s\n", "Session client (IP:Port)", "Idle time"));
        for (MappingSession s : sessions) {
            b.append(String.format("%-28s%s\n", client(s), MappingSession.hms(s.idle())));
        }
        return b.toString();
    }

    /** {@code show uc-ime mapping-service-sessions statistics}. */
    public static String statistics(List<MappingSession> sessions) {
        StringBuilder b = new StringBuilder();
        b.append("Total active sessions: ").append(sessions.size()).append('\n');
        String row = "%-19s%-10s%-12s%-11s%-12s%s\n";
        b.append(String.format(row, "Session client", "Total", "Responses", "Failed", "Pending", "Idle"));
        b.append(String.format(row, "(IP:Port)", "requests", "sent", "requests", "responses", "time"));
        for (MappingSession s : sessions) {
            b.append(String.format(row, client(s), s.totalRequests(), s.responsesSent(), s.failedRequests(),
                    s.pendingResponses(), MappingSession.hms(s.idle())));
        }
        return b.toString();
    }

    private static String client(MappingSession s) {
        return s.client().getAddress().getHostAddress() + ":" + s.client().getPort();
    }
}
