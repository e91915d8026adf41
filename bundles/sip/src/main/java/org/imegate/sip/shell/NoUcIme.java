package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.sip.inspect.UcImeService;

/** {@code no uc-ime <name>}; refused while applied to SIP inspection. */
@Service
@Command(scope = "uc-ime", name = "no-uc-ime", description = "Removes the UC-IME proxy (not while applied to SIP inspection)")
public class NoUcIme implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "name", required = true)
    @Completion(Completers.UcImeNames.class)
    String name;

    @Override
    public Object execute() {
        service.remove(name);
        System.out.println("uc-ime " + name + " removed");
        return null;
    }
}
