package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;

/** {@code set ime addressing publicipaddrv4 <external ip addr>} (IME-85). */
@Service
@Command(scope = "ime", name = "set-addressing", description = "Sets the public IPv4 address peers reach the validator at: set-addressing publicipaddrv4 <address>")
public class SetAddressing implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "keyword", required = true, description = "publicipaddrv4")
    String keyword;

    @Argument(index = 1, name = "address", required = true, description = "the external IPv4 address")
    String address;

    @Override
    public Object execute() {
        if (!"publicipaddrv4".equals(keyword)) {
            throw Validate.fail("set-addressing", keyword, "must be publicipaddrv4");
        }
        System.out.print(ShowAddressing.text(ime.setPublicAddress(address)));
        return null;
    }
}
