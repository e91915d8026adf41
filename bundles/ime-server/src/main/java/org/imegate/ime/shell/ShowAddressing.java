package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.Addressing;
import org.imegate.api.ime.ImeServer;

/** {@code show ime addressing} (S2 L1849-1855). */
@Service
@Command(scope = "ime", name = "show-addressing", description = "Shows the public and private addresses, DHT and validator ports")
public class ShowAddressing implements Action {
    @Reference
    ImeServer ime;

    @Override
    public Object execute() {
        System.out.print(text(ime.addressing()));
        return null;
    }

    static String text(Addressing a) {
        return "=====================================\n"
                + "Public IP Address = " + a.publicAddress() + "\n"
                + "Private IP Address = " + a.privateAddress() + "\n"
                + "DHT Port = " + a.dhtPort() + "\n"
                + "Validator Port = " + a.validatorPort() + "\n"
                + "=====================================\n";
    }
}
