package org.imegate.api.snmp;

import java.util.List;
import org.imegate.api.alert.Alert;

/**
 * Sends an alert as an IMEGATE-MIB notification to one configured notification destination: a v3 trap or
 * inform ({@code utils snmp config trap 3 / inform 3}) or a v1/v2c trap or v2c inform (UND-14). Destinations are
 * sent to one at a time so that one that is down delays nobody else.
 */
public interface SnmpNotifier {

    /**
     * The configured destinations, each as an id such as {@code trap3/127.0.0.1/162} or
     * {@code inform3/127.0.0.1/162}; ids stay valid until the destination is deleted.
     */
    List<String> destinations();

    /**
     * Sends {@code alert} to {@code destination}. A trap returns once sent; an inform returns when acknowledged,
     * after the destination's own retries.
     *
     * @throws IllegalStateException    if the destination did not acknowledge the inform, or sending failed
     * @throws IllegalArgumentException if there is no such destination (any more)
     */
    void send(String destination, Alert alert);
}
