package org.imegate.tls.proxy.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code tls-proxy maximum-sessions <n>}; {@code tls-proxy maximum-sessions ?} shows the allowed range. */
@Service
@Command(scope = "tls-proxy", name = "maximum-sessions",
        description = "Sets the TLS proxy session limit (at most what the licence allows); '?' shows the allowed range")
public class MaximumSessions implements Action {

    @Reference
    TlsProxyService proxies;

    @Argument(index = 0, name = "sessions", required = false,
            description = "number of sessions, or ? (or nothing) to show the range the licence and platform allow")
    String sessions;

    @Override
    public Object execute() {
        if (sessions == null || "?".equals(sessions.trim())) {
            System.out.println(proxies.maximumSessionsHelp());
            return null;
        }
        proxies.maximumSessions(sessions);
        return null;
    }
}
