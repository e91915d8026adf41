package org.imegate.tls.proxy.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** The licence lines of {@code show version}: IME licence, export class and session limits. */
@Service
@Command(scope = "tls-proxy", name = "show-licence", description = "Shows the licence and the TLS proxy session limits")
public class ShowLicence implements Action {

    @Reference
    TlsProxyService proxies;

    @Override
    public Object execute() {
        System.out.print(ProxyText.licence(proxies.licence()));
        return null;
    }
}
