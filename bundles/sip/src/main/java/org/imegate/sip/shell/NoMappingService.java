package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.sip.inspect.UcImeService;

/** {@code no mapping-service} inside {@code uc-ime <name>}; refused while applied to SIP inspection. */
@Service
@Command(scope = "uc-ime", name = "no-mapping-service",
        description = "Removes the off-path mapping service from the UC-IME proxy (not while applied to SIP inspection)")
public class NoMappingService implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "name", required = true, description = "uc-ime proxy name")
    @Completion(Completers.UcImeNames.class)
    String name;

    @Override
    public Object execute() {
        service.define(name, c -> c.withoutMappingService());
        System.out.println("mapping-service removed from uc-ime " + name);
        return null;
    }
}
