package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.sip.inspect.UcImeService;

/** {@code no ucm address <ip>} inside {@code uc-ime <name>}. */
@Service
@Command(scope = "uc-ime", name = "no-ucm-address", description = "Removes a call-agent node from the UC-IME proxy")
public class NoUcmAddress implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "name", required = true)
    @Completion(Completers.UcImeNames.class)
    String name;

    @Argument(index = 1, name = "address", required = true)
    String address;

    @Override
    public Object execute() {
        service.define(name, c -> c.withoutUcm(address));
        System.out.println("ucm address " + address + " removed from uc-ime " + name);
        return null;
    }
}
