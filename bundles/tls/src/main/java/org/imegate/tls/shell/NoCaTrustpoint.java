package org.imegate.tls.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.pki.PkiService;

/** {@code no crypto ca trustpoint <name>}: removes a trustpoint and its certificates (not its key pair). */
@Service
@Command(scope = "crypto", name = "no-ca-trustpoint", description = "Removes a trustpoint and its certificates; the key pair stays")
public class NoCaTrustpoint implements Action {

    @Reference
    PkiService pki;

    @Argument(index = 0, name = "trustpoint", required = true)
    @Completion(Completers.TrustpointNames.class)
    String name;

    @Override
    public Object execute() {
        pki.removeTrustpoint(name);
        System.out.println("Trustpoint " + name + " removed");
        return null;
    }
}
