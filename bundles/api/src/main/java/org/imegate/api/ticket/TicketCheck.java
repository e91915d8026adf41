package org.imegate.api.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A ticket presented with an initial inbound INVITE, and what it is checked against.
 *
 * @param ticketHeader   the {@code X-Cisco-UC-IME-Ticket} value, or null when the header is missing
 * @param requestUriUser the Request-URI user part (the called number, visual separators allowed)
 * @param callingDomain  the calling enterprise's domain (the TLS peer certificate's domain)
 * @param routeHosts     the hosts of the From, Contact and Record-Route URIs (IP literals are not checked)
 * @param now            the time of the check
 */
public record TicketCheck(String ticketHeader, String requestUriUser, String callingDomain,
        List<String> routeHosts, Instant now) {

    public TicketCheck {
        requestUriUser = requestUriUser == null ? "" : requestUriUser;
        callingDomain = callingDomain == null ? "" : callingDomain;
        routeHosts = routeHosts == null ? List.of() : List.copyOf(routeHosts);
        Objects.requireNonNull(now, "now");
    }
}
