package org.imegate.tls.proxy.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code show tls-proxy session}: the admitted sessions and the handshake counters. */
@Service
@Command(scope = "tls-proxy", name = "show-session", description = "Shows the TLS proxy sessions and counters")
public class ShowSession implements Action {

    @Reference
    TlsProxyService proxies;

    @Override
    public Object execute() {
        System.out.print(ProxyText.sessions(proxies.sessions(), proxies.statistics(), proxies.failureReasons()));
        return null;
    }
}
