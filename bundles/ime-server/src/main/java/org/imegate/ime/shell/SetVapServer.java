package org.imegate.ime.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.VapServerSetting;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/** {@code set ime vapserver <setting> <vapservername> <value>} (IME-13). */
@Service
@Command(scope = "ime", name = "set-vapserver", description = "Changes a VAP server instance: set-vapserver"
        + " authenticationmode|enabled|keepaliveinterval|maxconnectionsallowed|port|trustpoint <name> <value>")
public class SetVapServer implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "setting", required = true, description = "the option to change")
    @Completion(Completers.VapSetting.class)
    String setting;

    @Argument(index = 1, name = "vapservername", required = true, description = "the instance")
    @Completion(Completers.VapServers.class)
    String name;

    @Argument(index = 2, name = "value", required = true, description = "the new value")
    String value;

    @Override
    public Object execute() {
        VapServerSetting s = Validate.oneOf("setting", setting, VapServerSetting.class);
        System.out.print(ImeText.vapServers(List.of(ime.setVapServer(name, s, value))));
        return null;
    }
}
