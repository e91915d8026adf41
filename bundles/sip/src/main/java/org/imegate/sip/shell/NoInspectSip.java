package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.sip.config.InspectConfig.Direction;
import org.imegate.sip.inspect.UcImeService;

/** {@code no inspect sip} (ASA: {@code no service-policy}): removes SIP inspection for a class. */
@Service
@Command(scope = "uc-ime", name = "no-inspect-sip", description = "Removes SIP inspection for the inbound or outbound class")
public class NoInspectSip implements Action {

    @Reference
    UcImeService service;

    @Argument(index = 0, name = "class", required = true)
    @Completion(Completers.Directions.class)
    String direction;

    @Override
    public Object execute() {
        Direction d = Validate.oneOf("class", direction, Direction.class);
        service.removeInspection(d);
        System.out.println("SIP inspection " + d.name().toLowerCase() + " removed");
        return null;
    }
}
