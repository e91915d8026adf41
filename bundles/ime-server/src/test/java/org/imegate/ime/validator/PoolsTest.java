package org.imegate.ime.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.store.PoolState;
import org.junit.jupiter.api.Test;

/** The pool and bucket rules of IME-44..48 with the UND-07 threshold. */
class PoolsTest {
    static final int THRESHOLD = 23;

    static LearnedRoute route(String n) {
        return new LearnedRoute(n, "b.example", List.of("sip:t@b.example:5061"), "ticket-" + n, 1, "peer",
                Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
    }

    @Test
    void threeValidationsOfEightAgainstDifferentNumbersPassAllThreeRoutes() {
        PoolState p = PoolState.empty("peer");
        Pools.Outcome o = Pools.success(p, "+1", 8, route("+1"), THRESHOLD);
        assertTrue(o.emitted().isEmpty());
        o = Pools.success(o.pool(), "+2", 8, route("+2"), THRESHOLD);
        assertTrue(o.emitted().isEmpty());
        assertEquals(16, o.pool().buckets().get(PoolState.DEFAULT_BUCKET));
        assertEquals(2, o.pool().heldCount());
        o = Pools.success(o.pool(), "+3", 8, route("+3"), THRESHOLD);
        assertEquals(List.of(route("+1"), route("+2"), route("+3")), o.emitted(), "all the learned routes");
        assertEquals(0, o.pool().buckets().get(PoolState.DEFAULT_BUCKET), "the bucket is emptied");
        assertEquals(0, o.pool().heldCount());
    }

    @Test
    void twoOfTwelveAreEnoughAndTwentyThreeIsNotExceeded() {
        Pools.Outcome o = Pools.success(PoolState.empty("peer"), "+1", 12, route("+1"), THRESHOLD);
        Pools.Outcome atThreshold = Pools.success(o.pool(), "+2", 12, route("+2"), 24);
        assertTrue(atThreshold.emitted().isEmpty(), "24 does not exceed 24");
        assertEquals(2, atThreshold.pool().heldCount());
        assertEquals(2, Pools.success(o.pool(), "+2", 12, route("+2"), THRESHOLD).emitted().size());
    }

    @Test
    void aFailureEmptiesThePoolAndOpensAPenaltyBoxOnlyTheSameNumberLeaves() {
        Pools.Outcome o = Pools.success(PoolState.empty("peer"), "+1", 8, route("+1"), THRESHOLD);
        o = Pools.failure(o.pool(), "+9");
        assertEquals(Map.of(PoolState.DEFAULT_BUCKET, 0, "+9", 0), o.pool().buckets());
        assertEquals(0, o.pool().heldCount(), "held results are dropped");
        // other numbers still go to the default bucket; +9 needs its own consecutive validations
        o = Pools.success(o.pool(), "+9", 8, route("+9"), THRESHOLD);
        o = Pools.success(o.pool(), "+9", 8, route("+9"), THRESHOLD);
        assertEquals(16, o.pool().buckets().get("+9"));
        assertEquals(1, o.pool().held().get("+9").size(), "one result per number");
        o = Pools.success(o.pool(), "+9", 8, route("+9"), THRESHOLD);
        assertEquals(List.of(route("+9")), o.emitted());
        assertEquals(Map.of(PoolState.DEFAULT_BUCKET, 0), o.pool().buckets(), "the number leaves the penalty box");
    }
}
