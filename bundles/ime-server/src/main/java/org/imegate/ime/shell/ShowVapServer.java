package org.imegate.ime.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/** {@code show ime vapserver all | <vapservername>} (IME-12). */
@Service
@Command(scope = "ime", name = "show-vapserver", description = "Shows VAP server instances: show-vapserver all|<name>")
public class ShowVapServer implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "which", required = false, description = "all (default) or a VAP server name")
    @Completion(Completers.VapServers.class)
    String which = "all";

    @Override
    public Object execute() {
        if ("all".equals(which)) {
            System.out.print(ImeText.vapServers(ime.vapServers()));
        } else {
            System.out.print(ImeText.vapServers(List.of(ime.vapServer(which)
                    .orElseThrow(() -> Validate.unknown("vapservername", which)))));
        }
        return null;
    }
}
