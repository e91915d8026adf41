package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;
import org.imegate.ime.ImeText;

/** {@code show ime vservice details} (S2 L3921-3928). */
@Service
@Command(scope = "ime", name = "show-vservice", description = "Shows the VServices the call agents published: show-vservice details")
public class ShowVService implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "details", required = false, description = "details")
    @Completion(Completers.Details.class)
    String word = "details";

    @Override
    public Object execute() {
        if (!"details".equals(word)) {
            throw Validate.fail("show-vservice", word, "must be details");
        }
        System.out.print(ImeText.vservices(ime.vservices()));
        return null;
    }
}
