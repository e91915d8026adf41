package org.imegate.ime.vap;

import java.util.Optional;
import org.imegate.api.ime.VcrIntake;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.imegate.ime.ImeCounters;

/** What a VAP server needs from the IME server around it. */
public interface VapContext {

    /** The configured VAP application user: its name and MESSAGE-INTEGRITY key. */
    record Credentials(String username, byte[] key) {
    }

    /** The credentials call agents must use, empty while none are configured. */
    Optional<Credentials> credentials();

    VapRegistry registry();

    ImeCounters counters();

    VcrIntake intake();

    /** Stores {@code number} (+E.164) of {@code vserviceId} into the ring (three Resource-IDs). */
    void publishNumber(long vserviceId, String number) throws CacheUnavailableException;

    /** The per-DHT limit of the Quota attribute. */
    long quotaLimit();

    /** The DHTLifetime attribute, seconds. */
    long dhtLifetimeSeconds();

    /** A request failed authentication (431 or 436): raise InvalidCredentials. */
    void invalidCredentials(String vapServer, String clientAddress, String username, int code);
}
