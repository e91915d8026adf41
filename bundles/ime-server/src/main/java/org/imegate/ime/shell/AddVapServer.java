package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/** {@code add ime vapserver}: name, port and authentication mode (IME-10, IME-11). */
@Service
@Command(scope = "ime", name = "add-vapserver",
        description = "Adds a VAP server instance for a call-agent cluster: add-vapserver <name> <port> encrypted|authenticated")
public class AddVapServer implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "vapservername", required = true, description = "unique instance name")
    String name;

    @Argument(index = 1, name = "port", required = true, description = "TCP port, 1-65535 (CUCM default 5620)")
    String port;

    @Argument(index = 2, name = "authenticationmode", required = true, description = "encrypted (TLS) or authenticated (TCP)")
    @Completion(Completers.Mode.class)
    String mode;

    @Override
    public Object execute() {
        int p = Validate.parseInt("port", port, 1, 65535);
        VapAuthMode m = Validate.oneOf("authenticationmode", mode, VapAuthMode.class);
        System.out.print(ImeText.vapServers(java.util.List.of(ime.addVapServer(name, p, m))));
        return null;
    }
}
