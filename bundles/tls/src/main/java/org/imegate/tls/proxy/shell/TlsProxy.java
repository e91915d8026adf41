package org.imegate.tls.proxy.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.tlsproxy.TlsProxyConfig;
import org.imegate.api.validation.SeedWords;
import org.imegate.tls.proxy.TlsProxyService;

/**
 * {@code tls-proxy <name>} with the sub-commands of its {@code config-tlsp} mode on one line:
 * {@code tls-proxy local_to_remote-ent client trust-point local-ent client cipher-suite aes128-sha1 aes256-sha1}.
 */
@Service
@Command(scope = "tls-proxy", name = "tls-proxy",
        description = "Creates or changes a TLS proxy instance: tls-proxy <name> [server trust-point <tp>]"
                + " [client trust-point <tp>] [client cipher-suite <suite> ...]")
public class TlsProxy implements Action {

    @Reference
    TlsProxyService proxies;

    @Argument(index = 0, name = "name", required = true, description = "instance name, 1-64 of A-Z a-z 0-9 _ . -")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Argument(index = 1, name = "settings", required = false, multiValued = true,
            description = "server trust-point <tp> | client trust-point <tp> | client cipher-suite <suite> ... (last)")
    @Completion(Completers.ProxySubcommands.class)
    List<String> words;

    @Override
    public Object execute() {
        ProxyWords w = ProxyWords.parse(words);
        TlsProxyConfig c = proxies.define(name, w.serverTrustpoint(), w.clientTrustpoint(), w.clientCipherSuites());
        System.out.print(ProxyText.config(List.of(c), List.of(), proxies.licence(), false));
        return null;
    }
}
