package org.imegate.ime.shell;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.DidOwner;
import org.imegate.api.ime.ImeServer;
import org.imegate.ime.vap.ServiceIdentity;

/** {@code utils ime fetch did <+E.164 number>} (IME-21): whether the number is published and by whom. */
@Service
@Command(scope = "ime", name = "fetch-did", description = "Shows whether a +E.164 number is published in the distributed cache and which node owns it")
public class FetchDid implements Action {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Reference
    ImeServer ime;

    @Argument(index = 0, name = "number", required = true, description = "the +E.164 number")
    String number;

    @Override
    public Object execute() {
        List<DidOwner> owners = ime.fetchDid(number);
        if (owners.isEmpty()) {
            System.out.println(number + " is not published in the IME distributed cache");
            return null;
        }
        System.out.println(number + " is published by " + owners.size() + " node(s)");
        for (DidOwner o : owners) {
            System.out.println("Peer ID = " + o.peerId() + ", VServiceId = " + ServiceIdentity.hex(o.vserviceId())
                    + ", Validator = " + o.validatorAddress() + ", Expires = " + DATE.format(o.expires()));
        }
        return null;
    }
}
