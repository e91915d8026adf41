package org.imegate.ring.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.ring.RingControl;

/** {@code show ime bootstrap ip} (catalogue IME-71, I11): the bootstrap addresses, one a line. */
@Service
@Command(scope = "ime", name = "show-bootstrap", description = "Shows the bootstrap node addresses: show-bootstrap ip")
public class ShowBootstrap implements Action {
    @Reference
    RingControl ring;

    @Argument(index = 0, name = "ip", description = "ip", required = true)
    @Completion(value = StringsCompleter.class, values = {"ip"})
    String what;

    @Override
    public Object execute() {
        if (!"ip".equals(what)) {
            throw Validate.fail("what", what, "must be ip");
        }
        for (String a : ring.bootstrapAddresses()) {
            System.out.println(a);
        }
        if (ring.bootstrapNode()) {
            System.out.println("This server is a bootstrap server.");
        }
        return null;
    }
}
