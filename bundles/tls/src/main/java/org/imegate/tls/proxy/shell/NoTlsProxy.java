package org.imegate.tls.proxy.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code no tls-proxy <name>}: sessions already established go on until they close. */
@Service
@Command(scope = "tls-proxy", name = "no-tls-proxy", description = "Removes a TLS proxy instance")
public class NoTlsProxy implements Action {

    @Reference
    TlsProxyService proxies;

    @Argument(index = 0, name = "name", required = true, description = "instance name")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Override
    public Object execute() {
        proxies.remove(name);
        return null;
    }
}
