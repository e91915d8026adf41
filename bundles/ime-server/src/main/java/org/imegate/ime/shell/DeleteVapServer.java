package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;

/** Removes a VAP server instance, closing its call agents' connections. */
@Service
@Command(scope = "ime", name = "delete-vapserver", description = "Removes a VAP server instance: delete-vapserver <name>")
public class DeleteVapServer implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "vapservername", required = true, description = "the instance")
    @Completion(Completers.VapServers.class)
    String name;

    @Override
    public Object execute() {
        ime.removeVapServer(name);
        return null;
    }
}
