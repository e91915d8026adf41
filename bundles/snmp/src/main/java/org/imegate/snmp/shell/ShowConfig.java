package org.imegate.snmp.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.validation.Validate;
import org.imegate.snmp.SnmpService;

/** The lists of {@code utils snmp config ... list} and the agent's state and counters, secrets masked. */
@Service
@Command(scope = "snmp", name = "show-config", description = "Shows the SNMP agent: [agent|user|trap|inform|community|notify|mib2|statistics]")
public class ShowConfig implements Action {

    @Reference
    SnmpService snmp;

    @Argument(index = 0, name = "part", required = false,
            description = "agent, user, trap, inform, community, notify, mib2 or statistics; all when absent")
    @Completion(Completers.Parts.class)
    String part;

    @Override
    public Object execute() {
        if (part != null && !Completers.PARTS.contains(part)) {
            throw Validate.fail("part", part, "must be one of " + String.join(", ", Completers.PARTS));
        }
        System.out.print(snmp.showConfig(part));
        return null;
    }
}
