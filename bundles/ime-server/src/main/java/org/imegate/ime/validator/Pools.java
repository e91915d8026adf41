package org.imegate.ime.validator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.store.PoolState;

/**
 * The pool and bucket rules of catalogue IME-44..48 and UND-07, as pure functions of a pool's state.
 * A success of value v (8 or 12) goes into the number's bucket if there is one, else into the default
 * bucket, with its result; when the bucket's value exceeds the threshold its results are passed on and
 * it is emptied (a number bucket is deleted: the number leaves the penalty box). A failure empties every
 * bucket of the pool and creates the number's bucket.
 */
public final class Pools {

    /** A pool after an event and the routes it passes on (empty when none). */
    public record Outcome(PoolState pool, List<LearnedRoute> emitted) {
    }

    private Pools() {
    }

    public static Outcome success(PoolState pool, String number, int value, LearnedRoute result, int threshold) {
        Map<String, Integer> buckets = new LinkedHashMap<>(pool.buckets());
        Map<String, List<LearnedRoute>> held = new LinkedHashMap<>();
        pool.held().forEach((k, v) -> held.put(k, new ArrayList<>(v)));
        String bucket = buckets.containsKey(number) ? number : PoolState.DEFAULT_BUCKET;
        int total = buckets.getOrDefault(bucket, 0) + value;
        List<LearnedRoute> results = held.computeIfAbsent(bucket, k -> new ArrayList<>());
        results.removeIf(r -> r.number().equals(number));
        results.add(result);
        List<LearnedRoute> emitted = List.of();
        if (total > threshold) {
            emitted = List.copyOf(results);
            held.remove(bucket);
            if (bucket.equals(PoolState.DEFAULT_BUCKET)) {
                buckets.put(bucket, 0);
            } else {
                buckets.remove(bucket);
            }
        } else {
            buckets.put(bucket, total);
        }
        buckets.putIfAbsent(PoolState.DEFAULT_BUCKET, 0);
        return new Outcome(new PoolState(pool.peer(), buckets, held), emitted);
    }

    public static Outcome failure(PoolState pool, String number) {
        Map<String, Integer> buckets = new LinkedHashMap<>();
        pool.buckets().keySet().forEach(k -> buckets.put(k, 0));
        buckets.put(PoolState.DEFAULT_BUCKET, 0);
        buckets.put(number, 0);
        return new Outcome(new PoolState(pool.peer(), buckets, Map.of()), List.of());
    }
}
