package org.imegate.drs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.alert.AlertState;
import org.imegate.api.drs.DrsAlarm;
import org.slf4j.Logger;

/**
 * Raises the DRS alarms as alerts (module {@value DrsAlarm#MODULE}) and writes each to the agent's trace file.
 * An alarm of a job stays raised until the next job of the same kind succeeds, which clears it.
 */
public final class Alarms {
    private final AlertPoster poster;
    private final Logger trace;
    private final Set<DrsAlarm> raised = ConcurrentHashMap.newKeySet();

    public Alarms(AlertPoster poster, Logger trace) {
        this.poster = poster;
        this.trace = trace;
    }

    public void raise(DrsAlarm alarm, String message, Map<String, String> details) {
        raised.add(alarm);
        trace.warn("alarm {} raised: {} {}", alarm.name(), message, details);
        poster.accept(new Alert(alarm.name(), alarm.severity(), AlertState.RAISED, DrsAlarm.MODULE, message, details,
                null));
    }

    public void raise(DrsAlarm alarm, String message) {
        raise(alarm, message, Map.of());
    }

    /** Clears those of {@code alarms} that this agent raised. */
    public void clear(String message, DrsAlarm... alarms) {
        for (DrsAlarm alarm : alarms) {
            if (raised.remove(alarm)) {
                trace.info("alarm {} cleared: {}", alarm.name(), message);
                poster.accept(new Alert(alarm.name(), alarm.severity(), AlertState.CLEARED, DrsAlarm.MODULE, message,
                        Map.of(), null));
            }
        }
    }

    public AlertPoster poster() {
        return poster;
    }
}
