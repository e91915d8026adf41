package org.imegate.api.ime;

import java.time.Duration;

/**
 * One call agent connection, as {@code show ime vapstatus summary} shows it.
 *
 * @param vapServer        the VAP server instance it connected to
 * @param clientAddress    the call agent's IP address
 * @param clientHandle     the Client-Handle, 0 before it registered
 * @param registered       whether it registered
 * @param clientName       its Client-Name, "" before it registered
 * @param packetsSent      VAP messages sent to it
 * @param packetsReceived  VAP messages received from it
 * @param missedKeepalives keepalive intervals that passed without a message
 * @param upTime           time since the connection opened
 */
public record VapClientStatus(String vapServer, String clientAddress, long clientHandle, boolean registered,
        String clientName, long packetsSent, long packetsReceived, int missedKeepalives, Duration upTime) {
}
