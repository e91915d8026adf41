package org.imegate.tls.proxy.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code show running-config tls-proxy [name]}: the instances, the cipher list and the session limit. */
@Service
@Command(scope = "tls-proxy", name = "show-tls-proxy", description = "Shows the TLS proxy configuration")
public class ShowTlsProxy implements Action {

    @Reference
    TlsProxyService proxies;

    @Argument(index = 0, name = "name", required = false, description = "one instance")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Override
    public Object execute() {
        if (name != null) {
            System.out.print(ProxyText.config(List.of(proxies.instance(name)
                    .orElseThrow(() -> Validate.unknown("tls-proxy", name))), List.of(), proxies.licence(), false));
        } else {
            System.out.print(ProxyText.config(proxies.instances(), proxies.sslEncryption(), proxies.licence(), true));
        }
        return null;
    }
}
