package org.imegate.media.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.media.MediaAdmin;
import org.imegate.media.TerminationConfigs;

/** {@code no address <ip>} in the configuration mode of an instance: removes a global or per-interface address. */
@Service
@Command(scope = "media-termination", name = "no-address",
        description = "Removes an address from a media-termination instance: no-address <name> <ip>")
public class NoAddress implements Action {

    @Reference
    MediaAdmin media;

    @Argument(index = 0, name = "name", required = true, description = "instance name")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Argument(index = 1, name = "address", required = true, description = "the address to remove")
    @Completion(Completers.InstanceAddresses.class)
    String address;

    @Override
    public Object execute() {
        System.out.print(TerminationConfigs.runningConfig(media.removeAddress(name, address)));
        return null;
    }
}
