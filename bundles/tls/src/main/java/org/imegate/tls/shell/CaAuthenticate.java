package org.imegate.tls.shell;

import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.PkiService;

/** {@code crypto ca authenticate <trustpoint>}: installs a CA (or a peer's self-signed) certificate. */
@Service
@Command(scope = "crypto", name = "ca-authenticate", description = "Installs a CA certificate in a trustpoint (pasted, or from --file)")
public class CaAuthenticate implements Action {

    @Reference
    PkiService pki;

    @Reference
    Session session;

    @Argument(index = 0, name = "trustpoint", required = true)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Option(name = "--file", description = "read the PEM certificate from this file instead of the terminal")
    String file;

    @Override
    public Object execute() throws Exception {
        String pem = file != null ? new String(Terminal.readFile(file), StandardCharsets.US_ASCII)
                : Terminal.readBlock(session, System.out, "Enter the base 64 encoded CA certificate.");
        CertificateInfo c = pki.authenticate(name, pem);
        System.out.println("INFO: Certificate has the following attributes:");
        System.out.println("Fingerprint (SHA-256): " + c.sha256Fingerprint());
        System.out.println("Subject: " + c.subject());
        System.out.println("Trustpoint CA certificate accepted.");
        return null;
    }
}
