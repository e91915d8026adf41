package org.imegate.ime.shell;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.validation.Validate;

/**
 * Generates a random ticket password and puts it in force with the epoch (TKT-17, UND-02); it is
 * printed once, to be entered on the peer proxy, and raises TicketPasswordChanged.
 */
@Service
@Command(scope = "ime", name = "generate-ticketpassword",
        description = "Generates and applies a random 32-character ticket password: generate-ticketpassword <epoch 1-255>")
public class GenerateTicketPassword implements Action {
    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "epoch", required = true, description = "ticket epoch 1-255 (increment it)")
    String epoch;

    @Override
    public Object execute() {
        char[] pw = ime.generateTicketPassword(Validate.parseInt("epoch", epoch, 1, 255));
        try {
            System.out.println("ticket epoch " + epoch + " password " + new String(pw));
            System.out.println("(shown once; enter the same epoch and password with uc-ime ticket on the proxy)");
        } finally {
            Arrays.fill(pw, '\0');
        }
        return null;
    }
}
