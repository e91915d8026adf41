package org.imegate.tls.proxy.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code no ssl encryption}: back to the defaults (TLS 1.3 and TLS 1.2 with ECDHE AEAD suites). */
@Service
@Command(scope = "tls-proxy", name = "no-ssl-encryption", description = "Restores the default cipher suites")
public class NoSslEncryption implements Action {

    @Reference
    TlsProxyService proxies;

    @Override
    public Object execute() {
        proxies.sslEncryption(List.of());
        return null;
    }
}
