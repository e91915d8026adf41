package org.imegate.api.sip;

import java.util.List;
import java.util.Map;

/**
 * What the admission gate sees of an initial inbound INVITE.
 *
 * @param callId        Call-ID
 * @param requestUri    Request-URI as received
 * @param fromUri       From URI
 * @param contactUri    Contact URI, or empty
 * @param recordRoutes  Record-Route URIs, top first
 * @param callingDomain the TLS peer certificate's domain (SAN dNSName, else CN): the calling enterprise
 * @param headers       every header, lower-case name to values in order (e.g. {@code x-cisco-uc-ime-ticket})
 */
public record InboundInvite(String callId, String requestUri, String fromUri, String contactUri,
        List<String> recordRoutes, String callingDomain, Map<String, List<String>> headers) {
    public InboundInvite {
        recordRoutes = List.copyOf(recordRoutes);
        headers = Map.copyOf(headers);
    }
}
