package org.imegate.api.ime.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.ime.cache.CacheEntry;

/**
 * The IME server's durable state. Every method is atomic and durable on return: what it acknowledged
 * survives a crash of the appliance. Failures of the database are {@link IllegalStateException}s.
 */
public interface ImeStore {

    /** The database product and version, e.g. {@code H2 2.3.232}. */
    String backend();

    /** The version of the schema migrations applied. */
    String schemaVersion();

    /**
     * Stores a VCR and, when {@code validationDue} is given, schedules its validation in the same
     * transaction. Empty when the same VCR (direction, called, calling, start) is already stored.
     */
    Optional<StoredVcr> insertVcr(VoiceCallRecord vcr, Instant received, Optional<Instant> validationDue);

    /** Whether a VCR to {@code calledNumber} whose start is within {@code interval} of {@code start} was scheduled for validation. */
    boolean validationScheduledNear(String calledNumber, Instant start, Duration interval);

    long countVcrs(CallDirection direction);

    /** Terminating VCRs to {@code calledNumber} that started in {@code [from, to]}. */
    List<StoredVcr> terminatingVcrs(String calledNumber, Instant from, Instant to);

    /**
     * Terminating VCRs whose called number's key (hex of the least significant 128 bits of SHA-1 of the
     * +E.164 string) is {@code calledKey} and that started in {@code [from, to]}.
     */
    List<StoredVcr> terminatingVcrsByKey(String calledKey, Instant from, Instant to);

    /** Deletes VCRs of {@code direction} that stopped before {@code before}; returns how many. */
    int purgeVcrs(CallDirection direction, Instant before);

    /** Validations due at {@code now}, earliest first, at most {@code max}. */
    List<PendingValidation> dueValidations(Instant now, int max);

    /** Moves a validation to {@code due}, recording {@code attempts}. */
    void reschedule(long validationId, Instant due, int attempts);

    /** Removes a validation that was carried out (or given up). */
    void completeValidation(long validationId);

    long pendingValidations();

    /** The pool of {@code peer}; {@link PoolState#empty(String)} when it has none. */
    PoolState pool(String peer);

    /** Replaces the pool of its peer and, in the same transaction, stores {@code learned} routes (replacing older ones for the same number). */
    void savePool(PoolState pool, List<LearnedRoute> learned);

    /** Results held in all pools (ValidationsAwaitingConfirmation). */
    long heldResults();

    List<LearnedRoute> learnedRoutes();

    /** Deletes routes expired at {@code now}; returns how many. */
    int purgeRoutes(Instant now);

    /** Stores (replaces) a cache dictionary entry. */
    void cachePut(byte[] resourceId, String key, byte[] value, Instant expires);

    /** The unexpired cache entries of {@code resourceId}. */
    List<CacheEntry> cacheGet(byte[] resourceId, Instant now);

    /** Deletes expired cache entries; returns how many. */
    int cachePurge(Instant now);

    /** Bytes of unexpired cache values. */
    long cacheBytes();

    /** A persistent setting of the IME server (e.g. its peer ID), empty when never set. */
    Optional<String> setting(String key);

    void setSetting(String key, String value);

    /**
     * Writes a consistent snapshot of every table (one transaction) in the store's own portable text
     * format, headed by the schema version; for the Disaster Recovery System.
     */
    void exportTo(java.io.OutputStream out) throws java.io.IOException;

    /**
     * Checks a snapshot written by {@link #exportTo}: well formed and of this schema version. Changes nothing.
     *
     * @throws java.io.IOException naming what is wrong
     */
    void checkExport(java.io.InputStream in) throws java.io.IOException;

    /** Replaces the content of every table with a snapshot written by {@link #exportTo}, in one transaction. */
    void importFrom(java.io.InputStream in) throws java.io.IOException;
}
