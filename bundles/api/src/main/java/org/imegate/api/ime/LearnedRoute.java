package org.imegate.api.ime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A learned route (IME-51) with its ticket, as handed to the call agent in a Notify.
 *
 * @param number     the validated +E.164 number
 * @param domain     the terminating enterprise's domain
 * @param sipUris    where to send the INVITE
 * @param ticket     the ticket for the {@code X-Cisco-UC-IME-Ticket} header
 * @param vserviceId the local VService whose VCR led to it
 * @param peer       the terminating IME server (peer ID, hex)
 * @param learnedOn  when it was learned
 * @param expiresOn  learnedOn + 1 year
 */
public record LearnedRoute(String number, String domain, List<String> sipUris, String ticket, long vserviceId,
        String peer, Instant learnedOn, Instant expiresOn) {

    public LearnedRoute {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(domain, "domain");
        sipUris = List.copyOf(sipUris);
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(learnedOn, "learnedOn");
        Objects.requireNonNull(expiresOn, "expiresOn");
    }
}
