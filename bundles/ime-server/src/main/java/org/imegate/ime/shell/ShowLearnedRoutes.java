package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.ime.ImeText;

/** The learned routes with their expiry (IME-51); tickets are shortened. */
@Service
@Command(scope = "ime", name = "show-learned-routes", description = "Shows the learned routes handed to the call agents")
public class ShowLearnedRoutes implements Action {
    @Reference
    ImeServer ime;

    @Override
    public Object execute() {
        System.out.print(ImeText.routes(ime.learnedRoutes()));
        return null;
    }
}
