package org.imegate.tls.proxy.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.tls.proxy.TlsProxyService;

/** {@code ssl encryption <suite> ...}: the cipher suites of every TLS proxy session without its own list. */
@Service
@Command(scope = "tls-proxy", name = "ssl-encryption",
        description = "Sets the cipher suites of the TLS proxy (des-sha1 and null-sha1 are refused, RFC 5469)")
public class SslEncryption implements Action {

    @Reference
    TlsProxyService proxies;

    @Argument(index = 0, name = "suites", required = true, multiValued = true,
            description = "aes128-sha1 aes256-sha1 3des-sha1 ecdhe-aes128-gcm-sha256 ecdhe-aes256-gcm-sha384"
                    + " ecdhe-chacha20-poly1305 aes128-gcm-sha256 aes256-gcm-sha384 chacha20-poly1305")
    @Completion(Completers.CipherNames.class)
    List<String> suites;

    @Override
    public Object execute() {
        proxies.sslEncryption(suites);
        return null;
    }
}
