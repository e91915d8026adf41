package org.imegate.api.ime.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imegate.api.ime.LearnedRoute;

/**
 * The validation pool of one peer (IME-44..48): its default bucket, its number-specific buckets (the
 * penalty box) and the results each bucket holds until it goes over the threshold.
 *
 * @param peer    the peer (IME server peer ID, hex)
 * @param buckets bucket value by bucket name: {@link #DEFAULT_BUCKET} or a +E.164 number
 * @param held    results held by bucket name, in arrival order
 */
public record PoolState(String peer, Map<String, Integer> buckets, Map<String, List<LearnedRoute>> held) {

    /** Name of the default bucket. */
    public static final String DEFAULT_BUCKET = "default";

    public PoolState {
        Objects.requireNonNull(peer, "peer");
        buckets = Map.copyOf(buckets);
        held = Map.copyOf(held);
    }

    /** An empty pool: a default bucket at 0. */
    public static PoolState empty(String peer) {
        return new PoolState(peer, Map.of(DEFAULT_BUCKET, 0), Map.of());
    }

    /** Results held in all buckets. */
    public int heldCount() {
        return held.values().stream().mapToInt(List::size).sum();
    }
}
