package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.ime.ImeText;

/** The validator's rules and local trust. */
@Service
@Command(scope = "ime", name = "show-validator", description = "Shows the validator's rules, blocked domains and excluded numbers")
public class ShowValidator implements Action {
    @Reference
    ImeServer ime;

    @Override
    public Object execute() {
        System.out.print(ImeText.validator(ime.validatorSettings(), ime.blockedDomains(), ime.excludedNumbers()));
        return null;
    }
}
