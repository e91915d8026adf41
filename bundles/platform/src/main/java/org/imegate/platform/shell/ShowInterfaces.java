package org.imegate.platform.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.interfaces.NamedInterface;
import org.imegate.api.interfaces.NamedInterfaces;

/** {@code show nameif}: the appliance's named interfaces and their addresses. */
@Service
@Command(scope = "interfaces", name = "show-nameif", description = "Shows the named interfaces and their addresses")
public class ShowInterfaces implements Action {

    @Reference
    NamedInterfaces interfaces;

    @Override
    public Object execute() {
        StringBuilder out = new StringBuilder(String.format("%-20s %s%n", "Interface", "IP-Address"));
        for (NamedInterface i : interfaces.all()) {
            out.append(String.format("%-20s %s%n", i.name(), i.address().getHostAddress()));
        }
        System.out.print(out);
        return null;
    }
}
