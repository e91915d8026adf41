package org.imegate.api.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;

/**
 * What a ticket grants: {@code callingDomain} may call {@code dids} at {@code issuerDomain}, for
 * {@link TicketService#VALIDITY} from {@code issuedAt}.
 *
 * @param issuerDomain  the issuing (terminating) enterprise's domain, claim {@code iss}
 * @param callingDomain the authorised calling enterprise's domain, claim {@code sub}
 * @param dids          the permitted numbers, +E.164 (one or more: an alias group), claim {@code did}
 * @param issuedAt      issue time, claims {@code iat} and {@code nbf} (whole seconds)
 */
public record TicketRequest(String issuerDomain, String callingDomain, List<String> dids, Instant issuedAt) {

    /** A +E.164 number: '+', a non-zero digit, then 1 to 14 digits. */
    public static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    public TicketRequest {
        Validate.name("issuer-domain", issuerDomain, 253, DOMAIN, "a DNS domain name (letters, digits, '-', '.')");
        Validate.name("calling-domain", callingDomain, 253, DOMAIN, "a DNS domain name (letters, digits, '-', '.')");
        Objects.requireNonNull(dids, "dids");
        if (dids.isEmpty()) {
            throw Validate.fail("did", "''", "at least one +E.164 number is required");
        }
        for (String did : dids) {
            if (did == null || !E164.matcher(did).matches()) {
                throw Validate.fail("did", did, "is not a +E.164 number (+, then 2 to 15 digits, the first not 0)");
            }
        }
        dids = List.copyOf(dids);
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
