package org.imegate.alerts.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.alerts.AlertEngineComponent;
import org.imegate.alerts.jmx.AlertEngineMBeanImpl;

/** The sampled history of one counter; without arguments, the counters sampled. */
@Service
@Command(scope = "alert", name = "show-counter-history",
        description = "Shows a counter's samples: show-counter-history <mbean> <attribute>, e.g. "
                + "org.imegate:type=sip,name=uc-ime InUse; without arguments the counters sampled")
public class ShowCounterHistory implements Action {

    @Reference
    AlertEngineComponent alerts;

    @Argument(index = 0, name = "mbean", required = false, description = "MBean name, e.g. org.imegate:type=ime,name=server")
    String mbean;

    @Argument(index = 1, name = "attribute", required = false, description = "counter, e.g. ValidationsPending")
    String attribute;

    @Override
    public Object execute() {
        if (mbean == null) {
            alerts.history().keys().forEach(System.out::println);
        } else {
            System.out.print(AlertEngineMBeanImpl.historyText(alerts.history(), mbean, attribute));
        }
        return null;
    }
}
