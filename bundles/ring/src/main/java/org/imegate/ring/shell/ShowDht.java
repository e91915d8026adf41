package org.imegate.ring.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.ring.RingControl;
import org.imegate.ring.RingRuntime;
import org.imegate.ring.msg.Bodies.NodeInfo;

/**
 * {@code show ime dht summary} (S2 L1776-1783, catalogue §6.7) and {@code show ime dht neighbors}
 * (the routing table: predecessors and successors with their addresses).
 */
@Service
@Command(scope = "ime", name = "show-dht", description = "Shows the distributed cache ring: show-dht summary|neighbors")
public class ShowDht implements Action {
    @Reference
    RingControl ring;

    @Argument(index = 0, name = "what", description = "summary or neighbors", required = true)
    @Completion(value = StringsCompleter.class, values = {"summary", "neighbors"})
    String what;

    @Override
    public Object execute() {
        if (!"summary".equals(what) && !"neighbors".equals(what)) {
            throw Validate.fail("what", what, "must be summary or neighbors");
        }
        RingRuntime rt = ring.runtime().orElse(null);
        if (rt == null) {
            System.out.println("DHT Health....................... = RED");
            System.out.println("The distributed cache ring is not running (org.imegate.ring enabled = false).");
            return null;
        }
        if ("summary".equals(what)) {
            rt.summary().forEach(System.out::println);
            return null;
        }
        print("Predecessor", rt.node().predecessors());
        print("Successor", rt.node().successors());
        return null;
    }

    private static void print(String role, List<NodeInfo> nodes) {
        int i = 1;
        for (NodeInfo n : nodes) {
            System.out.println(role + " " + i++ + " = " + n.id().hex() + " " + n.address());
        }
    }
}
