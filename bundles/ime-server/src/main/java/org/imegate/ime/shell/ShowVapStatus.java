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

/** {@code show ime vapstatus summary} (S2 L3879-3887). */
@Service
@Command(scope = "ime", name = "show-vapstatus", description = "Shows the call agents connected over VAP: show-vapstatus summary")
public class ShowVapStatus implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "summary", required = false, description = "summary")
    @Completion(Completers.Summary.class)
    String word = "summary";

    @Override
    public Object execute() {
        if (!"summary".equals(word)) {
            throw Validate.fail("show-vapstatus", word, "must be summary");
        }
        System.out.print(ImeText.vapStatus(ime.clients()));
        return null;
    }
}
