package org.imegate.api.ticket;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Issues and verifies IME tickets under the configured ticket epoch and password (catalogue TKT-10..19).
 * A ticket is the JWS compact serialization (RFC 7515, HS256) of the claims {@code iss}, {@code sub},
 * {@code did}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, with the protected header
 * {@code {"alg":"HS256","typ":"uc-ime-ticket","kid":"<epoch>"}}; its MAC key is HKDF-SHA-256 of the
 * password (salt {@code "UC-IME-TICKET"}, info = the epoch octet). Only the configured epoch and
 * password verify: a ticket of another epoch is an epoch mismatch.
 */
public interface TicketService {

    /** The SIP header that carries the ticket. */
    String HEADER = "X-Cisco-UC-IME-Ticket";

    /** Validity of an issued ticket from its issue time (TKT-05). */
    Duration VALIDITY = Duration.ofDays(365);

    /** Clock skew tolerated on every ticket time (UND-24). */
    Duration SKEW = Duration.ofSeconds(300);

    /**
     * Issues a ticket for {@code request}, valid {@link #VALIDITY} from its issue time.
     *
     * @return the header value (JWS compact serialization)
     * @throws org.imegate.api.validation.ValidationException when no epoch and password are configured
     */
    String issue(TicketRequest request);

    /** Verifies a presented ticket; counts the verification and, on a refusal, exactly one failure cause. */
    TicketVerdict verify(TicketCheck check);

    /**
     * {@code uc-ime ticket epoch <epoch> password <password>}: validates (epoch 1-255; password 10-64
     * characters in 0x21-0x73), persists the password sealed, and makes them the only ones in force.
     * The caller's array is neither kept nor altered.
     *
     * @throws org.imegate.api.validation.ValidationException on a bad epoch or password (the message never
     *         contains the password)
     */
    void configure(int epoch, char[] password);

    /** The configured epoch, empty when not configured. */
    OptionalInt epoch();

    /** Whether an epoch and password are configured. */
    boolean configured();
}
